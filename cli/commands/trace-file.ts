// Reading a trace export from disk for `overseer observe`: a file that holds no spans is an error, never "nobody calls".
// The Collector's file exporter writes one export per line, and such files reach hundreds of megabytes: they are read
// line by line and each export let go once counted, so memory follows the largest export, not the file.

import { createReadStream } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { type Readable, Transform } from 'node:stream';
import { promisify } from 'node:util';
import { createGunzip, gunzip } from 'node:zlib';
import { describeReadFailure, type ObservedSpan, readOtlpTraces } from '../../contracts/index.js';
import { CommandError } from '../io.js';

// A JavaScript string holds just under 512 MiB (2^29 - 24 characters): past that JSON.parse cannot even start, so a
// longer export is refused in words. Bytes are counted, never fewer than the characters they decode to.
const MAX_TRACE_FILE_BYTES = 511 * 1024 * 1024;

const gunzipBytes = promisify(gunzip);

interface TraceFile {
  spans: ObservedSpan[];
  malformed: number;
}

/** Given each export's spans in turn; they are not kept after it returns. */
type OnExport = (decoded: TraceFile) => void;

/** How far a file read line by line got: its text's bytes so far (decompressed), and the file's size unless compressed. */
type OnBytes = (read: number, total: number | undefined) => void;

/**
 * Reads an OTLP/JSON trace export: one ExportTraceServiceRequest, or one per line as the Collector's file exporter
 * writes them, optionally gzip-compressed. A file that is not OTLP, or holds no span at all, is an error.
 */
export async function readTraceFile(absolute: string, shown: string, onExport: OnExport, onBytes?: OnBytes): Promise<void> {
  const now = new Date().toISOString();
  let found = 0;
  const take = (body: unknown, where: string) => {
    const decoded = decodeExport(body, where, now);
    found += decoded.spans.length + decoded.malformed;
    onExport(decoded);
  };
  const lines = await readLines(absolute, shown, take, onBytes);
  if (lines === 'not-lines') {
    take(parseWhole(await readText(absolute, shown), shown), shown);
  } else if (lines === 0) {
    throw new CommandError('ERR_TRACES_EMPTY', `${shown} is empty: nothing can be said about who calls what`);
  }
  if (found === 0) {
    throw new CommandError('ERR_TRACES_EMPTY', `${shown} holds no spans: nothing can be said about who calls what (an empty export, or the wrong file?)`);
  }
}

function decodeExport(body: unknown, where: string, now: string): TraceFile {
  if (typeof body !== 'object' || body === null || Array.isArray(body) || !('resourceSpans' in body)) {
    throw new CommandError('ERR_TRACES_INVALID', `${where}: not an OTLP trace export: it has no "resourceSpans" (is this the right file?)`);
  }
  try {
    return readOtlpTraces(body, now);
  } catch (e) {
    throw new CommandError('ERR_TRACES_INVALID', `${where}: ${(e as Error).message}`);
  }
}

/**
 * Each non-blank line as an export, streamed; `not-lines` when the first is not JSON by itself (an export written over
 * several lines, read whole instead). A single line is named as the file, as a whole export is.
 */
async function readLines(
  absolute: string,
  shown: string,
  take: (body: unknown, where: string) => void,
  onBytes: OnBytes = () => {},
): Promise<number | 'not-lines'> {
  let first: { body: unknown; line: number } | undefined;
  let count = 0;
  try {
    const text = await openText(absolute);
    const input = boundLines(text.stream, shown, (read) => onBytes(read, text.size));
    let line = 0;
    for await (const text of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
      line++;
      if (text.trim() === '') continue;
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch (e) {
        input.destroy();
        if (count === 0) return 'not-lines';
        throw new CommandError('ERR_TRACES_UNREADABLE', `${shown}:${line}: cannot read it as JSON (${(e as Error).message})`);
      }
      count++;
      if (first) {
        take(first.body, `${shown}:${first.line}`);
        first = undefined;
      }
      if (count === 1) first = { body, line };
      else take(body, `${shown}:${line}`);
    }
  } catch (e) {
    if (e instanceof CommandError) throw e;
    throw unreadable(shown, e);
  }
  if (first) take(first.body, shown);
  return count;
}

/** The file's text as a stream, decompressed when it starts with gzip's magic number (an export archived compressed). */
async function openText(absolute: string): Promise<{ stream: Readable; size?: number }> {
  const handle = await open(absolute);
  const { size } = await handle.stat().catch(() => ({ size: undefined }));
  const { bytesRead, buffer } = await handle.read(Buffer.alloc(2), 0, 2, 0).finally(() => handle.close());
  const raw = createReadStream(absolute);
  if (bytesRead < 2 || buffer[0] !== 0x1f || buffer[1] !== 0x8b) return { stream: raw, size };
  const gunzipped = createGunzip();
  raw.on('error', (error) => gunzipped.destroy(error));
  return { stream: raw.pipe(gunzipped) };
}

/**
 * The text passed on as it is, failing once one line runs past what a JavaScript string holds: readline would throw
 * out of reach of any catch, a stack instead of a message, after holding half a gigabyte.
 */
function boundLines(input: Readable, shown: string, onBytes: (read: number) => void): Readable {
  let run = 0;
  let read = 0;
  const guard = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      read += chunk.length;
      onBytes(read);
      const first = chunk.indexOf(0x0a);
      if (run + (first < 0 ? chunk.length : first) > MAX_TRACE_FILE_BYTES) {
        const limit = MAX_TRACE_FILE_BYTES / 1024 / 1024;
        const advice = "split it into smaller exports, one a line (the Collector's file exporter writes one a batch: smaller batches make shorter lines)";
        const message = `${shown}: a line holds more than ${limit} MiB, more than one export may hold (a JavaScript string's limit): ${advice}`;
        return done(new CommandError('ERR_TRACES_UNREADABLE', message));
      }
      run = first < 0 ? run + chunk.length : chunk.length - chunk.lastIndexOf(0x0a) - 1;
      done(null, chunk);
    },
  });
  input.on('error', (error) => guard.destroy(error));
  return input.pipe(guard);
}

async function readText(absolute: string, shown: string): Promise<string> {
  let bytes: Buffer;
  try {
    const { size } = await stat(absolute);
    if (size > MAX_TRACE_FILE_BYTES)
      throw new Error(`${size} bytes, more than the ${MAX_TRACE_FILE_BYTES / 1024 / 1024} MiB one export may hold: split the export`);
    bytes = await readFile(absolute);
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = await gunzipBytes(bytes, { maxOutputLength: MAX_TRACE_FILE_BYTES });
  } catch (e) {
    throw unreadable(shown, e);
  }
  return bytes.toString('utf8');
}

// A missing file or a folder is said in words; a broken gzip stream or an oversized export keeps its own message.
function unreadable(shown: string, error: unknown): CommandError {
  const reason = /^E[A-Z]+$/.test((error as NodeJS.ErrnoException).code ?? '')
    ? describeReadFailure(shown, error)
    : `cannot read it (${(error as Error).message})`;
  return new CommandError('ERR_TRACES_UNREADABLE', `${shown}: ${reason}`);
}

/** A file whose first line is not JSON alone: the whole file as one JSON value. */
function parseWhole(text: string, shown: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CommandError('ERR_TRACES_UNREADABLE', `${shown}: cannot read it as JSON (${(e as Error).message})`);
  }
}
