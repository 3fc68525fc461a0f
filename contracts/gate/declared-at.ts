// Where a consumer declared the use a reason is about: the line of its manifest entry, kept by the registry since
// round 30 (the file, repository and commit come from the consumer version's record, overseer/gather/declared-at.ts).
// Without it a "no" about a consumer read from the registry said what breaks but not where its owners should look.

import type { GateVersion } from '../gate.js';
import type { OperationUsage, VerdictReason } from '../model.js';
import { createOperationNamer } from '../satisfy.js';

type Namer = ReturnType<typeof createOperationNamer>;

/** Each reason about a consumer version's declared use, with `declaredAt.line` of the entry (its first, when several), and its file when the entry names one. */
export function sayWhereDeclared(reasons: VerdictReason[], versions: readonly (GateVersion | undefined)[]): VerdictReason[] {
  const namers = new Map<GateVersion, Namer>();
  const find = (service?: string, version?: string) => versions.find((v) => v !== undefined && v.service === service && v.version === version);
  return reasons.map((reason) => {
    if (reason.basis === 'observed' || reason.consumer === undefined || reason.provider === undefined) return reason;
    const consumer = find(reason.consumer, reason.consumerVersion);
    const uses = consumer?.declarations.find((d) => d.provider === reason.provider)?.uses;
    if (uses === undefined || uses === '*') return reason;
    const provider = find(reason.provider, reason.providerVersion);
    let namer: Namer | undefined;
    if (provider?.contract) {
      namer = namers.get(provider) ?? createOperationNamer(provider.contract.doc);
      namers.set(provider, namer);
    }
    const entry = findEntry(uses, operationsOf(reason), reason.field, namer);
    // An entry of one of several Pact files names its file; else the version's manifest is the file (gather/declared-at.ts).
    return entry === undefined ? reason : { ...reason, declaredAt: { line: entry.line, ...(entry.file !== undefined && { file: entry.file }) } };
  });
}

function operationsOf(reason: VerdictReason): Set<string> {
  if (reason.operation !== undefined) return new Set([reason.operation]);
  return new Set((reason.changes ?? []).flatMap((c) => c.operations ?? (c.operation === undefined ? [] : [c.operation])));
}

// An entry names its operation as written (`getUser` or `GET /users/{id}`); the reason, as the provider's contract does.
// Of two entries of one operation, the one naming the reason's field is the one to fix, as usage/unmet-offline.ts finds it.
function findEntry(
  uses: readonly OperationUsage[],
  operations: Set<string>,
  field: string | undefined,
  namer: Namer | undefined,
): { line: number; file?: string } | undefined {
  const entries = uses.filter((u) => u.line !== undefined && (operations.has(u.operation) || operations.has(namer?.(u.operation)?.label ?? '')));
  const names = (u: OperationUsage) => field !== undefined && [...(u.request ?? []), ...(u.response ?? []), ...(u.params ?? [])].includes(field);
  const chosen = entries.some(names) ? entries.filter(names) : entries;
  if (chosen.length === 0) return undefined;
  // Lines of two files do not compare: the first line in the file of the first entry listed.
  const { file } = chosen[0];
  const line = Math.min(...chosen.filter((u) => u.file === file).map((u) => u.line as number));
  return { line, ...(file !== undefined && { file }) };
}
