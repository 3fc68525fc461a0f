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

function assertReferences({ record, where }: Located, seen: Map<string, Set<string>>): void {
  const has = (kind: string, key: string) => seen.get(kind)?.has(key) ?? false;
  if (record.kind === 'version') {
    if (!has('service', record.service)) fail(where, `its service ${record.service} is not in the dump before it`);
    if (record.contractHash !== null && !has('contract', record.contractHash)) fail(where, `its contract ${record.contractHash} is not in the dump before it`);
  }
  if (record.kind === 'token' && record.revokedAt === undefined && record.service !== null && !has('service', record.service)) {
    fail(where, `its service ${record.service} is not in the dump before it`);
  }
  if (record.kind === 'notification' && record.verdictId !== undefined && !has('verdict', String(record.verdictId))) {
    fail(where, `its verdict ${record.verdictId} is not in the dump before it`);
  }
  if (record.kind === 'deployment') {
    if (!has('version', `${record.service}\u0000${record.version}`)) fail(where, `version ${record.version} of ${record.service} is not in the dump before it`);
    if (!has('environment', record.environment)) fail(where, `environment ${record.environment} is not in the dump before it`);
  }
}

/** Checks the records in dump order; each one may refer only to records before it. */
export function assertConsistent(records: readonly Located[]): DumpCounts {
  const seen = new Map<string, Set<string>>(RECORD_KINDS.map((k) => [k, new Set<string>()]));
  const tokenHashes = new Set<string>();
  const apiOwners = new Map<string, string>();
  const notificationKeys = new Set<string>();
  const current = new Set<string>();
  const counts = countNothing();
  for (const located of records) {
    const { record, where } = located;
    const keys = seen.get(record.kind)!;
    if (keys.has(keyOf(record))) fail(where, `a second ${record.kind} with the same key`);
    assertReferences(located, seen);
    if (record.kind === 'service') {
      for (const api of record.apis ?? []) {
        const owner = apiOwners.get(api);
        if (owner !== undefined) fail(where, `the API ${api} is provided by ${owner} too: an API names one service`);
        apiOwners.set(api, record.name);
      }
    }
    if (record.kind === 'token') {
      if (tokenHashes.has(record.hash)) fail(where, 'a second token with the same hash');
      tokenHashes.add(record.hash);
    }
    if (record.kind === 'notification') {
      if (notificationKeys.has(record.key)) fail(where, 'a second notification with the same key');
      notificationKeys.add(record.key);
    }
    if (record.kind === 'deployment' && record.replacedAt === null) {
      const live = `${record.service}\u0000${record.environment}\u0000${record.version}\u0000${record.live}`;
      if (current.has(live)) fail(where, `${record.service} ${record.version} is live twice (${record.live}) in ${record.environment}`);
      current.add(live);
    }
    keys.add(keyOf(record));
    counts[record.kind] += 1;
  }
  return counts;
}

/** The end line's counts must be those read: a dump cut short, or with lines lost, is refused. */
export function assertCounts(read: DumpCounts, declared: unknown, where: string, format: number): void {
  for (const kind of RECORD_KINDS) {
    const older = kind === 'observed-call' && format < OBSERVED_CALLS_FORMAT ? 0 : undefined;
    const expected = (declared as Partial<DumpCounts> | null | undefined)?.[kind] ?? older;
    if (expected !== read[kind]) fail(where, `the end line counts ${String(expected)} ${kind} records, the dump holds ${read[kind]}`);
  }
}

/** Export order: the order in which records may refer to each other; within a kind, the order read. */
export function sortForImport(records: readonly Located[]): Located[] {
  const rank = (r: Located) => RECORD_KINDS.indexOf(r.record.kind);
  return [...records].sort((a, b) => rank(a) - rank(b));
}

/**
 * The end line's `lastIds`, checked against the records: no kind's mark below an id the dump holds. A dump written
 * before marks were kept (format 3 and older) stands for its largest ids; a newer one without them is refused, since
 * a restore would give a pruned verdict's id again.
 */
export function readLastIds(records: readonly Located[], declared: unknown, required: boolean, where: string): LastIds {
  const largest = Object.fromEntries(ID_KINDS.map((kind) => [kind, 0])) as LastIds;
  for (const { record } of records) {
    const kind = record.kind as keyof LastIds;
    if (kind in largest) largest[kind] = Math.max(largest[kind], (record as { id: number }).id);
  }
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
