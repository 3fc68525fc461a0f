// A portable dump of a whole store as JSON lines: to move between SQLite and PostgreSQL, and to back up.
// Import checks everything in a first reading (dump-read.ts) before a second one writes it, into an empty store only.

import { createHash, createHmac } from 'node:crypto';
import { countNothing, DUMP_FORMAT, DUMP_KIND, type DumpChecksum, type DumpEnd, DumpError, type DumpHeader } from './dump-format.js';
import { hashed } from './dump-lines.js';
import { type CheckedDump, checkDump, type DumpSource, type ReadDumpOptions, readDumpRecords } from './dump-read.js';
import type { Store } from './store.js';

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
export { type CheckedDump, checkDump, type DumpSource } from './dump-read.js';

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

/**
 * Writes a dump `checkDump` found whole into `store`, read again from `source` and written in batches in one
 * transaction; refuses a store that holds anything. Should the second reading differ from the first (the file
 * changed meanwhile), it is refused there and nothing is written.
 */
export async function writeDump(checked: CheckedDump, source: DumpSource, store: Store): Promise<void> {
  if (!(await store.importRecords(readDumpRecords(source, checked), checked.lastIds))) {
    throw new DumpError('ERR_DUMP_TARGET_NOT_EMPTY', 'the target store is not empty: import into a new database or file');
  }
}

/** Checks the whole dump, then writes it into an empty `store`: nothing is written unless every check passes. */
export async function importDump(source: DumpSource, store: Store, options: ReadDumpOptions = {}): Promise<CheckedDump> {
  const checked = await checkDump(source, options);
  await writeDump(checked, source, store);
  return checked;
}
