// Judging a diff: which changes block, given a severity floor or the consumers that use them.
// Pure: the CLI, the registry and the action gather inputs, call this, and act on the answer.

import type { ContractDiff } from './diff.js';
import { findImpact } from './impact.js';
import type { LoadedContract } from './load/load.js';
import {
  type Change,
  type ConsumerInfo,
  copyOf,
  type DiffReport,
  type FailOn,
  type JudgedChange,
  LEVELS,
  type Manifest,
  type Notice,
  type Summary,
  type UnmetUse,
} from './model.js';
import { type MovedUse, sayPathMoved } from './usage/base-path-uses.js';
import { fileOfVersions, findManifestsBroken } from './usage/consumer-versions.js';
import { addRemovedWhileUsed } from './usage/removed-while-used.js';
import { judgeSelfChanges, sayOwnUnmet, splitSelfUses } from './usage/self-uses-offline.js';
import { findUnmetUses, foldUnknownOperations } from './usage/unmet-offline.js';

interface JudgeInput {
  diff: ContractDiff;
  base: { file: string; version?: string };
  revision: { file: string; version?: string };
  failOn: FailOn;
  /** With consumers: the provider's name and the consumers' manifests; only changes that break one block. */
  consumers?: { provider: string; manifests: Manifest[] };
  /**
   * The base contract itself, with consumers: a deprecated part the revision removes then blocks the consumers that still
   * use it whole (the operation, or `"*"`), as the gate refuses it. Without it such a removal blocks no one.
   */
  baseContract?: LoadedContract;
  /** The revision itself, with consumers: a use it does not offer blocks though no change caused it, as at the gate. */
  revisionContract?: LoadedContract;
  notices?: Notice[];
}

export function judgeDiff(input: JudgeInput): DiffReport {
  const notices = [...(input.notices ?? [])];
  let consumersOf: Map<Change, string[]> | undefined;
  let operationsOf: Map<Change, Record<string, string[]>> | undefined;
  let warnedOf: Map<Change, Record<string, string[]>> | undefined;
  let filesOf: Map<Change, Record<string, string[]>> | undefined;
  let consumers: ConsumerInfo[] | undefined;
  if (input.consumers) {
    const provider = input.consumers.provider;
    const all = input.consumers.manifests.flatMap((m) => m.declarations).filter((d) => d.provider === provider);
    // The provider's use of itself is judged as the gate judges it, not as a consumer's (usage/self-uses-offline.ts).
    const { others: declarations, own } = splitSelfUses(all, provider);
    const impact = findImpact(input.diff, declarations);
    consumersOf = impact.consumersOf;
    operationsOf = impact.operationsOf;
    warnedOf = impact.warnedOf;
    if (input.baseContract) addRemovedWhileUsed(consumersOf, input.diff, input.baseContract, declarations);
    const self = judgeSelfChanges(input.diff, own, provider, input.revisionContract);
    for (const [change, operations] of self.blocking) {
      consumersOf.set(change, [...(consumersOf.get(change) ?? []), provider]);
      operationsOf.set(change, { ...operationsOf.get(change), [provider]: operations });
    }
    notices.push(...impact.notices, ...self.notices);
    filesOf = findManifestsBroken(input.diff, provider, input.consumers.manifests, input.baseContract);
    consumers = input.consumers.manifests
      .filter((m) => m.declarations.some((d) => d.provider === input.consumers!.provider))
      .map((m) => ({ name: m.service, owners: m.owners, ...(m.slack ? { slack: m.slack } : {}), ...(m.file ? { file: m.file } : {}) }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }
  const changes = input.diff.changes.map((c): JudgedChange => {
    // Copied, then keys set: see copyOf.
    const judged = copyOf(c) as JudgedChange;
    if (!consumersOf) {
      judged.blocking = reaches(c.level, input.failOn);
      return judged;
    }
    const broken = consumersOf.get(c) ?? [];
    judged.consumers = broken;
    if (broken.length > 0) judged.consumerOperations = describeOperationsUsed(c, broken, operationsOf?.get(c));
    const warned = broken.length === 0 ? warnedOf?.get(c) : undefined;
    if (warned) judged.warnedConsumers = warned;
    const files = filesOf?.get(c);
    if (files && broken.length > 0) judged.consumerFiles = files;
    judged.blocking = input.failOn !== 'never' && broken.length > 0;
    return judged;
  });
  const declared = input.consumers?.manifests.flatMap((m) => m.declarations).filter((d) => d.provider === input.consumers!.provider);
  const versions = input.consumers && fileOfVersions(input.consumers.manifests, input.consumers.provider);
  const moved: MovedUse[] = [];
  const found =
    declared && input.revisionContract ? findUnmetUses(input.revisionContract, declared, changes, input.failOn, versions, input.baseContract, moved) : [];
  const provider = input.consumers?.provider ?? 'the provider';
  const revision = nameRevision(provider, input.base, input.revision);
  for (const use of moved) notices.push({ code: 'declared-path-moved', consumer: use.consumer, message: sayPathMoved(provider, revision, use) });
  const unmet = input.consumers ? sayOwnUnmet(found, input.consumers.provider) : found;
  return {
    base: input.base,
    revision: input.revision,
    changes,
    summary: summarize(changes, unmet),
    ...(consumers ? { consumers } : {}),
    notices: unmet.length > 0 ? foldUnknownOperations(notices, unmet) : notices,
    ...(unmet.length > 0 && { unmet }),
    failOn: input.failOn,
  };
}

// The revision as can-i-deploy names a version (`accounts 1.1.0`), from the document's own version where it tells the
// two apart; its file where it does not (`info.version` left at 1 in both), since "once openapi.json is live" says less.
function nameRevision(provider: string, base: JudgeInput['base'], revision: JudgeInput['revision']): string {
  return revision.version !== undefined && revision.version !== base.version ? `${provider} ${revision.version}` : revision.file;
}

// A consumer added after the impact (one still using whole a deprecated part the revision removes) uses the change's own.
function describeOperationsUsed(change: Change, broken: string[], known: Record<string, string[]> = {}): Record<string, string[]> {
  const own = change.operation ? [change.operation] : [];
  return Object.fromEntries(broken.map((name) => [name, known[name] ?? own]));
}

export function reaches(level: Change['level'], failOn: FailOn): boolean {
  return failOn !== 'never' && LEVELS.indexOf(level) >= LEVELS.indexOf(failOn);
}

/** Counts by level; `blocking` counts the uses the revision does not offer too (UnmetUse), which are no change. */
export function summarize(changes: JudgedChange[], unmet: readonly UnmetUse[] = []): Summary {
  const s: Summary = { breaking: 0, warning: 0, info: 0, blocking: unmet.filter((u) => u.blocking).length };
  for (const c of changes) {
    s[c.level]++;
    if (c.blocking) s.blocking++;
  }
  return s;
}
