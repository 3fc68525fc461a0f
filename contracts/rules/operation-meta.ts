// What names and groups an operation: its operationId (which manifests may use to refer to it)
// and its tags. Informational: the wire does not change.

import { OPERATION_META_RULES } from './table/operation-meta.js';
import type { Emit, OperationPair, RuleFamily } from './types.js';

export const operationMetaFamily: RuleFamily = {
  name: 'operation-meta',
  rules: OPERATION_META_RULES,
  checkOperation(pair, emit) {
    checkOperationId(pair, emit);
    checkTags(pair, emit);
  },
};

function checkOperationId(pair: OperationPair, emit: Emit): void {
  const b = stringOr(pair.base.operation.operationId);
  const r = stringOr(pair.revision.operation.operationId);
  if (b === r) return;
  const target = { kind: 'operation' as const };
  if (b !== undefined) {
    const replaced = r !== undefined ? `, replaced by "${r}"` : '';
    emit({
      id: 'api-operation-id-removed',
      side: 'base',
      pointer: `${pair.base.pointer}/operationId`,
      message: `operationId "${b}" of ${pair.revision.label} was removed${replaced}`,
      target,
    });
  } else {
    emit({
      id: 'api-operation-id-added',
      side: 'revision',
      pointer: `${pair.revision.pointer}/operationId`,
      message: `${pair.revision.label} now has operationId "${r}"`,
      target,
    });
  }
}

function checkTags(pair: OperationPair, emit: Emit): void {
  const tags = (op: Record<string, any>) => (Array.isArray(op.tags) ? op.tags.filter((t: unknown): t is string => typeof t === 'string') : []);
  const b = tags(pair.base.operation);
  const r = tags(pair.revision.operation);
  const target = { kind: 'operation' as const };
  for (const t of b)
    if (!r.includes(t))
      emit({
        id: 'api-tag-removed',
        side: 'base',
        pointer: `${pair.base.pointer}/tags`,
        message: `tag "${t}" was removed from ${pair.revision.label}`,
        target,
      });
  for (const t of r)
    if (!b.includes(t))
      emit({
        id: 'api-tag-added',
        side: 'revision',
        pointer: `${pair.revision.pointer}/tags`,
        message: `tag "${t}" was added to ${pair.revision.label}`,
        target,
      });
}

function stringOr(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
