// Each family of rules/ declares the keywords its schema check reads, and the walk calls it only where one of them
// differs (schema/own-keywords.ts): a declaration gone stale would skip a change without a word. So every family meets
// pairs that differ in one keyword alone, in many settings, and either declares that keyword or finds nothing.
import { describe, expect, it } from 'vitest';
import { RULE_FAMILIES } from '../../contracts/rules/index.js';
import type { Direction, SchemaPair, SchemaPosition } from '../../contracts/schema/pairs.js';
import { Resolver } from '../../contracts/schema/resolve.js';

type Schema = Record<string, unknown>;
const str = { type: 'string' };
const int = { type: 'integer' };

/** Values each keyword is given (besides leaving it out): two of them on the two sides make the one difference. */
const SAMPLES: Record<string, unknown[]> = {
  type: ['string', 'integer', 'number', 'object', 'array', 'null', ['string', 'null']],
  format: ['date-time', 'int32', 'uuid'],
  nullable: [true, false],
  enum: [['a', 'b'], ['a'], [1, 2], [null, 'a']],
  const: ['a', 1, null],
  default: ['a', 1],
  'x-extensible-enum': [['a', 'b'], ['a']],
  multipleOf: [2, 3],
  minimum: [0, 5],
  maximum: [0, 5],
  exclusiveMinimum: [true, 1, 4],
  exclusiveMaximum: [true, 1, 4],
  minLength: [1, 4],
  maxLength: [1, 4],
  pattern: ['^a', '^b'],
  minItems: [0, 1, 3],
  maxItems: [0, 1, 3],
  uniqueItems: [true, false],
  minProperties: [1, 2],
  maxProperties: [1, 2],
  items: [str, int, false, true],
  prefixItems: [[str], [str, int]],
  contains: [str, int, true],
  minContains: [0, 1, 2],
  maxContains: [0, 1, 2],
  properties: [{ a: str }, { a: str, b: int }, {}],
  required: [['a'], ['a', 'b'], []],
  additionalProperties: [false, true, str],
  patternProperties: [{ '^x': str }, { '^y': {} }],
  propertyNames: [{ maxLength: 3 }, { pattern: '^a' }],
  unevaluatedProperties: [false, str],
  unevaluatedItems: [false, str],
  dependentRequired: [{ a: ['b'] }, { a: ['c'] }],
  dependentSchemas: [{ a: { required: ['b'] } }, { a: { properties: { b: str } } }],
  dependencies: [{ a: ['b'] }, { a: { required: ['c'] } }],
  if: [{ required: ['a'] }, { properties: { a: { const: 1 } } }],
  then: [{ required: ['b'] }, {}],
  else: [{ required: ['c'] }],
  not: [str, { required: ['a'] }],
  oneOf: [[str, int], [str], [], [str, { type: 'null' }]],
  anyOf: [[str, int], [str], [], [str, { type: 'null' }]],
  allOf: [[str], [{ minLength: 1 }, { maxLength: 3 }], []],
  readOnly: [true, false],
  writeOnly: [true, false],
  deprecated: [true, false],
  xml: [{ name: 'a' }, { name: 'b', wrapped: true }, { attribute: true }],
  contentMediaType: ['application/json', 'text/plain'],
  contentEncoding: ['base64', 'base32'],
  contentSchema: [str, int],
  $schema: ['https://json-schema.org/draft/2020-12/schema', 'http://json-schema.org/draft-07/schema#'],
  'x-nullable': [true, false],
  'x-other': [1, 2],
  title: ['a', 'b'],
  description: ['a', 'b'],
  example: ['a', 1],
};

/** What else the two sides both write: a keyword's reading often hangs on another (a bound on a type, `then` on an `if`). */
const CONTEXTS: Schema[] = [
  {},
  { type: 'string' },
  { type: 'string', maxLength: 4, format: 'date', pattern: '^a' },
  { type: 'integer', minimum: 1, maximum: 9, multipleOf: 1 },
  { type: 'number', nullable: true, exclusiveMinimum: true, minimum: 0 },
  { type: 'array', items: str, maxItems: 3, minItems: 1, uniqueItems: true },
  { type: 'array', prefixItems: [str], items: false, contains: str },
  { type: 'object', properties: { a: str }, required: ['a'], additionalProperties: false },
  { type: 'object', properties: { a: str }, if: { required: ['a'] }, then: { required: ['b'] }, propertyNames: { maxLength: 3 } },
  { oneOf: [str, int] },
  { anyOf: [str, { type: 'null' }], nullable: true },
  { enum: ['a', 'b'], type: 'string', default: 'a' },
  { type: ['string', 'null'], const: 'a' },
  { type: 'object', unevaluatedProperties: false, patternProperties: { '^x': {} }, dependentRequired: { a: ['b'] } },
  { xml: { name: 'a' }, type: 'array', items: str },
  { allOf: [str], not: int },
  { 'x-extensible-enum': ['a', 'b'], type: 'string' },
  { nullable: true },
  { nullable: true, oneOf: [str, int] },
  { type: 'array', contains: str },
  { maxItems: 0, contains: str, minContains: 1 },
];

/** The places a pair is judged at: direction, position and how the value travels. */
const PLACES: { direction: Direction; position: SchemaPosition; xml?: true; text?: true }[] = [
  { direction: 'request', position: 'body' },
  { direction: 'response', position: 'body' },
  { direction: 'request', position: 'property' },
  { direction: 'response', position: 'property' },
  { direction: 'request', position: 'parameter', text: true },
  { direction: 'response', position: 'header', text: true },
  { direction: 'request', position: 'body', xml: true },
  { direction: 'response', position: 'body', xml: true },
];

const CHECKING = RULE_FAMILIES.filter((f) => f.checkSchema);

function resolvers(openapi: string, base: Schema = {}, revision: Schema = {}) {
  const doc = (x: Schema) => ({ openapi, info: { title: 't', version: '1' }, paths: {}, components: { schemas: { X: x } } });
  return { base: new Resolver(doc(base)), revision: new Resolver(doc(revision)) };
}

/** The ids a family finds on the pair, at every place and in 3.0 and 3.1 alike. */
function findings(family: (typeof CHECKING)[number], b: Schema, r: Schema, sides: Record<string, ReturnType<typeof resolvers>>): string[] {
  const found: string[] = [];
  for (const [openapi, pairResolvers] of Object.entries(sides))
    for (const place of PLACES) {
      const pair: SchemaPair = { base: { node: b, pointer: '/b' }, revision: { node: r, pointer: '/r' }, field: '', resolvers: pairResolvers, ...place };
      family.checkSchema!(pair, (f) => {
        if (f.id !== undefined) found.push(`${f.id} (${openapi}, ${place.direction} ${place.position}${place.xml ? ' xml' : ''})`);
      });
    }
  return found;
}

/** Every pair of schemas that differ in `keyword` alone: each context with the keyword left out or given each sample. */
function pairsDifferingIn(keyword: string): [Schema, Schema][] {
  const pairs: [Schema, Schema][] = [];
  for (const context of CONTEXTS) {
    const values = [undefined, ...SAMPLES[keyword]];
    const write = (v: unknown) => {
      const { [keyword]: _, ...rest } = context;
      return v === undefined ? rest : { ...rest, [keyword]: v };
    };
    for (const v of values) for (const w of values) if (v !== w) pairs.push([write(v), write(w)]);
  }
  return pairs;
}

const show = (s: Schema) => JSON.stringify(s);
const PLAIN = { '3.0.3': resolvers('3.0.3'), '3.1.0': resolvers('3.1.0') };

describe('the keywords each rule family declares', () => {
  it('are declared by every family with a schema check, which would otherwise run on every pair', () => {
    expect(CHECKING.filter((f) => !f.keywords).map((f) => f.name)).toEqual([]);
  });

  for (const family of CHECKING) {
    it(`${family.name}: finds nothing where only a keyword it does not read differs`, () => {
      const unread = Object.keys(SAMPLES).filter((k) => !family.keywords?.read.includes(k));
      const stale: string[] = [];
      for (const keyword of unread)
        for (const [b, r] of pairsDifferingIn(keyword)) {
          const found = findings(family, b, r, PLAIN);
          if (found.length > 0) stale.push(`${keyword}: ${show(b)} -> ${show(r)} found ${found[0]}`);
        }
      expect(stale.slice(0, 5)).toEqual([]);
    });

    it(`${family.name}: finds nothing where only the schema of a property both sides declare differs`, () => {
      const stale: string[] = [];
      for (const context of CONTEXTS)
        for (const [x, y] of pairsDifferingIn('type').slice(0, 40)) {
          const [b, r] = [
            { ...context, properties: { a: x } },
            { ...context, properties: { a: y } },
          ];
          const found = findings(family, b, r, PLAIN);
          if (found.length > 0) stale.push(`${show(b)} -> ${show(r)} found ${found[0]}`);
        }
      expect(stale.slice(0, 5)).toEqual([]);
    });

    it(`${family.name}: finds nothing where a keyword it does not follow names a component that changed`, () => {
      const components = [str, int, { type: 'string', maxLength: 3 }, { type: 'object', required: ['a'], properties: { a: str } }, { type: 'null' }, {}];
      const ref = { $ref: '#/components/schemas/X' };
      const holding: Record<string, unknown> = { oneOf: [ref, int], anyOf: [ref, { type: 'null' }], allOf: [ref], not: ref, items: ref, contains: ref };
      Object.assign(holding, { prefixItems: [ref], if: ref, then: ref, else: ref, propertyNames: ref, additionalProperties: ref });
      Object.assign(holding, { unevaluatedProperties: ref, patternProperties: { '^x': ref }, dependentSchemas: { a: ref }, contentSchema: ref });
      const stale: string[] = [];
      for (const [keyword, value] of Object.entries(holding)) {
        if (family.keywords?.followed?.includes(keyword)) continue;
        for (const x of components)
          for (const y of components) {
            if (x === y) continue;
            const sides = { '3.0.3': resolvers('3.0.3', x, y), '3.1.0': resolvers('3.1.0', x, y) };
            for (const context of CONTEXTS) {
              const schema = { ...context, [keyword]: value };
              const found = findings(family, schema, structuredClone(schema), sides);
              if (found.length > 0) stale.push(`${keyword} naming ${show(x)} -> ${show(y)} in ${show(context)} found ${found[0]}`);
            }
          }
      }
      expect(stale.slice(0, 5)).toEqual([]);
    });
  }
});
