// The gate states a consumer's loss twice: as the change that breaks it (`breaks-consumer`) and as what it then misses
// (`field-missing`, `operation-missing`, ...). Every door (the CLI, the Action, the dashboard's verdict page, Slack, and
// `diff --consumers` offline) folds the repeat here, so that each counts the reasons alike; a miss stays when no change
// explains it (a misspelt field beside a removed one is a second loss, not a repeat).

import { keyOfLabel } from '../format/annotate.js';
import type { Change, VerdictReason } from '../model.js';
import type { ChangeReader } from '../policy/field-reading.js';
import { fieldTails } from '../policy/field-tails.js';

const MISSES: ReadonlySet<string> = new Set(['field-missing', 'operation-missing', 'parameter-rejected', 'request-field-rejected', 'required-input-missing']);

type Miss = Pick<VerdictReason, 'code' | 'operation' | 'field'>;

/** The reasons a reader needs: each miss that a breaking change to the same consumer version already states is left out. */
export function foldRepeatedReasons<R extends VerdictReason>(reasons: readonly R[]): R[] {
  const breaks = reasons.filter((r) => r.code === 'breaks-consumer');
  if (breaks.length === 0) return [...reasons];
  return reasons.filter(
    (miss) =>
      !repeatsChange(
        miss,
        breaks.filter((r) => r.consumer === miss.consumer && r.consumerVersion === miss.consumerVersion).flatMap((r) => r.changes ?? []),
      ),
  );
}

/** Whether one of the changes that break the consumer already states the miss: it takes away what the miss names. */
export function repeatsChange(miss: Miss, changes: readonly Change[]): boolean {
  return MISSES.has(miss.code) && changes.some((change) => explainsMiss(change, miss));
}

/** Whether the change takes away what the miss names (its operation, whatever its parameters are called, or its field there). */
export function explainsMiss(change: Change, miss: Pick<VerdictReason, 'operation' | 'field'>): boolean {
  if (miss.operation === undefined) return false;
  const key = keyOfLabel(miss.operation);
  if (![change.operation, ...(change.operations ?? [])].some((label) => label !== undefined && keyOfLabel(label) === key)) return false;
  if (miss.field === undefined) return change.target.kind === 'operation' && /removed/.test(change.id);
  const field = 'field' in change.target ? change.target.field : change.target.kind === 'parameter' ? change.target.name : undefined;
  if (field === undefined) return false;
  const missed = miss.field;
  // The field as the miss's operation reads it, as waivers read it (policy/field-reading.ts): its own path where the
  // change is filed under that operation, else the path the gate read through the diff and wrote on the change
  // (`fieldsAt`). A tail of the path (`city` of `shipping.city`) is no such reading: `billing.city`, another schema's
  // field never returned, is a second loss, and was hidden (and waived with the first).
  if (keyOfLabel(change.operation ?? '') === key) return liesAlong(missed, field);
  const read = change.fieldsAt?.[miss.operation];
  if (read !== undefined) return read !== null && liesAlong(missed, read);
  // A change the gate wrote no reading on (an older registry's, a parameter): each tail no shorter than its path in the
  // shared schema, so that `address.city` is the loss of a removed `address` from any operation reaching it.
  return [field, ...fieldTails(change, field)].some((part) => liesAlong(missed, part));
}

/**
 * The changes that break a consumer, each with `fieldsAt`: its field as read through the diff from each other operation
 * reaching it where the consumer misses a field (`misses`), so that the doors, which have no diff, fold as waivers read.
 */
export function noteFieldsRead(changes: readonly Change[], misses: readonly Miss[], read: ChangeReader): Change[] {
  return changes.map((change) => {
    if (!('field' in change.target) || change.target.field === undefined) return change;
    const own = keyOfLabel(change.operation ?? '');
    const reached = new Set((change.operations ?? []).map(keyOfLabel));
    const at: Record<string, string | null> = {};
    for (const { operation, field } of misses) {
      if (operation === undefined || field === undefined || operation in at) continue;
      const key = keyOfLabel(operation);
      if (key !== own && reached.has(key)) at[operation] = read.field(change, operation) ?? null;
    }
    return Object.keys(at).length === 0 ? change : { ...change, fieldsAt: at };
  });
}

/** Whether `part` is a run of whole steps of `path` that reaches to its end or holds it (`address` along `order.address.city`). */
function liesAlong(path: string, part: string): boolean {
  const endsStep = (end: number) => end === path.length || path[end] === '.' || path.startsWith('[]', end);
  if (path.startsWith(part) && endsStep(part.length)) return true;
  for (let at = path.indexOf(`.${part}`); at >= 0; at = path.indexOf(`.${part}`, at + 1)) if (endsStep(at + 1 + part.length)) return true;
  return false;
}
