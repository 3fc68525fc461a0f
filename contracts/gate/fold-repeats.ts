// The gate states a consumer's loss twice: as the change that breaks it (`breaks-consumer`) and as what it then misses
// (`field-missing`, `operation-missing`, `parameter-rejected`). Every door (the CLI, the Action, the dashboard's verdict
// page, Slack) folds the repeat here, so that each counts the reasons alike; the miss stays when no change explains it.

import type { Change, VerdictReason } from '../model.js';

const MISSES: ReadonlySet<string> = new Set(['field-missing', 'operation-missing', 'parameter-rejected']);

/** The reasons a reader needs: each miss that a breaking change to the same consumer version already states is left out. */
export function foldRepeatedReasons<R extends VerdictReason>(reasons: readonly R[]): R[] {
  const changes = reasons
    .filter((r) => r.code === 'breaks-consumer')
    .flatMap((r) => (r.changes ?? []).map((change) => ({ consumer: r.consumer, version: r.consumerVersion, change })));
  if (changes.length === 0) return [...reasons];
  return reasons.filter(
    (miss) =>
      !(
        MISSES.has(miss.code) &&
        changes.some(({ consumer, version, change }) => consumer === miss.consumer && version === miss.consumerVersion && explainsMiss(change, miss))
      ),
  );
}

/** Whether the change takes away what the miss names (its operation, or its field there). */
export function explainsMiss(change: Change, miss: Pick<VerdictReason, 'operation' | 'field'>): boolean {
  if (miss.operation === undefined || !(change.operation === miss.operation || change.operations?.includes(miss.operation))) return false;
  if (miss.field === undefined) return change.target.kind === 'operation' && /removed/.test(change.id);
  const field = 'field' in change.target ? change.target.field : change.target.kind === 'parameter' ? change.target.name : undefined;
  // A shared schema's field is named by the first operation reaching it (`items[].email` under GET /users): compare leaves.
  return field !== undefined && leafOf(field) === leafOf(miss.field);
}

function leafOf(field: string): string {
  return (field.split('.').at(-1) ?? field).replace(/\[\]$/, '');
}
