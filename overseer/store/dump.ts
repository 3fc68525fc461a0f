// A portable dump of a whole store as JSON lines: to move between SQLite and PostgreSQL, and to back up.
// Import checks everything (every contract's text parsed again to its canonical JSON and SHA-256, every reference) before it writes anything, into an empty store only.

import { DEFAULT_MAX_CONTRACT_BYTES } from '../config.js';
import { assertConsistent, assertCounts, readLastIds, sortForImport } from './dump-check.js';
import {
  countNothing,
  DUMP_FORMAT,
  DUMP_FORMATS_READ,
  DUMP_KIND,
  type DumpCounts,
  type DumpEnd,
  DumpError,
  type DumpHeader,
  LAST_IDS_FORMAT,
} from './dump-format.js';
import { assertContractText, describeRecord, readRecord } from './dump-record.js';
import type { LastIds, Store, StoreRecord } from './store.js';

export type { DumpCounts, DumpErrorCode } from './dump-format.js';
export { DUMP_FORMAT, DumpError, OBSERVED_CALLS_FORMAT, RECORD_KINDS } from './dump-format.js';

export interface DumpContents {
  exportedAt: string;
  /** The format its header names: an older one may lack records a newer Overseer keeps (OBSERVED_CALLS_FORMAT). */
  format: number;
  records: StoreRecord[];
  counts: DumpCounts;
  lastIds: LastIds;
}

/** The dump's lines, without line breaks: a header, the records from one snapshot of the store, an end line with counts. */
export async function* exportStore(store: Store): AsyncGenerator<string> {
  const header: DumpHeader = { kind: DUMP_KIND, format: DUMP_FORMAT, exportedAt: new Date().toISOString() };
  yield JSON.stringify(header);
  const counts = countNothing();
  for await (const record of store.exportRecords()) {
    counts[record.kind] += 1;
    // An admin token says so: import refuses a token without a service that is not marked admin.
    const admin = record.kind === 'token' && record.service === null && record.scope === undefined;
    yield JSON.stringify(admin ? { ...record, admin: true } : record);
  }
  // Read after the records: ids only grow, so the marks cover every record above, pruned ones in between included.
  const end: DumpEnd = { kind: 'end', counts, lastIds: await store.readLastIds() };
  yield JSON.stringify(end);
}

// A first line that is not JSON is most likely another file named by mistake (a contract, a manifest): say what a dump is.
function parseLine(text: string, line: number, first: boolean): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const what = first ? 'not an Overseer dump (one JSON object a line, as "overseer export" writes): it is not JSON' : 'not JSON';
    throw new DumpError('ERR_DUMP_INVALID', `line ${line}: ${what} (${(error as Error).message})`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new DumpError('ERR_DUMP_INVALID', `line ${line}: not a JSON object`);
  return value as Record<string, unknown>;
}

function readHeader(fields: Record<string, unknown> | undefined): { exportedAt: string; format: number } {
  if (fields?.kind !== DUMP_KIND) throw new DumpError('ERR_DUMP_INVALID', 'line 1: not an Overseer dump (no header line)');
  if (!DUMP_FORMATS_READ.includes(fields.format as number)) {
    throw new DumpError(
      'ERR_DUMP_INVALID',
      `line 1: dump format ${JSON.stringify(fields.format)}; this Overseer reads formats ${DUMP_FORMATS_READ.join(', ')} (a newer Overseer wrote it?)`,
    );
  }
  return { exportedAt: typeof fields.exportedAt === 'string' ? fields.exportedAt : '', format: fields.format as number };
}

export interface ReadDumpOptions {
  /** The bound each contract's text is parsed under, as on publish (default: the registry's default). */
  maxContractBytes?: number;
}

/**
 * Reads and checks a whole dump; throws a DumpError naming the first bad line and record. Blank lines are ignored.
 * Each contract's text is parsed again and must give back its canonical JSON and hash.
 */
export async function readDump(lines: AsyncIterable<string> | Iterable<string>, options: ReadDumpOptions = {}): Promise<DumpContents> {
  const maxContractBytes = options.maxContractBytes ?? DEFAULT_MAX_CONTRACT_BYTES;
  let header: { exportedAt: string; format: number } | undefined;
  let end: { fields: Record<string, unknown>; line: number } | undefined;
  const records: Array<{ record: StoreRecord; where: string }> = [];
  let line = 0;
  for await (const raw of lines) {
    line += 1;
    const text = raw.trim();
    if (text === '') continue;
    const fields = parseLine(text, line, header === undefined);
    if (header === undefined) header = readHeader(fields);
    else if (end) throw new DumpError('ERR_DUMP_INVALID', `line ${line}: a line after the end line`);
    else if (fields.kind === 'end') end = { fields, line };
    else {
      const [record, where] = [readRecord(fields, line), describeRecord(line, fields)];
      if (record.kind === 'contract') await assertContractText(record, where, maxContractBytes);
      records.push({ record, where });
    }
  }
  if (header === undefined) throw new DumpError('ERR_DUMP_INVALID', 'the dump is empty');
  if (!end) throw new DumpError('ERR_DUMP_INVALID', `the dump has no end line after line ${line}: it was cut short`);
  const ordered = sortForImport(records);
  const counts = assertConsistent(ordered);
  assertCounts(counts, end.fields.counts, `line ${end.line} (end)`, header.format);
  const lastIds = readLastIds(ordered, end.fields.lastIds, header.format >= LAST_IDS_FORMAT, `line ${end.line} (end)`);
  return { exportedAt: header.exportedAt, format: header.format, records: ordered.map((r) => r.record), counts, lastIds };
}

/** Writes a dump `readDump` checked into `store`, in one transaction; refuses a store that holds anything. */
export async function writeDump(dump: DumpContents, store: Store): Promise<void> {
  if (!(await store.importRecords(dump.records, dump.lastIds))) {
    throw new DumpError('ERR_DUMP_TARGET_NOT_EMPTY', 'the target store is not empty: import into a new database or file');
  }
}

/** Checks the whole dump, then writes it into an empty `store`: nothing is written unless every check passes. */
export async function importDump(lines: AsyncIterable<string> | Iterable<string>, store: Store, options: ReadDumpOptions = {}): Promise<DumpContents> {
  const dump = await readDump(lines, options);
  await writeDump(dump, store);
  return dump;
}
