// Bytes and text in hand before a contract is parsed: a file read within its size limit (a pipe as well as a file),
// decoded as UTF-8 with the line of the first bad byte, and an upload's byte order mark dropped.
import { type FileHandle, open } from 'node:fs/promises';
import { ContractError } from '../errors.js';
import { describeReadFailure } from './read-failure.js';
import { describeSizes } from './size.js';

/** Reads at most `maxBytes`: a regular file is sized before it is read, anything else is cut off at the limit. */
export async function readBounded(file: string, maxBytes: number, raiseLimit?: string): Promise<Uint8Array> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(file, 'r');
    const info = await handle.stat();
    if (info.isDirectory()) throw new ContractError('ERR_CONTRACT_UNREADABLE', file, 'is a folder, not a file');
    if (info.size > maxBytes) throw tooLarge(file, info.size, maxBytes, raiseLimit);
    return info.isFile() ? await handle.readFile() : await readStream(handle, file, maxBytes, raiseLimit);
  } catch (e) {
    if (e instanceof ContractError) throw e;
    throw new ContractError('ERR_CONTRACT_UNREADABLE', file, describeReadFailure(file, e));
  } finally {
    await handle?.close();
  }
}

/** A pipe or a device has no size (`<(git show main:openapi.yaml)`, or /dev/zero): read it up to the limit. */
async function readStream(handle: FileHandle, file: string, maxBytes: number, raiseLimit?: string): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(1 << 16), 0, 1 << 16, null);
    if (bytesRead === 0) return Buffer.concat(chunks, total);
    total += bytesRead;
    if (total > maxBytes) throw tooLarge(file, total, maxBytes, raiseLimit);
    chunks.push(buffer.subarray(0, bytesRead));
  }
}

export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
    if (utf16) throw new ContractError('ERR_CONTRACT_ENCODING', file, 'the file is UTF-16, not UTF-8: save it as UTF-8');
    throw new ContractError('ERR_CONTRACT_ENCODING', file, 'the file is not valid UTF-8', findInvalidByteLine(bytes));
  }
}

/** Where decoding fails, by bisection: a streaming decoder accepts any prefix that is valid so far. */
function findInvalidByteLine(bytes: Uint8Array): number {
  const decodes = (n: number) => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, n), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  let good = 0;
  let bad = bytes.length;
  while (bad - good > 1) {
    const mid = (good + bad) >>> 1;
    if (decodes(mid)) good = mid;
    else bad = mid;
  }
  let line = 1;
  for (let i = 0; i < good; i++) if (bytes[i] === 10) line++;
  return line;
}

/** Text handed over as a string (the registry's uploads) may still start with a byte order mark. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function tooLarge(file: string, size: number, max: number, raiseLimit = '--max-size raises it'): ContractError {
  const [actual, limit] = describeSizes(size, max);
  return new ContractError('ERR_CONTRACT_TOO_LARGE', file, `the document is ${actual}, over the limit of ${limit} (${raiseLimit})`);
}
