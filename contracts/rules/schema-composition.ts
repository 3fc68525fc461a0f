// Composition: `oneOf`/`anyOf` alternatives appearing or disappearing, `allOf` parts added or
// dropped (a new part is one more constraint on a request), and an object wrapped into `oneOf`.
import { describePlace, schemaRules } from './schema-ids.js';
import { type BranchPair, type RuleFamily, type SchemaEmit, schemaRuleId } from './types.js';

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

export const schemaCompositionFamily: RuleFamily = {
  name: 'schema-composition',
  rules: [
    ...schemaRules('one-of-removed', { request: 'breaking', response: 'info' }, 'a oneOf alternative was removed'),
    ...schemaRules('one-of-added', { request: 'info', response: 'breaking' }, 'a oneOf alternative was added'),
    ...schemaRules('any-of-removed', { request: 'breaking', response: 'info' }, 'an anyOf alternative was removed'),
    ...schemaRules('any-of-added', { request: 'info', response: 'breaking' }, 'an anyOf alternative was added'),
    ...schemaRules('all-of-added', { request: 'breaking', response: 'info' }, 'an allOf part was added (one more constraint)'),
    ...schemaRules('all-of-removed', { request: 'warning', response: 'info' }, 'an allOf part was removed'),
    ...schemaRules('all-of-added-annotation-only', { request: 'info', response: 'info' }, 'an allOf part with only annotations was added'),
    ...schemaRules('all-of-removed-annotation-only', { request: 'info', response: 'info' }, 'an allOf part with only annotations was removed'),
    ...schemaRules('became-all-of', { request: 'info', response: 'info' }, 'restructured into allOf parts (compared by what the parts mean together)'),
    ...schemaRules('wrapped-in-one-of', { request: 'breaking', response: 'breaking' }, 'the object was replaced by a set of oneOf alternatives'),
  ],
  checkBranch(pair, emit) {
    emitBranch(pair, emit);
  },
  checkWrap(pair, emit) {
    const where = describePlace(pair.direction, pair.position);
    const count = Array.isArray(pair.revision.node.oneOf) ? pair.revision.node.oneOf.length : 0;
    emit({
      id: schemaRuleId(pair.direction, pair.position, 'wrapped-in-one-of'),
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
  const kw = pair.keyword === 'oneOf' ? 'one-of' : pair.keyword === 'anyOf' ? 'any-of' : 'all-of';
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
      id: schemaRuleId(pair.direction, pair.position, 'became-all-of'),
      side,
      pointer: located.pointer,
      message: `${where} is now composed with allOf (part ${name(located)})`,
    });
    return;
  }
  const suffix = `${kw}-${pair.base ? 'removed' : 'added'}${annotationOnly ? '-annotation-only' : ''}`;
  emit({
    id: schemaRuleId(pair.direction, pair.position, suffix),
    side,
    pointer: located.pointer,
    message: `${what} ${name(located)} was ${pair.base ? 'removed from' : 'added to'} ${where}`,
  });
}
