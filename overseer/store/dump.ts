// A portable dump of a whole store as JSON lines: to move between SQLite and PostgreSQL, and to back up.
// Import checks everything (the whole dump's SHA-256, every contract's text parsed again to its canonical JSON and SHA-256,
// every reference) before it writes anything, into an empty store only.

import { createHash, createHmac, type Hash, type Hmac, timingSafeEqual } from 'node:crypto';
import { DEFAULT_MAX_CONTRACT_BYTES } from '../config.js';
import { assertConsistent, assertCounts, readLastIds, sortForImport } from './dump-check.js';
import {
  CHECKSUM_FORMAT,
  countNothing,
  DUMP_FORMAT,
  DUMP_FORMATS_READ,
  DUMP_KIND,
  type DumpChecksum,
  type DumpCounts,
  type DumpEnd,
  DumpError,
  type DumpHeader,
  LAST_IDS_FORMAT,
} from './dump-format.js';
import { assertContractText, describeRecord, readRecord } from './dump-record.js';
import type { LastIds, Store, StoreRecord } from './store.js';

export type { DumpCounts, DumpErrorCode } from './dump-format.js';
export {
  CHECKSUM_FORMAT,
  DUMP_FORMAT,
  DumpError,
  MIN_DUMP_KEY_LENGTH,
  OBSERVED_CALLS_FORMAT,
  RECORD_KINDS,
  REVOKED_TOKENS_FORMAT,
} from './dump-format.js';

export interface DumpContents {
  exportedAt: string;
  /** The format its header names: an older one may lack records a newer Overseer keeps (OBSERVED_CALLS_FORMAT). */
  format: number;
  records: StoreRecord[];
  counts: DumpCounts;
  lastIds: LastIds;
  /** Whether its checksum line carries a keyed signature (verified only when the key was given). */
  signed: boolean;
}

/** Adds a line to the dump's checksum, and to its signature when there is a key: its UTF-8 and a line feed. */
function hashed(hash: Hash, line: string, mac?: Hmac): string {
  hash.update(`${line}\n`);
  mac?.update(`${line}\n`);
  return line;
}

/**
 * The dump's lines, without line breaks: a header, the records from one snapshot of the store, an end line with counts,
 * and the SHA-256 of all those lines, with their HMAC-SHA-256 under `key` when one is given.
 */
export async function* exportStore(store: Store, options: { key?: string } = {}): AsyncGenerator<string> {
  const hash = createHash('sha256');
  const mac = options.key === undefined ? undefined : createHmac('sha256', options.key);
  const add = (line: string) => hashed(hash, line, mac);
  const header: DumpHeader = { kind: DUMP_KIND, format: DUMP_FORMAT, exportedAt: new Date().toISOString() };
  yield add(JSON.stringify(header));
  const counts = countNothing();
  for await (const record of store.exportRecords()) {
    counts[record.kind] += 1;
    // An admin token says so: import refuses a token without a service that is not marked admin.
    const admin = record.kind === 'token' && record.service === null && record.scope === undefined;
    yield add(JSON.stringify(admin ? { ...record, admin: true } : record));
  }
  // Read after the records: ids only grow, so the marks cover every record above, pruned ones in between included.
  const end: DumpEnd = { kind: 'end', counts, lastIds: await store.readLastIds() };
  yield add(JSON.stringify(end));
  const checksum: DumpChecksum = { kind: 'checksum', sha256: hash.digest('hex'), ...(mac && { hmacSha256: mac.digest('hex') }) };
  yield JSON.stringify(checksum);
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

function readHeader(fields: Record<string, unknown> | undefined, allowOldFormat: boolean): { exportedAt: string; format: number } {
  if (fields?.kind !== DUMP_KIND) throw new DumpError('ERR_DUMP_INVALID', 'line 1: not an Overseer dump (no header line)');
  if (!DUMP_FORMATS_READ.includes(fields.format as number)) {
    throw new DumpError(
      'ERR_DUMP_INVALID',
      `line 1: dump format ${JSON.stringify(fields.format)}; this Overseer reads formats ${DUMP_FORMATS_READ.join(', ')} (a newer Overseer wrote it?)`,
    );
  }
  // A newer dump edited to name an older format, its newer lines taken out, would read as that older one: only the
  // operator knows which Overseer wrote it.
  const format = fields.format as number;
  if (format < DUMP_FORMAT && !allowOldFormat) {
    const checksum = format < CHECKSUM_FORMAT ? ` (among it, from format ${CHECKSUM_FORMAT}, the checksum that finds an edited line)` : '';
    throw new DumpError(
      'ERR_DUMP_OLD_FORMAT',
      `line 1: dump format ${format} is older than the format ${DUMP_FORMAT} this Overseer writes, and lacks what came since${checksum}: ` +
        'a newer dump edited to name an older format would read as one, so it is imported only with --allow-old-format, once you know an older Overseer wrote it',
    );
  }
  return { exportedAt: typeof fields.exportedAt === 'string' ? fields.exportedAt : '', format: fields.format as number };
}

/** The one line a dump of format 7 on has after its end line; an older dump has none. */
function readChecksumLine(fields: Record<string, unknown>, line: number, format: number, seen: unknown): { fields: Record<string, unknown>; line: number } {
  if (fields.kind === 'checksum' && format < CHECKSUM_FORMAT) {
    throw new DumpError(
      'ERR_DUMP_INVALID',
      `line ${line}: a checksum line in a format ${format} dump (checksums came with format ${CHECKSUM_FORMAT}): its header was changed`,
    );
  }
  if (fields.kind !== 'checksum' || seen) throw new DumpError('ERR_DUMP_INVALID', `line ${line}: a line after the end line`);
  return { fields, line };
}

/** The SHA-256 of every line up to the end line must be the one the checksum line holds. */
function assertChecksum(computed: string, checksum: { fields: Record<string, unknown>; line: number } | undefined, endLine: number, problem: unknown): void {
  if (!checksum) {
    throw new DumpError('ERR_DUMP_INVALID', `the dump has no checksum line after its end line (line ${endLine}): it was cut short; export it again`);
  }
  if (checksum.fields.sha256 === computed) return;
  const first = problem instanceof DumpError ? ` (the first line that reads wrong: ${problem.message})` : '';
  throw new DumpError(
    'ERR_DUMP_INVALID',
    `line ${checksum.line}: the dump's lines do not give the SHA-256 its checksum line holds: a byte changed since "overseer export" wrote it (a damaged disk or copy, or an edit)${first}; nothing was imported: restore another copy, or export again`,
  );
}

/** With the operator's key, a dump must carry the signature export made with it: none, or another, is refused. */
function assertSigned(computed: string, checksum: { fields: Record<string, unknown> } | undefined): void {
  const signature = checksum?.fields.hmacSha256;
  if (typeof signature !== 'string') {
    throw new DumpError(
      'ERR_DUMP_SIGNATURE',
      'the dump carries no signature, and OVERSEER_DUMP_KEY is set: it was exported without the key, or its signature was taken out; nothing was imported',
    );
  }
  const [given, expected] = [Buffer.from(signature, 'utf8'), Buffer.from(computed, 'utf8')];
  if (given.length === expected.length && timingSafeEqual(given, expected)) return;
  throw new DumpError(
    'ERR_DUMP_SIGNATURE',
    "the dump's signature is not the one OVERSEER_DUMP_KEY gives its lines: it was signed with another key, or changed since; nothing was imported",
  );
}

export interface ReadDumpOptions {
  /** The bound each contract's text is parsed under, as on publish (default: the registry's default). */
  maxContractBytes?: number;
  /** Read a dump of a format older than DUMP_FORMAT: the operator says an older Overseer wrote it. */
  allowOldFormat?: boolean;
  /** The operator's key (OVERSEER_DUMP_KEY): the dump must carry the HMAC-SHA-256 export made with it. */
  key?: string;
}

/**
 * Reads and checks a whole dump; throws a DumpError naming the first bad line and record. Blank lines are ignored.
 * Each contract's text is parsed again and must give back its canonical JSON and hash.
 */
export async function readDump(lines: AsyncIterable<string> | Iterable<string>, options: ReadDumpOptions = {}): Promise<DumpContents> {
  const maxContractBytes = options.maxContractBytes ?? DEFAULT_MAX_CONTRACT_BYTES;
  let header: { exportedAt: string; format: number } | undefined;
  let end: { fields: Record<string, unknown>; line: number } | undefined;
  let checksum: { fields: Record<string, unknown>; line: number } | undefined;
  const hash = createHash('sha256');
  const mac = options.key === undefined ? undefined : createHmac('sha256', options.key);
  // A changed byte may also break the line it is in: the checksum, read last, says which of the two the dump is.
  let firstProblem: unknown;
  const records: Array<{ record: StoreRecord; where: string }> = [];
  let line = 0;
  for await (const raw of lines) {
    line += 1;
    const text = raw.trim();
    if (text === '') continue;
    try {
      const fields = parseLine(text, line, header === undefined);
      if (end) {
        checksum = readChecksumLine(fields, line, header!.format, checksum);
        continue;
      }
      hashed(hash, text, mac);
      if (header === undefined) header = readHeader(fields, options.allowOldFormat === true);
      else if (fields.kind === 'end') end = { fields, line };
      else {
        const [record, where] = [readRecord(fields, line), describeRecord(line, fields)];
        if (record.kind === 'contract') await assertContractText(record, where, maxContractBytes);
        records.push({ record, where });
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
  const ordered = sortForImport(records);
  const counts = assertConsistent(ordered);
  assertCounts(counts, end.fields.counts, `line ${end.line} (end)`, header.format);
  const lastIds = readLastIds(ordered, end.fields.lastIds, header.format >= LAST_IDS_FORMAT, `line ${end.line} (end)`);
  const signed = typeof checksum?.fields.hmacSha256 === 'string';
  return { exportedAt: header.exportedAt, format: header.format, records: ordered.map((r) => r.record), counts, lastIds, signed };
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
