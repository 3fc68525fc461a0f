// A use naming no statuses reads whatever success the provider answers: a success response the candidate adds (a 201, a
// new 2XX) without a field such a use reads breaks it, though the 200 still returns it. Judged against what the live
// versions answered, so that a 202 answered beside the 200 all along refuses no new version.

import type { LoadedContract } from '../load/load.js';
import type { Declaration, OperationUsage, VerdictReason } from '../model.js';
import { findOperation, lacksRead, operationsOf, readSatisfies } from '../satisfy.js';
import { createSchemaContext } from '../schema/field-walk.js';
import type { OperationEntry } from '../schema/operations.js';
import type { Resolver } from '../schema/resolve.js';
import { keyOfMiss } from './already-unmet.js';
import { readResponses } from './response-bodies.js';
import { serverPaths } from './server-bases.js';
import { versionRead } from './version-read.js';

// Per candidate and live contract, the success keys each operation of the candidate adds: most pairs add none, and a
// hub's hundreds of consumers are judged against one pair.
const addedOf = new WeakMap<object, WeakMap<object, Map<string, string[]>>>();

/**
 * The reads of `declaration` naming no statuses that a success response new in `revision` does not give, where every
 * one of `bases` (the live versions) lacks that response: a status one of them answers is one the consumer lives with.
 * A miss the revision's own check states already (`readSatisfies`) is not said twice.
 */
export function missesInAddedSuccesses(bases: readonly LoadedContract[], revision: LoadedContract, declaration: Declaration): VerdictReason[] {
  if (declaration.uses === '*' || bases.length === 0) return [];
  const added = bases.map((base) => addedSuccesses(base, revision));
  if (added.some((byKey) => byKey.size === 0)) return [];
  const { resolver, operations } = versionRead(revision, operationsOf(revision.doc));
  const paths = serverPaths(revision.doc);
  const misses: VerdictReason[] = [];
  for (const usage of declaration.uses) {
    if (usage.statuses !== undefined || !usage.response || usage.response.length === 0) continue;
    const entry = findOperation(usage.operation, operations, paths);
    if (!entry) continue;
    const [first, ...rest] = added.map((byKey) => byKey.get(entry.key) ?? []);
    const statuses = first!.filter((status) => rest.every((keys) => keys.includes(status)));
    if (statuses.length > 0) misses.push(...missesIn(entry, resolver, usage, statuses, declaration));
  }
  if (misses.length === 0) return misses;
  const stated = new Set(readSatisfies(revision, declaration).map(keyOfMiss));
  const seen = new Set<string>();
  return misses.filter((miss) => {
    const key = keyOfMiss(miss);
    if (stated.has(key) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Each read field the added `statuses` of one operation do not give, said once per field at the first status lacking it. */
function missesIn(entry: OperationEntry, resolver: Resolver, usage: OperationUsage, statuses: string[], declaration: Declaration): VerdictReason[] {
  const ctx = createSchemaContext(resolver, 'response');
  const success = readResponses(entry, resolver, undefined, usage.responseMediaTypes).byStatus;
  const added = readResponses(entry, resolver, statuses, usage.responseMediaTypes).byStatus;
  const misses: VerdictReason[] = [];
  for (const field of usage.response ?? []) {
    // A header some success response declares is read as a header, in each added one; a body field only where there is a body.
    const header = success.some((answer) => answer.headers.has(field.toLowerCase()));
    const lacking = added.find((answer) => (header || answer.bodies.length > 0) && lacksRead(answer, field, ctx));
    if (!lacking) continue;
    const message =
      `${entry.label} of ${declaration.provider} does not return \`${field}\` in its ${lacking.status} response, which ${declaration.consumer} reads: ` +
      `that success response is new, and a use naming no \`statuses\` reads every success response`;
    misses.push({
      code: 'field-missing',
      severity: 'error',
      message,
      consumer: declaration.consumer,
      provider: declaration.provider,
      operation: entry.label,
      field,
    });
  }
  return misses;
}

/**
 * Per operation key of the revision, its 2xx/3xx response keys the base's same operation neither lists nor covers by its
 * class (a `201` under the base's `2XX` is compared by the diff, not added). An operation the base lacks adds nothing
 * here: its use was unmet before.
 */
function addedSuccesses(base: LoadedContract, revision: LoadedContract): Map<string, string[]> {
  let byBase = addedOf.get(revision.doc);
  if (!byBase) addedOf.set(revision.doc, (byBase = new WeakMap()));
  let found = byBase.get(base.doc);
  if (found) return found;
  found = new Map();
  const before = operationsOf(base.doc);
  for (const [key, entry] of operationsOf(revision.doc)) {
    const was = before.get(key);
    if (!was) continue;
    const had = new Set(Object.keys(was.operation.responses ?? {}).map((status) => status.toUpperCase()));
    const keys = Object.keys(entry.operation.responses ?? {}).filter(
      (status) => /^[23]/.test(status) && !had.has(status.toUpperCase()) && !had.has(`${status[0]}XX`),
    );
    if (keys.length > 0) found.set(key, keys);
  }
  byBase.set(base.doc, found);
  return found;
}
