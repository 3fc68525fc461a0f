// `diff --consumers` as the gate: a use a consumer declares that the revision does not offer (an operation neither
// version has, a field neither returns) refuses the provider's deploy at the gate even though no change caused it, and
// the offline answer said yes with a notice. Here such uses are found, and block.

import { repeatsChange } from '../gate/fold-repeats.js';
import type { LoadedContract } from '../load/load.js';
import type { Declaration, FailOn, JudgedChange, Notice, UnmetUse } from '../model.js';
import { readSatisfies } from '../satisfy.js';

/**
 * The revision's shortfalls for each declaration, but those a change that breaks that consumer already states (a removal
 * of what it reads), folded as every door folds the gate's reasons (gate/fold-repeats.ts): a reader needs the fact once.
 */
export function findUnmetUses(
  revision: LoadedContract,
  declarations: Declaration[],
  changes: JudgedChange[],
  failOn: FailOn,
  versions: ReadonlyMap<Declaration, string> = new Map(),
): UnmetUse[] {
  const unmet: UnmetUse[] = [];
  for (const d of declarations) {
    // A consumer given in several manifests: only a change that breaks this one states its miss (consumer-versions.ts).
    const file = versions.get(d);
    const breaking = changes.filter((c) => c.consumers?.includes(d.consumer) && (file === undefined || c.consumerFiles?.[d.consumer]?.includes(file)));
    for (const r of readSatisfies(revision, d)) {
      if (r.consumer === undefined || repeatsChange(r, breaking)) continue;
      const use: UnmetUse = { code: r.code, consumer: r.consumer, message: r.message, blocking: failOn !== 'never', ...(file !== undefined && { file }) };
      if (r.operation !== undefined) use.operation = r.operation;
      if (r.field !== undefined) use.field = r.field;
      unmet.push(use);
    }
  }
  return unmet;
}

/**
 * The impact's notice of an operation neither version has says "it protects nothing"; it now blocks, so the notice
 * gives way to the unmet use, which keeps its manifest line. Both quote the operation as the consumer wrote it.
 */
export function foldUnknownOperations(notices: Notice[], unmet: UnmetUse[]): Notice[] {
  return notices.filter((n) => {
    if (n.code !== 'declaration-unknown-operation') return true;
    const use = unmet.find((u) => u.code === 'operation-missing' && u.consumer === n.consumer && n.message.includes(`"${u.operation}"`));
    if (use && n.line !== undefined) use.line = n.line;
    return use === undefined;
  });
}
