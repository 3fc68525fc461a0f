// Bytes to text, as every contract reader here takes it: UTF-8 only, a byte order mark dropped, JSON told from YAML
// by its first character.
import { ContractError } from '../errors.js';

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

export function detectFormat(text: string): 'yaml' | 'json' {
  return /^\s*[{[]/.test(text.slice(0, 256)) ? 'json' : 'yaml';
}
