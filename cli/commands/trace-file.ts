// Reading a trace export from disk for `overseer observe`: a file that holds no spans is an error, never "nobody calls".

import { readFile, stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { type ObservedSpan, readOtlpTraces } from '../../contracts/index.js';
import { CommandError } from '../io.js';

// A JavaScript string holds at most about 512 MiB: past that JSON.parse cannot even start, so say so in words.
export const MAX_TRACE_FILE_BYTES = 512 * 1024 * 1024;

const gunzipBytes = promisify(gunzip);

export interface TraceFile {
  spans: ObservedSpan[];
  malformed: number;
}

/**
 * The spans of an OTLP/JSON trace export: one ExportTraceServiceRequest, or one per line as the Collector's file
 * exporter writes them, optionally gzip-compressed. A file that is not OTLP, or holds no span at all, is an error.
 */
export async function readTraceFile(absolute: string, shown: string): Promise<TraceFile> {
  const text = await readText(absolute, shown);
  const now = new Date().toISOString();
  const out: TraceFile = { spans: [], malformed: 0 };
  for (const { body, where } of parseExports(text, shown)) {
    if (typeof body !== 'object' || body === null || Array.isArray(body) || !('resourceSpans' in body)) {
      throw new CommandError('ERR_TRACES_INVALID', `${where}: not an OTLP trace export: it has no "resourceSpans" (is this the right file?)`);
    }
    let decoded: TraceFile;
    try {
      decoded = readOtlpTraces(body, now);
    } catch (e) {
      throw new CommandError('ERR_TRACES_INVALID', `${where}: ${(e as Error).message}`);
    }
    for (const span of decoded.spans) out.spans.push(span);
    out.malformed += decoded.malformed;
  }
  if (out.spans.length + out.malformed === 0) {
    throw new CommandError('ERR_TRACES_EMPTY', `${shown} holds no spans: nothing can be said about who calls what (an empty export, or the wrong file?)`);
  }
  return out;
}

async function readText(absolute: string, shown: string): Promise<string> {
  let bytes: Buffer;
  try {
    const { size } = await stat(absolute);
    if (size > MAX_TRACE_FILE_BYTES)
      throw new Error(`${size} bytes, more than the ${MAX_TRACE_FILE_BYTES / 1024 / 1024} MiB one file may hold: split the export`);
    bytes = await readFile(absolute);
    // gzip's magic number: an export compressed as it was archived.
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = await gunzipBytes(bytes, { maxOutputLength: MAX_TRACE_FILE_BYTES });
  } catch (e) {
    throw new CommandError('ERR_TRACES_UNREADABLE', `${shown}: cannot read it (${(e as Error).message})`);
  }
  const text = bytes.toString('utf8');
  if (text.trim() === '') throw new CommandError('ERR_TRACES_EMPTY', `${shown} is empty: nothing can be said about who calls what`);
  return text;
}

/** The whole file as one JSON value, else one value per non-blank line (JSON Lines). */
function parseExports(text: string, shown: string): { body: unknown; where: string }[] {
  try {
    return [{ body: JSON.parse(text), where: shown }];
  } catch (whole) {
    const lines = text.split('\n');
    const bodies: { body: unknown; where: string }[] = [];
    for (const [i, line] of lines.entries()) {
      if (line.trim() === '') continue;
      try {
        bodies.push({ body: JSON.parse(line), where: `${shown}:${i + 1}` });
      } catch (e) {
        // A first line that is not JSON either: the file is not JSON, and the whole file's error says where.
        const error = bodies.length === 0 ? (whole as Error) : (e as Error);
        const where = bodies.length === 0 ? shown : `${shown}:${i + 1}`;
        throw new CommandError('ERR_TRACES_UNREADABLE', `${where}: cannot read it as JSON (${error.message})`);
      }
    }
    return bodies;
  }
}
