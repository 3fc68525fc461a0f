// Composition: `oneOf`/`anyOf` alternatives appearing or disappearing, `allOf` parts added or dropped (a new part
// constrains a request unless it only declares optional properties), and an object wrapped into `oneOf`.
import { matchBranches } from '../schema/branch-match.js';
import { isSchemaObject, type Schema } from '../schema/dialect.js';
import { branchDiscriminators } from '../schema/discriminator-values.js';
import { overlappingMembers, swappedList } from '../schema/disjoint-members.js';
import { typeListPair } from '../schema/type-list.js';
import { describePlace } from './schema-ids.js';
import { SCHEMA_COMPOSITION_RULES } from './table/schema-composition.js';
import { ruleAt, type SchemaChange } from './table.js';
import type { BranchPair, RuleFamily, SchemaEmit, SchemaPair } from './types.js';

/**
 * Keywords that constrain nothing: annotations, and flags the walk reads as the schema's own wherever they are written
 * (3.0's `nullable` only lets null in, which the nullability rule reports). An `allOf` part made only of them adds no constraint.
 */
const ANNOTATION_KEYWORDS = new Set([
  'nullable',
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
  // A trade of `oneOf` for `anyOf` changes both keywords; the members it pairs are followed only then.
  keywords: { read: ['oneOf', 'anyOf'] },
  checkSchema(pair, emit) {
    // Nearly every pair has no alternatives: the swap is looked for only where the base writes some.
    if (pair.base.node.oneOf !== undefined || pair.base.node.anyOf !== undefined) emitSwap(pair, emit);
  },
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

/**
 * `oneOf` traded for `anyOf` (or back): the same alternatives, but a value matching two was refused under oneOf and is
 * valid under anyOf. The revision's alternatives say which values those are; where none can match two, nothing changed.
 */
function emitSwap(pair: SchemaPair, emit: SchemaEmit): void {
  if (pair.resolvers === undefined) return;
  const swap = swappedList(pair.base.node, pair.revision.node, pair.resolvers);
  const resolver = pair.resolvers.revision;
  if (swap === undefined) return;
  // Alternatives that are bare types: the types the trade let in or shut out are said by the type list (schema-types.ts).
  if (typeListPair(pair.base.node, pair.revision.node, { base: !pair.resolvers.base.is31, revision: !resolver.is31 })) return;
  const list: unknown[] = pair.revision.node[swap.revision];
  const widened = swap.base === 'oneOf';
  const kept = keptMembers(pair.base.node[swap.base], list, pair);
  // Newly valid under anyOf: a value that matched two alternatives of the base. Newly refused under oneOf: one that
  // matched an alternative of the base and matches another now. Alternatives only added are judged as added.
  const counts = widened ? (i: number, j: number) => kept.has(i) && kept.has(j) : (i: number, j: number) => kept.has(i) || kept.has(j);
  const overlap = overlappingMembers(pair.revision.node, swap.revision, resolver, !resolver.is31, counts);
  if (overlap === undefined) return;
  const [i, j] = overlap.map((k) => memberName(list[k], k));
  emit({
    id: ruleAt(pair.direction, pair.position, widened ? 'one-of-became-any-of' : 'any-of-became-one-of'),
    side: 'revision',
    pointer: `${pair.revision.pointer}/${swap.revision}`,
    message: `${describePlace(pair.direction, pair.position)}: ${swap.base} became ${swap.revision}, so a value matching more than one alternative (${i} and ${j} may both match) is ${widened ? 'now valid' : 'no longer valid'}`,
  });
}

/** The revision's alternatives paired with one of the base's, as the walk pairs them. */
function keptMembers(bl: unknown[], rl: unknown[], pair: SchemaPair): Set<number> {
  const resolvers = pair.resolvers!;
  const discriminators = branchDiscriminators(pair.base.node, pair.revision.node, bl, rl, resolvers);
  const kept = new Set<number>();
  for (const [b, r] of matchBranches(bl, rl, resolvers, { discriminators })) if (b !== undefined && r !== undefined) kept.add(r);
  return kept;
}

function memberName(member: unknown, index: number): string {
  const ref = (member as { $ref?: unknown } | null)?.$ref;
  return typeof ref === 'string' ? ref.slice(ref.lastIndexOf('/') + 1) : `#${index}`;
}

function emitBranch(pair: BranchPair, emit: SchemaEmit): void {
  if (pair.base && pair.revision) return;
  const where = describePlace(pair.direction, pair.position);
  const name = (s: { node: any; pointer: string }) =>
    typeof s.node?.$ref === 'string' ? s.node.$ref.slice(s.node.$ref.lastIndexOf('/') + 1) : `#${s.pointer.slice(s.pointer.lastIndexOf('/') + 1)}`;
  // Where oneOf became anyOf (or back), an alternative added is one of the revision's list.
  const keyword = pair.base ? pair.keyword : (pair.revisionKeyword ?? pair.keyword);
  const what = keyword === 'allOf' ? 'allOf part' : `${keyword} alternative`;
  const side = pair.base ? 'base' : 'revision';
  const located = (pair.base ?? pair.revision)!;
  const resolved = pair.resolved[side];
  const annotationOnly = keyword === 'allOf' && resolved !== undefined && Object.keys(resolved).every((k) => ANNOTATION_KEYWORDS.has(k) || k.startsWith('x-'));
  // A schema newly split into allOf parts, or its parts written out as one, is compared flattened both ways, so the
  // restructuring itself changes nothing: what the parts meant together is judged keyword by keyword.
  if (keyword === 'allOf' && pair.counts[pair.base ? 'revision' : 'base'] === 0 && !annotationOnly) {
    emit({
      id: ruleAt(pair.direction, pair.position, pair.base ? 'no-longer-all-of' : 'became-all-of'),
      side,
      pointer: located.pointer,
      message: pair.base
        ? `${where} is no longer composed with allOf (part ${name(located)} written out in it)`
        : `${where} is now composed with allOf (part ${name(located)})`,
    });
    return;
  }
  const change = BRANCH_CHANGES[keyword][pair.base ? 'removed' : 'added'][annotationOnly ? 1 : 0];
  const optionalOnly = change === 'all-of-added' && pair.direction === 'request' && onlyOptionalProperties(resolved, pair.mergedBase);
  emit({
    id: ruleAt(pair.direction, pair.position, optionalOnly ? 'all-of-added-optional-only' : change),
    side,
    pointer: located.pointer,
    message: pair.wrapped
      ? // The other version's schema is one of the alternatives: what changed is only this one beside it.
        `${where} was ${pair.base ? `taken out of ${keyword}, without` : `wrapped in ${keyword}, with`} alternative ${name(located)}${typeOf(resolved)}`
      : `${what} ${name(located)} was ${pair.base ? 'removed from' : 'added to'} ${where}`,
  });
}

/**
 * An allOf part that says no more than `type: object` (where the base already said only that) and properties the base
 * does not declare, or declares in the same words: JSON Schema applies it as if those properties were written beside the
 * others, so the merged comparison reports each as a new optional property (info), and the part adds no constraint of
 * its own. A `required`, a bound or a property restated otherwise is a constraint: still `all-of-added`.
 */
function onlyOptionalProperties(part: Schema | undefined, merged: Schema | undefined): boolean {
  if (part === undefined || merged === undefined || !isSchemaObject(part.properties)) return false;
  const declared: Schema = isSchemaObject(merged.properties) ? merged.properties : {};
  for (const key of Object.keys(part)) {
    if (ANNOTATION_KEYWORDS.has(key) || key.startsWith('x-')) continue;
    // 3.0: a part without `nullable` refuses null, which a nullable base admitted.
    if (key === 'type' && part.type === 'object' && merged.type === 'object' && (merged.nullable !== true || part.nullable === true)) continue;
    if (key === 'properties' && Object.keys(part.properties).every((name) => !(name in declared) || sameText(declared[name], part.properties[name]))) continue;
    return false;
  }
  return true;
}

function sameText(a: unknown, b: unknown): boolean {
  try {
    return JSON.stringify(a) === JSON.stringify(b);
  } catch {
    // A YAML alias may make a cycle: not provably the same words.
    return false;
  }
}

/** An alternative's type, to name an inline one (`#1 (integer)`, `#1 (string or null)` where 3.0's `nullable` says so). */
function typeOf(schema: { type?: unknown; nullable?: unknown } | undefined): string {
  const type = schema?.type;
  if (typeof type !== 'string' && !Array.isArray(type)) return '';
  const types = [type, schema?.nullable === true ? 'null' : []].flat();
  return ` (${[...new Set(types)].join(' or ')})`;
}
