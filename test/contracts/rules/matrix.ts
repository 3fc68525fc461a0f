// The mutation matrix: for every schema change the rule table names, a generator of a small base and
// revision schema that make it, and whether it narrows or widens the values the schema admits.
// The property test places each at every position the table declares it for.
import fc from 'fast-check';
import type { SchemaChange } from '../../../contracts/rules/table.js';
import type { Direction, SchemaPosition } from '../../../contracts/rules/types.js';

type Json = Record<string, any>;

/**
 * `narrows`: fewer values are valid after; `widens`: more; `changes`: neither is a subset of the other (or the revision
 * says what no reader can act on), so a client is hurt on either side; `keeps`: every value is valid alike, only how it
 * is written or what it documents moved; `assumed`: what a value left out stands for, which a request's reader (the
 * server) acts on and a response's only documents.
 */
export type Effect = 'narrows' | 'widens' | 'changes' | 'keeps' | 'assumed';

export interface Mutation {
  base: Json;
  revision: Json;
  /** Components both documents carry (for $ref-based alternatives). */
  components?: Json;
  /** Components the revision carries instead, for a change made inside a referenced schema. */
  revisionComponents?: Json;
  /** The JSON Schema 2020 keywords exist from OpenAPI 3.1 on. */
  openapi?: '3.0.3' | '3.1.0';
  /** Sent as application/xml (where an element's text and structure are interchangeable). */
  xml?: boolean;
  /** At the parameter and response header positions, sent as JSON `content` rather than by `schema`: a `schema`
   * parameter or header that is null, or a member of one that is null, expands to nothing (RFC 6570), so a change of
   * whether null is valid is no change there (a required response header that may be null may be absent instead). */
  jsonParameter?: boolean;
}

interface MatrixRow {
  effect: Effect;
  make: (direction: Direction, position: SchemaPosition) => fc.Arbitrary<Mutation>;
}

const pair = (base: Json, revision: Json, extra: Partial<Mutation> = {}): Mutation => ({ base, revision, ...extra });
const small = fc.integer({ min: 1, max: 50 });
/** Two different numbers, lower first. */
const ordered = fc
  .tuple(small, small)
  .filter(([a, b]) => a !== b)
  .map(([a, b]): [number, number] => (a < b ? [a, b] : [b, a]));

/** A numeric bound: `upper` for a ceiling (lowering it narrows). */
function bound(keyword: string, type: Json, upper: boolean, openapi?: Mutation['openapi']): Record<'increased' | 'decreased' | 'set' | 'unset', MatrixRow> {
  const at = (v?: number) => (v === undefined ? { ...type } : { ...type, [keyword]: v });
  const extra = openapi ? { openapi } : {};
  return {
    increased: { effect: upper ? 'widens' : 'narrows', make: () => ordered.map(([lo, hi]) => pair(at(lo), at(hi), extra)) },
    decreased: { effect: upper ? 'narrows' : 'widens', make: () => ordered.map(([lo, hi]) => pair(at(hi), at(lo), extra)) },
    set: { effect: 'narrows', make: () => small.map((v) => pair(at(), at(v), extra)) },
    unset: { effect: 'widens', make: () => small.map((v) => pair(at(v), at(), extra)) },
  };
}

function bounds<P extends string>(
  prefix: P,
  keyword: string,
  type: Json,
  upper: boolean,
  openapi?: Mutation['openapi'],
): Record<`${P}-${'increased' | 'decreased' | 'set' | 'unset'}`, MatrixRow> {
  const rows = bound(keyword, type, upper, openapi);
  return Object.fromEntries(Object.entries(rows).map(([k, v]) => [`${prefix}-${k}`, v])) as Record<`${P}-${keyof typeof rows}`, MatrixRow>;
}

const constant = (m: Mutation): fc.Arbitrary<Mutation> => fc.constant(m);
const row = (effect: Effect, m: Mutation | ((d: Direction, p: SchemaPosition) => Mutation)): MatrixRow => ({
  effect,
  make: (d, p) => constant(typeof m === 'function' ? m(d, p) : m),
});
/** A change made more than one way: each mutation is one of them. */
const variants = (effect: Effect, ...ms: Mutation[]): MatrixRow => ({ effect, make: () => fc.constantFrom(...ms) });
const S = { type: 'string' };
/** Two lists of excluded values, the first a strict part of the second. */
const excludedLists = fc
  .uniqueArray(fc.string({ minLength: 1, maxLength: 4 }), { minLength: 2, maxLength: 5 })
  .chain((all) => fc.integer({ min: 1, max: all.length - 1 }).map((k): [string[], string[]] => [all.slice(0, k), all]));
const OBJ = { type: 'object', properties: { a: S } };
/** A 3.1 keyword whose presence constrains the value. */
const presence = (keyword: string, value: unknown, type: Json = { type: 'object' }): [MatrixRow, MatrixRow] => [
  row('narrows', pair(type, { ...type, [keyword]: value }, { openapi: '3.1.0' })),
  row('widens', pair({ ...type, [keyword]: value }, type, { openapi: '3.1.0' })),
];
// An `if` asserts something only beside a `then` or `else`, and they only beside an `if`: each is made beside its partner.
const [ifAdded, ifRemoved] = presence('if', { required: ['a'] }, { type: 'object', then: { required: ['b'] } });
const [thenAdded, thenRemoved] = presence('then', { required: ['a'] }, { type: 'object', if: { required: ['b'] } });
const [elseAdded, elseRemoved] = presence('else', { required: ['a'] }, { type: 'object', if: { required: ['b'] } });
const [containsAdded, containsRemoved] = presence('contains', S, { type: 'array' });
const [namesAdded, namesRemoved] = presence('propertyNames', { maxLength: 3 });
const [uItemsAdded, uItemsRemoved] = presence('unevaluatedItems', false, { type: 'array' });
const [uPropsAdded, uPropsRemoved] = presence('unevaluatedProperties', false);
const [contentAdded, contentRemoved] = presence('contentSchema', { type: 'object' }, { type: 'string', contentMediaType: 'application/json' });
const [patternPropAdded, patternPropRemoved] = presence('patternProperties', { '^x-': S });
const [depSchemaAdded, depSchemaRemoved] = presence('dependentSchemas', { a: { required: ['b'] } });
const [depRequiredAdded, depRequiredRemoved] = presence('dependentRequired', { a: ['b'] });
const threeOne = { openapi: '3.1.0' } as const;
const pets = {
  Cat: { type: 'object', properties: { kind: S, meow: S } },
  Dog: { type: 'object', properties: { kind: S, bark: S } },
  Bird: { type: 'object', properties: { kind: S, tweet: S } },
};
/** Alternatives that are each a plain type: the engine reads them as one list of types. */
const types = (...names: string[]): Json => ({ oneOf: names.map((type) => ({ type })) });
const members = (keyword: 'oneOf' | 'anyOf', ...names: string[]): Json => ({ [keyword]: names.map((n) => ({ $ref: `#/components/schemas/${n}` })) });
/** A dated string and a `$ref` to an object, each wrapped beside an alternative of another type. */
const wraps = (keyword: 'oneOf' | 'anyOf'): Mutation[] => {
  const date = { ...S, format: 'date' };
  const cat = { $ref: '#/components/schemas/Cat' };
  return [pair(date, { [keyword]: [date, { type: 'integer' }] }), pair(cat, { [keyword]: [{ type: 'integer' }, cat] }, { components: { schemas: pets } })];
};
const unwraps = (keyword: 'oneOf' | 'anyOf'): Mutation[] => wraps(keyword).map((m) => ({ ...m, base: m.revision, revision: m.base }));
const poly = (discriminator?: Json): Json => ({
  oneOf: [{ $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' }],
  ...(discriminator ? { discriminator } : {}),
});
const mapping = (dog: string) => ({ propertyName: 'kind', mapping: { cat: '#/components/schemas/Cat', dog: `#/components/schemas/${dog}` } });
const sunset = (value?: string): Json => ({ ...S, deprecated: true, ...(value ? { 'x-sunset': value } : {}) });

export const MATRIX: Record<SchemaChange, MatrixRow> = {
  ...bounds('max', 'maximum', { type: 'number' }, true),
  ...bounds('min', 'minimum', { type: 'number' }, false),
  ...bounds('exclusive-max', 'exclusiveMaximum', { type: 'number' }, true, '3.1.0'),
  ...bounds('exclusive-min', 'exclusiveMinimum', { type: 'number' }, false, '3.1.0'),
  ...bounds('max-length', 'maxLength', S, true),
  ...bounds('min-length', 'minLength', S, false),
  ...bounds('max-items', 'maxItems', { type: 'array', items: S }, true),
  ...bounds('min-items', 'minItems', { type: 'array', items: S }, false),
  ...bounds('max-properties', 'maxProperties', { type: 'object' }, true),
  ...bounds('min-properties', 'minProperties', { type: 'object' }, false),
  'multiple-of-set': row('narrows', pair({ type: 'number' }, { type: 'number', multipleOf: 5 })),
  'multiple-of-unset': row('widens', pair({ type: 'number', multipleOf: 5 }, { type: 'number' })),
  'multiple-of-specialized': {
    effect: 'narrows',
    make: () => small.map((k) => pair({ type: 'number', multipleOf: 2 }, { type: 'number', multipleOf: 2 * (k + 1) })),
  },
  'multiple-of-generalized': {
    effect: 'widens',
    make: () => small.map((k) => pair({ type: 'number', multipleOf: 2 * (k + 1) }, { type: 'number', multipleOf: 2 })),
  },
  'multiple-of-changed': row('changes', pair({ type: 'number', multipleOf: 2 }, { type: 'number', multipleOf: 3 })),
  'max-became-exclusive': row('narrows', pair({ type: 'number', maximum: 10 }, { type: 'number', maximum: 10, exclusiveMaximum: true })),
  'max-became-inclusive': row('widens', pair({ type: 'number', maximum: 10, exclusiveMaximum: true }, { type: 'number', maximum: 10 })),
  'min-became-exclusive': row('narrows', pair({ type: 'number', minimum: 1 }, { type: 'number', minimum: 1, exclusiveMinimum: true })),
  'min-became-inclusive': row('widens', pair({ type: 'number', minimum: 1, exclusiveMinimum: true }, { type: 'number', minimum: 1 })),
  'max-contains-increased': row('widens', pair({ type: 'array', contains: S, maxContains: 2 }, { type: 'array', contains: S, maxContains: 3 }, threeOne)),
  'max-contains-decreased': row('narrows', pair({ type: 'array', contains: S, maxContains: 3 }, { type: 'array', contains: S, maxContains: 2 }, threeOne)),
  'min-contains-increased': row('narrows', pair({ type: 'array', contains: S, minContains: 2 }, { type: 'array', contains: S, minContains: 3 }, threeOne)),
  'min-contains-decreased': row('widens', pair({ type: 'array', contains: S, minContains: 3 }, { type: 'array', contains: S, minContains: 2 }, threeOne)),
  'pattern-added': row('narrows', pair(S, { ...S, pattern: '^[a-z]+$' })),
  'pattern-removed': row('widens', pair({ ...S, pattern: '^[a-z]+$' }, S)),
  'pattern-changed': row('changes', pair({ ...S, pattern: '^[a-z]+$' }, { ...S, pattern: '^[0-9]+$' })),
  'pattern-generalized': row('widens', pair({ ...S, pattern: '^[a-z]+$' }, { ...S, pattern: '.*' })),
  'enum-value-added': row('widens', pair({ ...S, enum: ['a', 'b'] }, { ...S, enum: ['a', 'b', 'c'] })),
  'enum-value-removed': row('narrows', pair({ ...S, enum: ['a', 'b'] }, { ...S, enum: ['a'] })),
  'became-enum': row('narrows', pair(S, { ...S, enum: ['a', 'b'] })),
  'x-extensible-enum-value-removed': row('narrows', pair({ ...S, 'x-extensible-enum': ['a', 'b'] }, { ...S, 'x-extensible-enum': ['a'] })),
  'type-changed': row('changes', pair({ type: 'integer' }, { type: 'boolean' })),
  'type-generalized': row('widens', pair({ type: 'integer' }, { type: 'number' })),
  // Object (array) keywords bind only objects (arrays): without their `type` the schema admits every type (JSON Schema).
  'type-declared': variants('narrows', pair({ properties: OBJ.properties }, OBJ), pair({ items: S }, { type: 'array', items: S })),
  'type-undeclared': variants('widens', pair(OBJ, { properties: OBJ.properties }), pair({ type: 'array', items: S }, { items: S })),
  // A parameter's string is what the client typed: reading it as a number narrows what is accepted.
  'type-specialized': row('narrows', (_d, p) => (p === 'parameter-property' ? pair(S, { type: 'integer' }) : pair({ type: 'number' }, { type: 'integer' }))),
  'type-compatible': row('keeps', pair({ type: 'object', properties: { v: S } }, S, { xml: true })),
  'became-nullable': row('widens', pair(S, { ...S, nullable: true }, { jsonParameter: true })),
  'became-not-nullable': row('narrows', pair({ ...S, nullable: true }, S, { jsonParameter: true })),
  'list-of-types-widened': row('widens', pair(types('string', 'integer'), types('string', 'integer', 'boolean'))),
  'list-of-types-narrowed': row('narrows', pair(types('string', 'integer', 'boolean'), types('string', 'integer'))),
  'format-changed': row('changes', pair({ ...S, format: 'date' }, { ...S, format: 'uuid' })),
  'const-added': row('narrows', pair(S, { ...S, const: 'a' }, threeOne)),
  'const-removed': row('widens', pair({ ...S, const: 'a' }, S, threeOne)),
  'const-changed': row('changes', pair({ ...S, const: 'a' }, { ...S, const: 'b' }, threeOne)),
  'default-value-added': row('assumed', pair(S, { ...S, default: 'a' })),
  'default-value-removed': row('assumed', pair({ ...S, default: 'a' }, S)),
  'default-value-changed': row('assumed', pair({ ...S, default: 'a' }, { ...S, default: 'b' })),
  // Also a schema wrapped in alternatives of which it stays one (or taken out of them), inline or a `$ref`.
  'one-of-added': variants(
    'widens',
    pair(members('oneOf', 'Cat', 'Dog'), members('oneOf', 'Cat', 'Dog', 'Bird'), { components: { schemas: pets } }),
    ...wraps('oneOf'),
  ),
  'one-of-removed': variants(
    'narrows',
    pair(members('oneOf', 'Cat', 'Dog', 'Bird'), members('oneOf', 'Cat', 'Dog'), { components: { schemas: pets } }),
    ...unwraps('oneOf'),
  ),
  'any-of-added': variants(
    'widens',
    pair(members('anyOf', 'Cat', 'Dog'), members('anyOf', 'Cat', 'Dog', 'Bird'), { components: { schemas: pets } }),
    ...wraps('anyOf'),
  ),
  'any-of-removed': variants(
    'narrows',
    pair(members('anyOf', 'Cat', 'Dog', 'Bird'), members('anyOf', 'Cat', 'Dog'), { components: { schemas: pets } }),
    ...unwraps('anyOf'),
  ),
  // Alternatives some value matches both of (no type, value or tag sets them apart).
  'one-of-became-any-of': row('widens', pair(members('oneOf', 'Cat', 'Dog'), members('anyOf', 'Cat', 'Dog'), { components: { schemas: pets } })),
  'any-of-became-one-of': row('narrows', pair(members('anyOf', 'Cat', 'Dog'), members('oneOf', 'Cat', 'Dog'), { components: { schemas: pets } })),
  'all-of-added': row('narrows', pair({ allOf: [OBJ] }, { allOf: [OBJ, { required: ['a'] }] })),
  'all-of-removed': row('widens', pair({ allOf: [OBJ, { required: ['a'] }] }, { allOf: [OBJ] })),
  'all-of-added-annotation-only': row('keeps', pair({ allOf: [OBJ] }, { allOf: [OBJ, { description: 'note' }] })),
  'all-of-added-optional-only': row('keeps', pair({ allOf: [OBJ] }, { allOf: [OBJ, { type: 'object', properties: { b: S } }] })),
  'all-of-removed-annotation-only': row('keeps', pair({ allOf: [OBJ, { description: 'note' }] }, { allOf: [OBJ] })),
  'became-all-of': row('keeps', pair(OBJ, { allOf: [OBJ] })),
  'no-longer-all-of': row('keeps', pair({ allOf: [OBJ] }, OBJ)),
  'wrapped-in-one-of': row('changes', pair(OBJ, { oneOf: [OBJ, { type: 'object', properties: { b: S } }] })),
  'discriminator-added': row('keeps', pair(poly(), poly({ propertyName: 'kind' }), { components: { schemas: pets } })),
  'discriminator-removed': row('keeps', pair(poly({ propertyName: 'kind' }), poly(), { components: { schemas: pets } })),
  'discriminator-property-name-changed': row(
    'changes',
    pair(poly({ propertyName: 'kind' }), poly({ propertyName: 'type' }), { components: { schemas: pets } }),
  ),
  'discriminator-mapping-added': row('widens', pair(poly({ propertyName: 'kind' }), poly(mapping('Dog')), { components: { schemas: pets } })),
  'discriminator-mapping-deleted': row('narrows', pair(poly(mapping('Dog')), poly({ propertyName: 'kind' }), { components: { schemas: pets } })),
  'discriminator-mapping-changed': row('changes', pair(poly(mapping('Dog')), poly(mapping('Cat')), { components: { schemas: pets } })),
  'if-added': ifAdded,
  'if-removed': ifRemoved,
  'then-added': thenAdded,
  'then-removed': thenRemoved,
  'else-added': elseAdded,
  'else-removed': elseRemoved,
  'contains-added': containsAdded,
  'contains-removed': containsRemoved,
  'property-names-added': namesAdded,
  'property-names-removed': namesRemoved,
  'property-names-changed': row(
    'changes',
    pair({ type: 'object', propertyNames: { pattern: '^a' } }, { type: 'object', propertyNames: { pattern: '^b' } }, threeOne),
  ),
  // Names are strings: fewer admitted names narrow the object, more widen it.
  'property-names-narrowed': row(
    'narrows',
    pair({ type: 'object', propertyNames: { enum: ['a', 'b'] } }, { type: 'object', propertyNames: { enum: ['a'] } }, threeOne),
  ),
  'property-names-widened': row(
    'widens',
    pair({ type: 'object', propertyNames: { maxLength: 3 } }, { type: 'object', propertyNames: { maxLength: 8 } }, threeOne),
  ),
  // Narrowing an `if` can widen what is valid (fewer values must meet `then`): no direction.
  'if-changed': row(
    'changes',
    pair(
      { type: 'object', if: { required: ['a'] }, then: { required: ['b'] } },
      { type: 'object', if: { required: ['c'] }, then: { required: ['b'] } },
      threeOne,
    ),
  ),
  'unevaluated-items-added': uItemsAdded,
  'unevaluated-items-removed': uItemsRemoved,
  'unevaluated-properties-added': uPropsAdded,
  'unevaluated-properties-removed': uPropsRemoved,
  'content-schema-added': contentAdded,
  'content-schema-removed': contentRemoved,
  'pattern-property-added': patternPropAdded,
  'pattern-property-removed': patternPropRemoved,
  'dependent-schema-added': depSchemaAdded,
  'dependent-schema-removed': depSchemaRemoved,
  'dependent-required-added': depRequiredAdded,
  'dependent-required-removed': depRequiredRemoved,
  'dependent-required-changed': row(
    'changes',
    pair({ type: 'object', dependentRequired: { a: ['b'] } }, { type: 'object', dependentRequired: { a: ['c'] } }, threeOne),
  ),
  // Without `items: false` the positions after the entries take any value: an entry added constrains one of them. (A
  // tuple closed by `items: false` is judged as a bound on the length: schema-keywords-2020.test.ts.)
  'prefix-items-added': row('narrows', pair({ type: 'array', prefixItems: [S] }, { type: 'array', prefixItems: [S, S] }, threeOne)),
  'prefix-items-removed': row('widens', pair({ type: 'array', prefixItems: [S, S] }, { type: 'array', prefixItems: [S] }, threeOne)),
  'content-media-type-changed': row('changes', pair({ ...S, contentMediaType: 'image/png' }, { ...S, contentMediaType: 'image/jpeg' }, threeOne)),
  'content-encoding-changed': row('changes', pair({ ...S, contentEncoding: 'base64' }, { ...S, contentEncoding: 'base32' }, threeOne)),
  'content-media-type-added': row('keeps', pair(S, { ...S, contentMediaType: 'image/png' }, threeOne)),
  'content-media-type-removed': row('keeps', pair({ ...S, contentMediaType: 'image/png' }, S, threeOne)),
  'content-encoding-added': row('keeps', pair(S, { ...S, contentEncoding: 'base64' }, threeOne)),
  'content-encoding-removed': row('keeps', pair({ ...S, contentEncoding: 'base64' }, S, threeOne)),
  'unique-items-set': row('narrows', pair({ type: 'array', items: S }, { type: 'array', items: S, uniqueItems: true })),
  'unique-items-unset': row('widens', pair({ type: 'array', items: S, uniqueItems: true }, { type: 'array', items: S })),
  'additional-properties-forbidden': row('narrows', pair(OBJ, { ...OBJ, additionalProperties: false })),
  'additional-properties-allowed': row('widens', pair({ ...OBJ, additionalProperties: false }, OBJ)),
  'not-added': row('narrows', pair(S, { ...S, not: { enum: ['x'] } })),
  'not-removed': row('widens', pair({ ...S, not: { enum: ['x'] } }, S)),
  'not-excludes-more': { effect: 'narrows', make: () => excludedLists.map(([few, more]) => pair({ ...S, not: { enum: few } }, { ...S, not: { enum: more } })) },
  'not-excludes-fewer': { effect: 'widens', make: () => excludedLists.map(([few, more]) => pair({ ...S, not: { enum: more } }, { ...S, not: { enum: few } })) },
  'not-changed': row('changes', pair({ ...S, not: { pattern: '^a' } }, { ...S, not: { pattern: '^b' } })),
  'xml-changed': row('changes', pair({ ...S, xml: { name: 'a' } }, { ...S, xml: { name: 'b' } }, { xml: true })),
  'format-added': row('narrows', pair(S, { ...S, format: 'uuid' })),
  'format-removed': row('widens', pair({ ...S, format: 'uuid' }, S)),
  'enum-removed': row('widens', pair({ ...S, enum: ['a', 'b'] }, S)),
  deprecated: row('keeps', pair(S, sunset())),
  'deprecated-with-sunset': row('keeps', pair(S, sunset('2030-01-01'))),
  'deprecated-sunset-invalid': row('changes', pair(S, sunset('soon'))),
  reactivated: row('keeps', pair(sunset(), S)),
  'x-deprecated-unread': row('keeps', pair(S, { ...S, 'x-deprecated': true })),
};
