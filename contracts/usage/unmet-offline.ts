// `diff --consumers` as the gate: a use a consumer declares that the revision does not offer (an operation neither
// version has, a field neither returns) refuses the provider's deploy at the gate even though no change caused it, and
// the offline answer said yes with a notice. Here such uses are found, and block.

import { repeatsChange } from '../gate/fold-repeats.js';
import type { LoadedContract } from '../load/load.js';
import type { Declaration, FailOn, JudgedChange, Notice, OperationUsage, UnmetUse, VerdictReason } from '../model.js';
import { findOperation, operationsOf, readSatisfies } from '../satisfy.js';
import { missesInAddedSuccesses } from './added-successes.js';
import { keyOfMiss } from './already-unmet.js';
import { followBasePath, type MovedUse } from './base-path-uses.js';
import { serverPaths } from './server-bases.js';

/**
 * The revision's shortfalls for each declaration, but those a change that breaks that consumer already states (a removal
 * of what it reads), folded as every door folds the gate's reasons (gate/fold-repeats.ts): a reader needs the fact once.
 */
export function findUnmetUses(
  revision: LoadedContract,
  declarations: Declaration[],
  changes: JudgedChange[],
  failOn: FailOn,
  versions: ReadonlyMap<Declaration, { name: string; file?: string; version?: string }> = new Map(),
  base?: LoadedContract,
  moved?: MovedUse[],
): UnmetUse[] {
  const unmet: UnmetUse[] = [];
  const inBase = base && nameInBase(base);
  for (const written of declarations) {
    // Judged at the URL it calls where the base path moved into the paths (base-path-uses.ts); its manifest keyed by what was written.
    const d = base ? followBasePath(written, [base], revision, moved) : written;
    // A consumer given in several manifests: only a change that breaks this one states its miss (consumer-versions.ts).
    const of = versions.get(written);
    const breaking = changes.filter((c) => c.consumers?.includes(d.consumer) && (of === undefined || c.consumerFiles?.[d.consumer]?.includes(of.name)));
    // What the base fails of the same use, read once and only where the revision fails some: a miss the base does not
    // share is the revision's, though no rule names the change (a 409 added without the `message` a 4XX reader reads).
    let failedInBase: Set<string> | undefined;
    const baseMeets = (r: Readonly<VerdictReason>) => {
      failedInBase ??= new Set(base ? readSatisfies(base, written).map(keyOfMiss) : []);
      return base !== undefined && !failedInBase.has(keyOfMiss(r));
    };
    const added = base ? missesInAddedSuccesses([base], revision, d) : [];
    for (const r of [...readSatisfies(revision, d), ...added]) {
      if (r.consumer === undefined || repeatsChange(r, breaking) || (inBase && repeatsChange(inBase(r), breaking))) continue;
      const use: UnmetUse = { code: r.code, consumer: r.consumer, message: r.message, blocking: failOn !== 'never' };
      if (of?.file !== undefined) use.file = of.file;
      if (of?.version !== undefined) use.consumerVersion = of.version;
      if (r.operation !== undefined) use.operation = r.operation;
      if (r.field !== undefined) use.field = r.field;
      if (baseMeets(r)) use.metByBase = true;
      const entry = findDeclaringEntry(revision, d, r);
      if (entry?.line !== undefined) use.line = entry.line;
      // An entry of one of several Pact files names the file its line is in.
      if (entry?.line !== undefined && entry.file !== undefined && use.file === undefined) use.file = entry.file;
      unmet.push(use);
    }
  }
  return unmet;
}

/**
 * A miss named as a base writes its operation: an entry written as an operationId the revision no longer has is
 * missed under that id (`listUsers`), while the change that removed it names `GET /users`; found in a base, the miss
 * is the removal's, one fault (a deleted contract removes every operation its consumers named by id). The gate has a
 * base per live version: the first that knows the id names it.
 */
export function nameInBase(...bases: LoadedContract[]): (miss: Readonly<VerdictReason>) => Readonly<VerdictReason> {
  const found = bases.map((base) => ({ operations: operationsOf(base.doc), paths: serverPaths(base.doc) }));
  return (miss) => {
    if (miss.code !== 'operation-missing' || miss.operation === undefined) return miss;
    for (const { operations, paths } of found) {
      const label = findOperation(miss.operation, operations, paths)?.label;
      if (label !== undefined) return { ...miss, operation: label };
    }
    return miss;
  };
}

/**
 * The manifest entry a miss is about, for its line: a request field or a required input the consumer does not send is
 * as much its entry's as a missing operation, and the reader goes to that entry to fix it. A miss names the operation as
 * the contract writes it (`GET /users/{id}`, for an entry `getUser` or `GET /users/{userId}`), so each entry is found
 * in the contract as the check found it; of two entries of one operation, the one that names the field.
 */
function findDeclaringEntry(revision: LoadedContract, d: Declaration, miss: Readonly<VerdictReason>): OperationUsage | undefined {
  if (d.uses === '*') return undefined;
  const operations = operationsOf(revision.doc);
  const bases = serverPaths(revision.doc);
  const entries = d.uses.filter((u) => u.operation === miss.operation || findOperation(u.operation, operations, bases)?.label === miss.operation);
  const field = miss.field;
  const names = (u: OperationUsage) => field !== undefined && [...(u.request ?? []), ...(u.response ?? []), ...(u.params ?? [])].includes(field);
  return entries.find(names) ?? entries[0];
}

/**
 * The impact's notice of an operation neither version has says "it protects nothing"; it now blocks, so the notice
 * gives way to the unmet use, which has its manifest line. Both quote the operation as the consumer wrote it.
 */
export function foldUnknownOperations(notices: Notice[], unmet: UnmetUse[]): Notice[] {
  return notices.filter(
    (n) =>
      n.code !== 'declaration-unknown-operation' ||
      !unmet.some((u) => u.code === 'operation-missing' && u.consumer === n.consumer && n.message.includes(`"${u.operation}"`)),
  );
}
