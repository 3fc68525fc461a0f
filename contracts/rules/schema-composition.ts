// Composition: `oneOf`/`anyOf` alternatives appearing or disappearing, `allOf` parts added or
// dropped (a new part is one more constraint on a request), and an object wrapped into `oneOf`.
import { describePlace } from './schema-ids.js';
import { SCHEMA_COMPOSITION_RULES } from './table/schema-composition.js';
import { ruleAt, type SchemaChange } from './table.js';
import type { BranchPair, RuleFamily, SchemaEmit } from './types.js';

/** Keywords that describe without constraining: an `allOf` part made only of them changes nothing. */
const ANNOTATION_KEYWORDS = new Set([
  'title',
  'description',
  'example',
  'examples',
  '$comment',
  'externalDocs',
  'deprecated',
  'readOnly',
  'writeOnly',
  'default',
]);

/** The change a branch that exists on one side is: per keyword, per side, plain or annotation-only (only allOf has the latter). */
const BRANCH_CHANGES = {
  oneOf: { added: ['one-of-added', 'one-of-added'], removed: ['one-of-removed', 'one-of-removed'] },
  anyOf: { added: ['any-of-added', 'any-of-added'], removed: ['any-of-removed', 'any-of-removed'] },
  allOf: { added: ['all-of-added', 'all-of-added-annotation-only'], removed: ['all-of-removed', 'all-of-removed-annotation-only'] },
} as const satisfies Record<BranchPair['keyword'], Record<'added' | 'removed', readonly [SchemaChange, SchemaChange]>>;

export const schemaCompositionFamily: RuleFamily = {
  name: 'schema-composition',
  rules: SCHEMA_COMPOSITION_RULES,
  checkBranch(pair, emit) {
    emitBranch(pair, emit);
  },
  checkWrap(pair, emit) {
    const where = describePlace(pair.direction, pair.position);
    const count = Array.isArray(pair.revision.node.oneOf) ? pair.revision.node.oneOf.length : 0;
    emit({
      id: ruleAt(pair.direction, pair.position, 'wrapped-in-one-of'),
      side: 'revision',
      pointer: `${pair.revision.pointer}/oneOf`,
      message: `${where} was wrapped in oneOf (${count} alternatives)`,
      everyCaller: pair.direction === 'request',
      breaksDependents: true,
    });
  },
};

function emitBranch(pair: BranchPair, emit: SchemaEmit): void {
  if (pair.base && pair.revision) return;
  const where = describePlace(pair.direction, pair.position);
  const name = (s: { node: any; pointer: string }) =>
    typeof s.node?.$ref === 'string' ? s.node.$ref.slice(s.node.$ref.lastIndexOf('/') + 1) : `#${s.pointer.slice(s.pointer.lastIndexOf('/') + 1)}`;
  const what = pair.keyword === 'allOf' ? 'allOf part' : `${pair.keyword} alternative`;
  const side = pair.base ? 'base' : 'revision';
  const located = (pair.base ?? pair.revision)!;
  const resolved = pair.resolved[side];
  const annotationOnly =
    pair.keyword === 'allOf' && resolved !== undefined && Object.keys(resolved).every((k) => ANNOTATION_KEYWORDS.has(k) || k.startsWith('x-'));
  // A schema newly split into allOf parts is compared flattened, so the split itself changes nothing.
  if (pair.keyword === 'allOf' && !pair.base && pair.counts.base === 0 && !annotationOnly) {
    emit({
      id: ruleAt(pair.direction, pair.position, 'became-all-of'),
      side,
      pointer: located.pointer,
      message: `${where} is now composed with allOf (part ${name(located)})`,
    });
    return;
  }
  const change = BRANCH_CHANGES[pair.keyword][pair.base ? 'removed' : 'added'][annotationOnly ? 1 : 0];
  emit({
    id: ruleAt(pair.direction, pair.position, change),
    side,
    pointer: located.pointer,
    message: pair.wrapped
      ? // The other version's schema is one of the alternatives: what changed is only this one beside it.
        `${where} was ${pair.base ? `taken out of ${pair.keyword}, without` : `wrapped in ${pair.keyword}, with`} alternative ${name(located)}${typeOf(resolved)}`
      : `${what} ${name(located)} was ${pair.base ? 'removed from' : 'added to'} ${where}`,
  });
}

/** An alternative's type, to name an inline one (`#1 (integer)`, `#1 (string or null)` where 3.0's `nullable` says so). */
function typeOf(schema: { type?: unknown; nullable?: unknown } | undefined): string {
  const type = schema?.type;
  if (typeof type !== 'string' && !Array.isArray(type)) return '';
  const types = [type, schema?.nullable === true ? 'null' : []].flat();
  return ` (${[...new Set(types)].join(' or ')})`;
}
