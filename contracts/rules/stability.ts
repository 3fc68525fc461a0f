// `x-stability-level` of operations (draft < alpha < beta < stable): a level that cannot be read,
// a level lowered or raised. Draft and alpha operations promise nothing, so the other families do
// not judge them (`skipUnstable`), as oasdiff does by default.
import type { OperationEntry } from '../schema/operations.js';
import { STABILITY_RULES } from './table/stability.js';
import type { Emit, OperationPair, RuleFamily } from './types.js';

const STABILITY_LEVELS = ['draft', 'alpha', 'beta', 'stable'] as const;
type StabilityLevel = (typeof STABILITY_LEVELS)[number];

/** The operation's level; `undefined` when unset, `'invalid'` when set to something unknown. */
function stabilityOf(operation: Record<string, any>): StabilityLevel | 'invalid' | undefined {
  const v = operation['x-stability-level'];
  if (v === undefined) return undefined;
  return typeof v === 'string' && (STABILITY_LEVELS as readonly string[]).includes(v) ? (v as StabilityLevel) : 'invalid';
}

/** Draft and alpha operations carry no compatibility promise. */
function isUnstable(operation: Record<string, any>): boolean {
  const level = stabilityOf(operation);
  return level === 'draft' || level === 'alpha';
}

export const stabilityFamily: RuleFamily = {
  name: 'stability',
  rules: STABILITY_RULES,
  checkOperation(pair, emit) {
    checkStability(pair, emit);
  },
};

function checkStability(pair: OperationPair, emit: Emit): void {
  const target = { kind: 'operation' as const };
  const b = stabilityOf(pair.base.operation);
  const r = stabilityOf(pair.revision.operation);
  const invalid = (side: 'base' | 'revision', entry: OperationEntry) =>
    emit({
      id: 'api-invalid-stability-level',
      side,
      pointer: `${entry.pointer}/x-stability-level`,
      message: `${entry.label} has x-stability-level ${JSON.stringify(entry.operation['x-stability-level'])}, which is not one of ${STABILITY_LEVELS.join(', ')}`,
      target,
    });
  if (r === 'invalid') invalid('revision', pair.revision);
  else if (b === 'invalid') invalid('base', pair.base);
  if (b === undefined || r === undefined || b === 'invalid' || r === 'invalid' || b === r) return;
  const lowered = STABILITY_LEVELS.indexOf(r) < STABILITY_LEVELS.indexOf(b);
  emit({
    id: lowered ? 'api-stability-decreased' : 'api-stability-increased',
    side: 'revision',
    pointer: `${pair.revision.pointer}/x-stability-level`,
    message: `x-stability-level of ${pair.revision.label} was ${lowered ? 'lowered' : 'raised'} from ${b} to ${r}`,
    target,
    ...(lowered ? { everyCaller: true } : {}),
  });
}

/** The family, with its operation checks skipped for operations that were draft or alpha in the base. */
export function skipUnstable(family: RuleFamily): RuleFamily {
  const { checkOperation, checkOperationRemoved } = family;
  return {
    ...family,
    ...(checkOperation
      ? { checkOperation: (pair, emit, walk, addRoot) => (isUnstable(pair.base.operation) ? undefined : checkOperation(pair, emit, walk, addRoot)) }
      : {}),
    ...(checkOperationRemoved
      ? { checkOperationRemoved: (base, docs, e) => (isUnstable(base.operation) ? undefined : checkOperationRemoved(base, docs, e)) }
      : {}),
  };
}
