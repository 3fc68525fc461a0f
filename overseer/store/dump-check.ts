// What a dump must hold together: no record twice, every reference to a record of the dump, one current deployment
// per service and environment, and as many records of each kind as its end line counts.

import { countNothing, type DumpCounts, DumpError, OBSERVED_CALLS_FORMAT, RECORD_KINDS } from './dump-format.js';
import { ID_KINDS, type LastIds, type StoreRecord } from './store.js';

interface Located {
  record: StoreRecord;
  where: string;
}

function fail(where: string, problem: string): never {
  throw new DumpError('ERR_DUMP_INVALID', `${where}: ${problem}`);
}

// NUL appears in no name, so it joins the parts of a key without ambiguity.
function keyOf(record: StoreRecord): string {
  switch (record.kind) {
    case 'service':
    case 'environment':
      return record.name;
    case 'contract':
      return record.hash;
    case 'version':
      return `${record.service}\u0000${record.version}`;
    case 'deployment':
    case 'verdict':
    case 'webhook':
    case 'notification':
      return String(record.id);
    case 'token':
      // A name may be revoked, issued again and revoked again: tombstones are told apart by their hash.
      return record.revokedAt === undefined ? record.name : `revoked\u0000${record.hash}`;
    case 'observed-call':
      return [record.consumer, record.provider, record.operation, record.environment, record.consumerVersion ?? ''].join('\u0000');
  }
}

/** Where a record's references would fail: the problem, or undefined when every record it names has been seen. */
function missingReference(record: StoreRecord, seen: Map<string, Set<string>>): string | undefined {
  const has = (kind: string, key: string) => seen.get(kind)?.has(key) ?? false;
  if (record.kind === 'version') {
    if (!has('service', record.service)) return `its service ${record.service} is not in the dump before it`;
    if (record.contractHash !== null && !has('contract', record.contractHash)) return `its contract ${record.contractHash} is not in the dump before it`;
  }
  if (record.kind === 'token' && record.revokedAt === undefined && record.service !== null && !has('service', record.service)) {
    return `its service ${record.service} is not in the dump before it`;
  }
  if (record.kind === 'notification' && record.verdictId !== undefined && !has('verdict', String(record.verdictId))) {
    return `its verdict ${record.verdictId} is not in the dump before it`;
  }
  if (record.kind === 'deployment') {
    if (!has('version', `${record.service}\u0000${record.version}`)) return `version ${record.version} of ${record.service} is not in the dump before it`;
    if (!has('environment', record.environment)) return `environment ${record.environment} is not in the dump before it`;
  }
  return undefined;
}

export interface DumpConsistency {
  /** Checks one more record, in the order read; throws a DumpError naming it. */
  add(located: Located): void;
  /**
   * The first reference to a record not read before it, when the dump came in export order (every reference points at
   * an earlier kind, so it will never be read); in another order, see `recheck`.
   */
  readonly missing: string | undefined;
  /** Whether every record came in export order (kind after kind): then one pass over the file imports it. */
  readonly inOrder: boolean;
  /** For a dump out of order, once every record was added: the reference a record makes to none of the dump's. */
  recheck(located: Located): void;
  readonly counts: DumpCounts;
  /** The largest id read of each kind that keeps one. */
  readonly largestIds: LastIds;
}

/**
 * The dump's records checked one at a time, as they are read: only their keys are kept (tens of bytes a record), never
 * the records, so that a dump of millions of records is checked in little memory. No record twice, no API provided by
 * two services, no version live twice, every reference to a record of the dump (export writes referenced kinds first).
 */
export function startConsistencyCheck(): DumpConsistency {
  const seen = new Map<string, Set<string>>(RECORD_KINDS.map((k) => [k, new Set<string>()]));
  const tokenHashes = new Set<string>();
  const apiOwners = new Map<string, string>();
  const notificationKeys = new Set<string>();
  const current = new Set<string>();
  const counts = countNothing();
  const largestIds = Object.fromEntries(ID_KINDS.map((kind) => [kind, 0])) as LastIds;
  let [rank, inOrder, missing] = [0, true, undefined as string | undefined];
  const unique = (set: Set<string>, key: string, where: string, problem: string) => {
    if (set.has(key)) fail(where, problem);
    set.add(key);
  };
  return {
    add({ record, where }) {
      const keys = seen.get(record.kind)!;
      if (keys.has(keyOf(record))) fail(where, `a second ${record.kind} with the same key`);
      const at = RECORD_KINDS.indexOf(record.kind);
      inOrder &&= at >= rank;
      rank = Math.max(rank, at);
      const problem = missingReference(record, seen);
      if (problem !== undefined && missing === undefined) missing = `${where}: ${problem}`;
      if (record.kind === 'service') {
        for (const api of record.apis ?? []) {
          const owner = apiOwners.get(api);
          if (owner !== undefined) fail(where, `the API ${api} is provided by ${owner} too: an API names one service`);
          apiOwners.set(api, record.name);
        }
      }
      if (record.kind === 'token') unique(tokenHashes, record.hash, where, 'a second token with the same hash');
      if (record.kind === 'notification') unique(notificationKeys, record.key, where, 'a second notification with the same key');
      if (record.kind === 'deployment' && record.replacedAt === null) {
        const live = `${record.service}\u0000${record.environment}\u0000${record.version}\u0000${record.live}`;
        unique(current, live, where, `${record.service} ${record.version} is live twice (${record.live}) in ${record.environment}`);
      }
      if (record.kind in largestIds) {
        const kind = record.kind as keyof LastIds;
        largestIds[kind] = Math.max(largestIds[kind], (record as { id: number }).id);
      }
      keys.add(keyOf(record));
      counts[record.kind] += 1;
    },
    get missing() {
      return inOrder ? missing : undefined;
    },
    get inOrder() {
      return inOrder;
    },
    recheck({ record, where }) {
      const problem = missingReference(record, seen);
      if (problem !== undefined) fail(where, problem);
    },
    counts,
    largestIds,
  };
}

/** The end line's counts must be those read: a dump cut short, or with lines lost, is refused. */
export function assertCounts(read: DumpCounts, declared: unknown, where: string, format: number): void {
  for (const kind of RECORD_KINDS) {
    const older = kind === 'observed-call' && format < OBSERVED_CALLS_FORMAT ? 0 : undefined;
    const expected = (declared as Partial<DumpCounts> | null | undefined)?.[kind] ?? older;
    if (expected !== read[kind]) fail(where, `the end line counts ${String(expected)} ${kind} records, the dump holds ${read[kind]}`);
  }
}

/**
 * The end line's `lastIds`, checked against the records: no kind's mark below an id the dump holds. A dump written
 * before marks were kept (format 3 and older) stands for its largest ids; a newer one without them is refused, since
 * a restore would give a pruned verdict's id again.
 */
export function readLastIds(largest: LastIds, declared: unknown, required: boolean, where: string): LastIds {
  if (declared === undefined && !required) return largest;
  if (declared === null || typeof declared !== 'object' || Array.isArray(declared)) {
    fail(where, `lastIds must be an object with the largest id given to each of ${ID_KINDS.join(', ')}`);
  }
  const marks = declared as Record<string, unknown>;
  for (const kind of ID_KINDS) {
    const mark = marks[kind];
    if (!Number.isSafeInteger(mark) || (mark as number) < 0) fail(where, `lastIds.${kind} must be a whole number`);
    if ((mark as number) < largest[kind]) fail(where, `lastIds.${kind} is ${String(mark)}, below ${kind} ${largest[kind]} of the dump: the dump is corrupted`);
  }
  return Object.fromEntries(ID_KINDS.map((kind) => [kind, marks[kind] as number])) as LastIds;
}
