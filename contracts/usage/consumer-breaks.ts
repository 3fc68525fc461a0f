// What the candidate's contract breaks for one consumer, diffed from each live version of the provider: shared by the
// gate's provider side and its judgement of a service's calls to itself (self-uses.ts).

import { type ContractDiff, diffContracts } from '../diff.js';
import { findImpact, mayAffect } from '../impact.js';
import type { LoadedContract } from '../load/load.js';
import type { Change, Declaration } from '../model.js';
import { seeThrough } from './seen-field.js';

/**
 * The changes of every diff that break this consumer, or remove a deprecated part it still uses (`alsoUsed`), once each.
 * Given `warned`, the warnings that reach what it uses are put there, once each and none that breaks it: they refuse
 * nothing, but the verdict names the consumer, whom the provider's owners should tell.
 */
export function breakingForAll(
  diffs: ContractDiff[],
  declarations: Declaration[],
  alsoUsed: (diff: ContractDiff, i: number) => Change[],
  warned?: Change[],
): Change[] {
  let changed: Change[] = [];
  for (const [i, diff] of diffs.entries()) {
    const removed = alsoUsed(diff, i);
    const found = removed.length === 0 ? breakingFor(diff, declarations, warned) : [...breakingFor(diff, declarations, warned), ...removed];
    if (found.length > 0) changed = changed.length === 0 ? found : changed.concat(found);
  }
  if (warned && warned.length > 0) {
    const breaking = new Set(changed.map(keyOf));
    const kept = dedupeChanges(warned.filter((c) => !breaking.has(keyOf(c))));
    warned.splice(0, warned.length, ...kept);
  }
  return changed.length === 0 ? changed : dedupeChanges(changed);
}

// Contracts are immutable once loaded and the diff of two is always the same: a hub asked about again and again, by
// each of its consumers' pipelines, is diffed once while both stay loaded (the keys are the loaded objects).
const diffs = new WeakMap<LoadedContract, WeakMap<LoadedContract, { today: string | undefined; diff: ContractDiff }>>();

export function diffOnce(base: LoadedContract, revision: LoadedContract, today: string | undefined): ContractDiff {
  let byRevision = diffs.get(base);
  if (!byRevision) diffs.set(base, (byRevision = new WeakMap()));
  const known = byRevision.get(revision);
  if (known && known.today === today) return known.diff;
  const diff = diffContracts(base, revision, { ...(today ? { today } : {}) });
  byRevision.set(revision, { today, diff });
  return diff;
}

function breakingFor(diff: ContractDiff, declarations: Declaration[], warned: Change[] | undefined): Change[] {
  // Most consumers use no operation the diff could break for them: they cost an index lookup, not an impact judgement.
  const breaks = mayAffect(diff, declarations);
  if (!breaks && !(warned && mayAffect(diff, declarations, true))) return [];
  const { consumersOf, operationsOf, warnedOf } = findImpact(diff, declarations);
  if (warned) warnedOf.forEach((used, c) => warned.push(asSeenBy(diff, c, used)));
  if (!breaks) return [];
  // Only this consumer's declarations were judged: any name on a change is this consumer.
  return diff.changes.filter((c) => (consumersOf.get(c) ?? []).length > 0).map((c) => asSeenBy(diff, c, operationsOf.get(c)));
}

/**
 * A change in a shared schema names an operation through which this consumer is broken, not the first that reaches
 * it nor the first it uses at all: a consumer listing `GET /users` without the field, and seen calling
 * `GET /users/{id}`, is broken through the latter, and the field is named as that one has it (seen-field.ts).
 * `broken` is findImpact's, in the change's order, its own first.
 */
function asSeenBy(diff: ContractDiff, c: Change, broken: Record<string, string[]> | undefined): Change {
  const through = broken ? Object.values(broken).flat() : [];
  const mine = through[0];
  return mine === undefined || through.includes(c.operation ?? '') ? c : seeThrough(diff, c, mine);
}

/** The same change seen from two live versions of the provider is one change. */
function dedupeChanges(changes: Change[]): Change[] {
  const seen = new Map<string, Change>();
  for (const c of changes) {
    const key = keyOf(c);
    if (!seen.has(key)) seen.set(key, c);
  }
  return [...seen.values()];
}

function keyOf(c: Change): string {
  return `${c.id}|${c.operation ?? ''}|${c.message}`;
}
