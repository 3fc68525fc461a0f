// A consumer's declared use that the provider's live versions already fail (a field that was never there, or one a
// waiver let go): the candidate is still refused for it, and the verdict says it was unmet before, and by which version;
// only a waiver naming that use (policy/gate-waivers.ts) lets the candidate through.

import { keyOfLabel } from '../format/annotate.js';
import type { GateInput, GateVersion } from '../gate.js';
import type { Declaration, VerdictReason } from '../model.js';
import { readSatisfies } from '../satisfy.js';

/**
 * For one declaration, the live versions of the provider that fail the same use as a shortfall (its code, operation and
 * field), or none when one of them meets it: then the candidate is what takes it away. `live` holds the versions with a
 * contract; each is checked once, at the first shortfall asked about, however many shortfalls the declaration has.
 * `written` is the declaration as the consumer wrote it, where the candidate moved the base path into its paths and
 * `declaration` follows the move (usage/base-path-uses.ts): the live versions serve the path written, so they are
 * asked about that one, and a shortfall named at the new path is looked for at the path written.
 */
export function lookUpAlreadyUnmet(
  live: readonly GateVersion[],
  declaration: Declaration,
  written: Declaration = declaration,
): (reason: Readonly<VerdictReason>) => readonly GateVersion[] {
  let failedBy: Set<string>[] | undefined;
  const asWritten = mapMovedOperations(declaration, written);
  return (reason) => {
    if (live.length === 0) return [];
    failedBy ??= live.map((version) => new Set(readSatisfies(version.contract!, written).map(keyOfMiss)));
    const before = reason.operation === undefined ? undefined : asWritten.get(keyOfLabel(reason.operation));
    const key = keyOfMiss(before === undefined ? reason : { ...reason, operation: before });
    return failedBy.every((failed) => failed.has(key)) ? live : [];
  };
}

/** Each operation the declaration followed to a new path, by the new path's key: the operation as written. */
function mapMovedOperations(declaration: Declaration, written: Declaration): Map<string, string> {
  const moved = new Map<string, string>();
  if (declaration === written || declaration.uses === '*' || written.uses === '*') return moved;
  const before = written.uses;
  declaration.uses.forEach((use, i) => {
    const was = before[i]?.operation;
    if (was !== undefined && was !== use.operation) moved.set(keyOfLabel(use.operation), was);
  });
  return moved;
}

/** `...which checkout-web reads; already unmet by the deployed version 1.4.0: not caused by this change (...)` */
export function markAlreadyUnmet(reason: VerdictReason, versions: readonly GateVersion[], against: GateInput['against']): VerdictReason {
  const consumer = reason.consumer ?? 'the consumer';
  const provider = reason.provider ?? 'the provider';
  // The refusal names its way out too: the provider cannot fix another team's declaration, and a trap gets a gate switched off.
  const advice = `${consumer}'s owners should correct its declaration, or ${provider} offer it; meanwhile a waiver ${describeWaiverFor(reason, consumer)}, with a reason and expires, lets ${provider} deploy`;
  return Object.assign(reason, {
    message: `${reason.message}; ${sayUnmetBefore(versions, against)}: not caused by this change (${advice})`,
    alreadyUnmetBy: versions.map((v) => v.version),
  });
}

/** `{rule: field-missing, operation: GET /users/{id}, consumer: audit-job, field: nickname}`: a waivers file's entry, but why and until when. */
function describeWaiverFor(reason: VerdictReason, consumer: string): string {
  const parts = [`rule: ${reason.code}`, `operation: ${reason.operation ?? '*'}`, `consumer: ${consumer}`, ...(reason.field ? [`field: ${reason.field}`] : [])];
  return `{${parts.join(', ')}}`;
}

/**
 * `already unmet by the deployed version 1.4.0`: the refusal says it, and so does the waiver that accepts the use.
 * Outside an environment (`check` against the latest versions or a branch) the versions compared are published, not
 * deployed, and the sentence says so: a reader told "deployed" goes looking for a deployment that does not exist.
 */
export function sayUnmetBefore(versions: readonly GateVersion[], against: GateInput['against']): string {
  const kind = against === 'latest' || against === 'branch' ? 'latest published' : versions.every((v) => v.live === 'released') ? 'released' : 'deployed';
  return `already unmet by the ${kind} version${versions.length === 1 ? '' : 's'} ${versions.map((v) => v.version).join(', ')}`;
}

/**
 * The same miss in two contracts, by what it is: its words are not, since each contract says it in its own (the operation
 * as that contract names its path parameters, `GET /users/{id}` or `{userId}`, and the field it guesses was meant): compared
 * by their text, a miss both versions share read as one the candidate made.
 */
export function keyOfMiss(reason: Readonly<VerdictReason>): string {
  return JSON.stringify([reason.code, reason.operation === undefined ? '' : keyOfLabel(reason.operation), reason.field ?? '']);
}
