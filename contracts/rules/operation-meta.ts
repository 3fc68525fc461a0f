// What names and groups an operation: its operationId (which manifests may use to refer to it), its tags and the
// document's Tag Objects that describe them. Informational: the wire does not change.

import { OPERATION_META_RULES } from './table/operation-meta.js';
import type { DocumentPair, Emit, OperationPair, RuleFamily } from './types.js';

export const operationMetaFamily: RuleFamily = {
  name: 'operation-meta',
  rules: OPERATION_META_RULES,
  checkDocument: checkTagDefinitions,
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

/**
 * The root `tags` list: Tag Objects give a tag a description and an order for documentation and generated clients; an
 * operation's tag needs none ("Not all tags that are used by the Operation Object must be declared"). A definition gone
 * is info, as a tag taken from an operation is, whether or not an operation uses its name. One added is not reported:
 * it takes nothing from anyone, and real revisions add dozens (Netlify's 35), which would bury the report's info.
 */
function checkTagDefinitions(docs: DocumentPair, emit: Emit): void {
  const b = tagDefinitions(docs.base.doc);
  const r = tagDefinitions(docs.revision.doc);
  const target = { kind: 'document' as const };
  for (const [name, index] of b) {
    if (r.has(name)) continue;
    const users = taggedOperations(docs.revision.operations.values(), name);
    const still =
      users === 0 ? 'no operation uses it' : `${users} operation${users === 1 ? '' : 's'} still tagged "${name}" keep the tag, without its description`;
    emit({
      id: 'api-tag-definition-removed',
      side: 'base',
      pointer: `/tags/${index}`,
      message: `tag "${name}" was removed from the document's tags (${still}); documentation only, nothing on the wire changed`,
      target,
    });
  }
}

/** Each Tag Object's name and its index in the root list (the first, should a name be written twice). */
function tagDefinitions(doc: Record<string, any>): Map<string, number> {
  const out = new Map<string, number>();
  const list = Array.isArray(doc.tags) ? doc.tags : [];
  list.forEach((t: unknown, i: number) => {
    const name = (t as { name?: unknown } | null)?.name;
    if (typeof name === 'string' && !out.has(name)) out.set(name, i);
  });
  return out;
}

function taggedOperations(operations: Iterable<{ operation: Record<string, any> }>, name: string): number {
  let n = 0;
  for (const e of operations) if (Array.isArray(e.operation.tags) && e.operation.tags.includes(name)) n++;
  return n;
}
