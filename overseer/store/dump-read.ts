// Reading a dump for import, twice: a first reading checks every line, hash and reference keeping only keys (never the
// records), and a second one gives the records to the store to write, checking that it reads what the first one did.
// Memory stays bounded by a line and the keys, however large the dump.

import { createHash, createHmac } from 'node:crypto';
import { DEFAULT_MAX_CONTRACT_BYTES } from '../config.js';
import { assertCounts, type DumpConsistency, readLastIds, startConsistencyCheck } from './dump-check.js';
import { CHECKSUM_FORMAT, type DumpCounts, DumpError, LAST_IDS_FORMAT, RECORD_KINDS } from './dump-format.js';
import { assertChecksum, assertSigned, hashed, parseLine, readChecksumLine, readHeader } from './dump-lines.js';
import { assertContractText, describeRecord, readRecord } from './dump-record.js';
import type { LastIds, StoreRecord, StoreRecordKind } from './store.js';

/** What the check of a whole dump found: enough to write it in a second reading, and to say what was written. */
export interface CheckedDump {
  exportedAt: string;
  /** The format its header names: an older one may lack records a newer Overseer keeps (OBSERVED_CALLS_FORMAT). */
  format: number;
  counts: DumpCounts;
  lastIds: LastIds;
  /** Whether its checksum line carries a keyed signature (verified only when the key was given). */
  signed: boolean;
  /** The lines between these two (header and end) are the records. */
  headerLine: number;
  endLine: number;
  /** Whether the records came kind after kind, as export writes them: then one reading writes them all. */
  inOrder: boolean;
  /** The SHA-256 of every line as checked: the reading that writes must read the same, or it writes nothing. */
  readSha256: string;
}

/**
 * A dump's lines, read as many times as the import needs (the check, then the write): a list, or a function that opens
 * the file again each time it is called.
 */
export type DumpSource = readonly string[] | (() => AsyncIterable<string>);

function readSource(source: DumpSource): AsyncIterable<string> | Iterable<string> {
  return typeof source === 'function' ? source() : source;
}

export interface ReadDumpOptions {
  /** The bound each contract's text is parsed under, as on publish (default: the registry's default). */
  maxContractBytes?: number;
  /** Read a dump of a format older than DUMP_FORMAT: the operator says an older Overseer wrote it. */
  allowOldFormat?: boolean;
  /** The operator's key (OVERSEER_DUMP_KEY): the dump must carry the HMAC-SHA-256 export made with it. */
  key?: string;
}

type Fields = Record<string, unknown>;

/**
 * Reads and checks a whole dump without keeping its records; throws a DumpError naming the first bad line and record.
 * Blank lines are ignored. Each contract's text is parsed again and must give back its canonical JSON and hash.
 */
export async function checkDump(source: DumpSource, options: ReadDumpOptions = {}): Promise<CheckedDump> {
  const maxContractBytes = options.maxContractBytes ?? DEFAULT_MAX_CONTRACT_BYTES;
  let header: { exportedAt: string; format: number; line: number } | undefined;
  let end: { fields: Fields; line: number } | undefined;
  let checksum: { fields: Fields; line: number } | undefined;
  const [hash, read] = [createHash('sha256'), createHash('sha256')];
  const mac = options.key === undefined ? undefined : createHmac('sha256', options.key);
  // A changed byte may also break the line it is in: the checksum, read last, says which of the two the dump is.
  let firstProblem: unknown;
  const consistency = startConsistencyCheck();
  let line = 0;
  for await (const raw of readSource(source)) {
    line += 1;
    const text = raw.trim();
    if (text === '') continue;
    hashed(read, text);
    try {
      const fields = parseLine(text, line, header === undefined);
      if (end) {
        checksum = readChecksumLine(fields, line, header!.format, checksum);
        continue;
      }
      hashed(hash, text, mac);
      if (header === undefined) header = { ...readHeader(fields, options.allowOldFormat === true), line };
      else if (fields.kind === 'end') end = { fields, line };
      else {
        const [record, where] = [readRecord(fields, line), describeRecord(line, fields)];
        if (record.kind === 'contract') await assertContractText(record, where, maxContractBytes);
        consistency.add({ record, where });
      }
    } catch (error) {
      // Before the header is read, or in a dump with no checksum, the line's own problem is all there is to say.
      if (header === undefined || header.format < CHECKSUM_FORMAT || !(error instanceof DumpError)) throw error;
      firstProblem ??= error;
    }
  }
  if (header === undefined) throw new DumpError('ERR_DUMP_INVALID', 'the dump is empty');
  if (!end) throw firstProblem ?? new DumpError('ERR_DUMP_INVALID', `the dump has no end line after line ${line}: it was cut short`);
  if (header.format >= CHECKSUM_FORMAT) assertChecksum(hash.digest('hex'), checksum, end.line, firstProblem);
  if (mac) assertSigned(mac.digest('hex'), checksum);
  if (firstProblem) throw firstProblem;
  const span = { headerLine: header.line, endLine: end.line };
  await assertReferences(consistency, source, span);
  assertCounts(consistency.counts, end.fields.counts, `line ${end.line} (end)`, header.format);
  const lastIds = readLastIds(consistency.largestIds, end.fields.lastIds, header.format >= LAST_IDS_FORMAT, `line ${end.line} (end)`);
  const signed = typeof checksum?.fields.hmacSha256 === 'string';
  return {
    exportedAt: header.exportedAt,
    format: header.format,
    counts: consistency.counts,
    lastIds,
    signed,
    ...span,
    inOrder: consistency.inOrder,
    readSha256: read.digest('hex'),
  };
}

/**
 * In export order, a reference to a record not read before it is to none of the dump's. A dump edited out of that order
 * is read once more, each reference looked up among every record's keys.
 */
async function assertReferences(consistency: DumpConsistency, source: DumpSource, span: { headerLine: number; endLine: number }): Promise<void> {
  if (consistency.missing !== undefined) throw new DumpError('ERR_DUMP_INVALID', consistency.missing);
  if (consistency.inOrder) return;
  for await (const { fields, line } of recordLines(source, span))
    consistency.recheck({ record: readRecord(fields, line), where: describeRecord(line, fields) });
}

/** The record lines between the header and the end line, parsed; `read` is given each line's text as it goes. */
async function* recordLines(
  source: DumpSource,
  span: { headerLine: number; endLine: number },
  read?: (text: string) => void,
): AsyncGenerator<{ fields: Fields; line: number }> {
  let line = 0;
  for await (const raw of readSource(source)) {
    line += 1;
    const text = raw.trim();
    if (text === '') continue;
    read?.(text);
    if (line > span.headerLine && line < span.endLine) yield { fields: parseLine(text, line, false), line };
  }
}

/**
 * The dump's records for the store to write, read again: in one reading when the dump is in export order, else one
 * reading for each kind. Contracts' texts are not parsed again: each reading must give the SHA-256 of every line
 * `checkDump` read, or it throws once it has read them all, so that the store's transaction writes nothing.
 */
export async function* readDumpRecords(source: DumpSource, checked: CheckedDump): AsyncGenerator<StoreRecord> {
  const passes: ReadonlyArray<StoreRecordKind | undefined> = checked.inOrder ? [undefined] : RECORD_KINDS;
  for (const kind of passes) {
    const read = createHash('sha256');
    for await (const { fields, line } of recordLines(source, checked, (text) => hashed(read, text))) {
      if (kind === undefined || fields.kind === kind) yield readRecord(fields, line);
    }
    if (read.digest('hex') !== checked.readSha256) {
      throw new DumpError(
        'ERR_DUMP_INVALID',
        'the dump changed while it was imported (its lines no longer give the SHA-256 they gave when checked): nothing was imported; import a copy no one writes to',
      );
    }
  }
}
