// `diff --consumers` as the gate judges a service that calls its own API (usage/self-uses.ts): the provider's own
// manifest among the consumers is no consumer of the diff. A change that takes away what the revision's own calls need
// blocks (the new version fails its own calls, which the gate refuses); any other change reaching its own uses is a
// `self-use-rollout` notice: the old version's calls land on the new one only while both run, which the gate says and
// does not refuse.

import type { ContractDiff } from '../diff.js';
import { explainsMiss } from '../gate/fold-repeats.js';
import { findImpact } from '../impact.js';
import type { LoadedContract } from '../load/load.js';
import type { Change, Declaration, Notice, UnmetUse } from '../model.js';
import { readSatisfies } from '../satisfy.js';

/** The provider's declarations of itself, apart from its consumers'. */
export function splitSelfUses(declarations: readonly Declaration[], provider: string): { others: Declaration[]; own: Declaration[] } {
  const own = declarations.filter((d) => d.consumer === provider);
  return { others: own.length === 0 ? [...declarations] : declarations.filter((d) => d.consumer !== provider), own };
}

interface SelfJudged {
  /** The changes that take away what the revision's own calls need, with the operations they reach: they block. */
  blocking: Map<Change, string[]>;
  /** The rest that reach its own uses, in one notice, and the impact's notices (an operation neither version has). */
  notices: Notice[];
}

export function judgeSelfChanges(diff: ContractDiff, own: Declaration[], provider: string, revision?: LoadedContract): SelfJudged {
  const blocking = new Map<Change, string[]>();
  if (own.length === 0) return { blocking, notices: [] };
  const impact = findImpact(diff, own);
  const lacks = revision ? own.flatMap((d) => readSatisfies(revision, d)) : [];
  const rollout: Change[] = [];
  for (const change of diff.changes) {
    if (!impact.consumersOf.get(change)?.includes(provider)) continue;
    if (lacks.some((miss) => explainsMiss(change, miss))) blocking.set(change, impact.operationsOf.get(change)?.[provider] ?? []);
    else rollout.push(change);
  }
  if (rollout.length === 0) return { blocking, notices: impact.notices };
  const shown = rollout.slice(0, 3).map((c) => (c.operation ? `${c.operation}: ${c.message}` : c.message));
  const more = rollout.length > shown.length ? ` (and ${rollout.length - shown.length} more)` : '';
  const message =
    `${provider} calls its own API, and the calls the base's version makes fail when they land on the revision's while both run ` +
    `(a rolling deploy, a canary): ${shown.join('; ')}${more}. Not blocking, as can-i-deploy does not refuse it: the overlap ends when the ` +
    'old version stops; to have none, stop calling it in one version and change it in the next, or replace the old version at once';
  return { blocking, notices: [...impact.notices, { code: 'self-use-rollout', message, consumer: provider }] };
}

/** What the revision lacks of the provider's own uses, said as the gate says it. */
export function sayOwnUnmet(unmet: UnmetUse[], provider: string): UnmetUse[] {
  return unmet.map((u) => (u.consumer === provider ? { ...u, message: `${provider} calls its own API, and ${u.message}` } : u));
}
