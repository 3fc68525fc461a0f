// A refused removal's way out (expand and contract), taken out of gate.ts: whether a running provider version already
// deprecates what the removal takes, so the consumer moves off it, or nothing does, so the provider deprecates first.

import { type Deprecation, findDeprecationUses, listDeprecations } from '../deprecations.js';
import type { GateInput, GateVersion } from '../gate.js';
import type { Change, Declaration, VerdictReason } from '../model.js';

/**
 * A refused removal points the way out (expand and contract): if the removed part is already deprecated in a version
 * that runs there, the consumer must move off it first; if not, deprecate it first. Other breaking changes have no such
 * path. Where two versions run (a rollout), one that deprecates the part is enough: its consumers were told, and
 * `overseer migrations` lists the part as deprecated there. The way out is also a field, for doors that word their own.
 */
export function withWayOut(reason: VerdictReason, input: GateInput, declarations: Declaration[]): VerdictReason {
  const removed = (reason.changes ?? []).filter((c) => c.id.includes('removed'));
  const running = input.deployed.filter((v) => v.service === input.service && v.contract && v.live !== 'released');
  if (removed.length === 0 || running.length === 0) return reason;
  const deprecating = running.filter((v) => {
    const deprecated = declarations.flatMap((d) =>
      findDeprecationUses(listDeprecations(v.contract!.doc, { foreignKeywords: v.contract!.foreignKeywords }), d.uses, v.contract!.doc),
    );
    return deprecated.some((use) => removed.some((c) => deprecationCovers(use.deprecation, c)));
  });
  const consumer = `${reason.consumer} ${reason.consumerVersion}`;
  const versions = (list: GateVersion[]) => `${input.service} ${list.map((v) => v.version).join(' nor ')}`;
  const migrations = `(overseer migrations --service ${input.service})`;
  const advice =
    deprecating.length > 0
      ? `it is already deprecated in ${versions(deprecating.slice(-1))} and ${consumer} still uses it: ${consumer} must stop using it before the removal ${migrations}`
      : `it is not deprecated in ${versions(running)}: deprecate it first in a minor version, remove it once no consumer uses it ${migrations}`;
  const wayOut: Pick<VerdictReason, 'wayOut' | 'deprecatedIn'> =
    deprecating.length > 0 ? { wayOut: 'move-off', deprecatedIn: deprecating.at(-1)!.version } : { wayOut: 'deprecate-first' };
  return { ...reason, message: `${reason.message}. ${advice[0]!.toUpperCase()}${advice.slice(1)}`, ...wayOut };
}

/**
 * Whether a removal takes away the part `deprecation` marks: a deprecated operation covers all it holds; a parameter or
 * field covers itself and what it holds, found by where the two are written (a shared schema's field is one place, named
 * from each operation by its own path) or by its name in the operation the change is named under. A consumer taking an
 * operation whole uses every deprecated part of it, and the deprecation of one says nothing about the removal of another.
 */
function deprecationCovers(deprecation: Deprecation, change: Change): boolean {
  if (!(change.operations ?? [change.operation]).includes(deprecation.operation)) return false;
  if (deprecation.part === 'operation') return true;
  if (change.location === deprecation.pointer || change.location.startsWith(`${deprecation.pointer}/`)) return true;
  if (change.operation !== deprecation.operation) return false;
  const target = change.target;
  const within = (field: string | undefined, top: string | undefined) =>
    field !== undefined && top !== undefined && (field === top || field.startsWith(`${top}.`) || field.startsWith(`${top}[]`));
  if (deprecation.part === 'parameter') {
    return target.kind === 'parameter' && target.name === deprecation.parameter?.name && target.in === deprecation.parameter.in;
  }
  const kind = deprecation.part === 'request-field' ? 'request-body' : 'response';
  return target.kind === kind && within(target.field, deprecation.field);
}
