// A deprecated part removed while a consumer still uses it. The rules call such a removal info (it was announced); a
// consumer that names the part is refused by what it then misses, but one that takes the operation whole, or the whole
// API (`"*"`), names nothing to miss. Counted here as `overseer migrations` counts its users, so that a removal passes
// the gate exactly when migrations call the part ready.

import { type Deprecation, findDeprecationUses, listDeprecations } from '../deprecations.js';
import type { ContractDiff } from '../diff.js';
import type { LoadedContract } from '../load/load.js';
import type { Change, Declaration } from '../model.js';

const REMOVED_AFTER_DEPRECATION = new Set(['api-removed-with-deprecation', 'api-path-removed-with-deprecation', 'request-parameter-removed-with-deprecation']);

// Most diffs remove nothing deprecated: a hub's hundreds of consumers then cost one lookup each.
const removalsOf = new WeakMap<ContractDiff, Change[]>();
const deprecationsOf = new WeakMap<LoadedContract, readonly Deprecation[]>();

/** The changes of `diff` (from `running`) that remove a deprecated part these declarations still use. */
export function findRemovedWhileUsed(diff: ContractDiff, running: LoadedContract, declarations: readonly Declaration[]): Change[] {
  let removals = removalsOf.get(diff);
  if (!removals) removalsOf.set(diff, (removals = diff.changes.filter((c) => REMOVED_AFTER_DEPRECATION.has(c.id))));
  if (removals.length === 0) return [];
  let deprecations = deprecationsOf.get(running);
  // Operations and parameters only: no removal above reaches a field.
  if (!deprecations) deprecationsOf.set(running, (deprecations = listDeprecations(running.doc, { fields: false, foreignKeywords: running.foreignKeywords })));
  const used = declarations.flatMap((d) => findDeprecationUses(deprecations, d.uses, running.doc)).map((u) => u.deprecation);
  return removals.filter((change) => used.some((d) => removes(change, d)));
}

/**
 * Adds to `consumersOf` each consumer a deprecated removal breaks by this rule, so that `overseer diff --consumers`, the
 * Action's report and the dashboard's diff block it as the gate refuses it.
 */
export function addRemovedWhileUsed(consumersOf: Map<Change, string[]>, diff: ContractDiff, base: LoadedContract, declarations: readonly Declaration[]): void {
  const byConsumer = new Map<string, Declaration[]>();
  for (const d of declarations) byConsumer.set(d.consumer, [...(byConsumer.get(d.consumer) ?? []), d]);
  for (const [consumer, own] of byConsumer) {
    for (const change of findRemovedWhileUsed(diff, base, own)) {
      const names = consumersOf.get(change) ?? [];
      if (!names.includes(consumer)) consumersOf.set(change, [...names, consumer].sort());
    }
  }
}

function removes(change: Change, deprecation: Deprecation): boolean {
  const labels = change.operations ?? (change.operation ? [change.operation] : []);
  if (!labels.includes(deprecation.operation)) return false;
  const target = change.target;
  if (target.kind !== 'parameter') return deprecation.part === 'operation';
  return deprecation.part === 'parameter' && deprecation.parameter?.name === target.name && deprecation.parameter.in === target.in;
}
