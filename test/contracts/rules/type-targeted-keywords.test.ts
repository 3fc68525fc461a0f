// A validation keyword that targets one type constrains nothing on a schema whose `type` admits no value of it: JSON
// Schema counts an instance of another type as conforming (2020-12 Core 7.6.1; Wright-00 Validation 4.1 for 3.0). So
// `maxLength` lowered on an integer, or `minimum` raised on a string, changes no request and no response, at every place
// a schema is judged; where the type still admits the keyword's values (no type, or a list naming it), it is judged.
import { describe, expect, it } from 'vitest';
import type { Direction, SchemaPosition } from '../../../contracts/rules/types.js';
import { type Doc, findings } from './harness.js';
import { place } from './mutation-place.js';

/**
 * keyword, two values of it, the type it targets, a type it does not, and the 3.x it exists in. The 3.1 keywords are
 * judged in bodies only (rules/schema-keywords.ts), the others wherever a schema is.
 */
const KEYWORDS: [keyword: string, from: Doc, to: Doc, target: string, other: string, openapi: '3.0.3' | '3.1.0'][] = [
  ['maxLength', { maxLength: 10 }, { maxLength: 5 }, 'string', 'integer', '3.0.3'],
  ['minLength', { minLength: 1 }, { minLength: 5 }, 'string', 'number', '3.0.3'],
  ['pattern', {}, { pattern: '^[a-z]+$' }, 'string', 'integer', '3.0.3'],
  ['maximum', { maximum: 10 }, { maximum: 5 }, 'number', 'string', '3.0.3'],
  ['minimum', {}, { minimum: 1 }, 'integer', 'boolean', '3.0.3'],
  ['exclusiveMaximum (3.0 flag)', { maximum: 10 }, { maximum: 10, exclusiveMaximum: true }, 'number', 'string', '3.0.3'],
  ['exclusiveMinimum (3.1)', { exclusiveMinimum: 1 }, { exclusiveMinimum: 5 }, 'number', 'string', '3.1.0'],
  ['multipleOf', {}, { multipleOf: 5 }, 'number', 'string', '3.0.3'],
  ['maxItems', { maxItems: 10 }, { maxItems: 5 }, 'array', 'string', '3.0.3'],
  ['minItems', {}, { minItems: 2 }, 'array', 'object', '3.0.3'],
  ['uniqueItems', {}, { uniqueItems: true }, 'array', 'integer', '3.0.3'],
  ['maxProperties', { maxProperties: 5 }, { maxProperties: 3 }, 'object', 'array', '3.0.3'],
  ['minProperties', {}, { minProperties: 1 }, 'object', 'string', '3.0.3'],
  ['contains', {}, { contains: { const: 1 } }, 'array', 'string', '3.1.0'],
  ['maxContains', { contains: { const: 1 }, maxContains: 5 }, { contains: { const: 1 }, maxContains: 2 }, 'array', 'string', '3.1.0'],
  ['prefixItems', {}, { prefixItems: [{ type: 'string' }] }, 'array', 'object', '3.1.0'],
  ['dependentRequired', {}, { dependentRequired: { a: ['b'] } }, 'object', 'string', '3.1.0'],
  ['dependentSchemas', {}, { dependentSchemas: { a: { required: ['b'] } } }, 'object', 'array', '3.1.0'],
  ['propertyNames', {}, { propertyNames: { maxLength: 3 } }, 'object', 'integer', '3.1.0'],
  ['patternProperties', {}, { patternProperties: { '^x': { type: 'string' } } }, 'object', 'string', '3.1.0'],
  ['unevaluatedProperties', {}, { unevaluatedProperties: false }, 'object', 'boolean', '3.1.0'],
  ['contentMediaType', {}, { contentMediaType: 'application/json' }, 'string', 'integer', '3.1.0'],
];

const PLACES: [Direction, SchemaPosition][] = [
  ['request', 'body'],
  ['request', 'property'],
  ['request', 'parameter'],
  ['request', 'parameter-property'],
  ['request', 'header-parameter'],
  ['request', 'header-parameter-property'],
  ['response', 'body'],
  ['response', 'property'],
  ['response', 'header'],
];

const BODY_PLACES = PLACES.filter(([, position]) => position === 'body' || position === 'property');

const typed = (type: unknown, keywords: Doc): Doc => ({ type, ...(type === 'array' ? { items: {} } : {}), ...keywords });

function seen(openapi: string, base: Doc, revision: Doc, direction: Direction, position: SchemaPosition): string[] {
  const m = { base, revision, openapi: openapi as '3.0.3' };
  return findings(place(base, direction, position, m), place(revision, direction, position, m, 'revision')).map((f) => f.id);
}

describe('a keyword on a schema whose type it does not apply to', () => {
  for (const [keyword, from, to, target, other, openapi] of KEYWORDS)
    for (const [direction, position] of openapi === '3.1.0' && !keyword.startsWith('exclusive') ? BODY_PLACES : PLACES) {
      it(`${keyword} on ${other}, ${direction} ${position}: moved either way, no finding`, () => {
        expect(seen(openapi, typed(other, from), typed(other, to), direction, position)).toEqual([]);
        expect(seen(openapi, typed(other, to), typed(other, from), direction, position)).toEqual([]);
      });

      it(`${keyword} on ${target}, ${direction} ${position}: still judged, both ways`, () => {
        expect(seen(openapi, typed(target, from), typed(target, to), direction, position)).not.toEqual([]);
        expect(seen(openapi, typed(target, to), typed(target, from), direction, position)).not.toEqual([]);
      });
    }

  it('a 3.1 type list that names the targeted type keeps the keyword judged', () => {
    const list = ['integer', 'string'];
    expect(seen('3.1.0', { type: list, maxLength: 10 }, { type: list, maxLength: 5 }, 'request', 'property')).toEqual([
      'request-property-max-length-decreased',
    ]);
  });

  it('a schema with no type may hold any value, so the keyword is judged', () => {
    expect(seen('3.0.3', { maximum: 10 }, { maximum: 5 }, 'request', 'body')).toEqual(['request-body-max-decreased']);
  });

  it('null alone (3.1) holds no string: maxLength there constrains nothing', () => {
    expect(seen('3.1.0', { type: 'null', maxLength: 10 }, { type: 'null', maxLength: 5 }, 'request', 'property')).toEqual([]);
  });

  it('a type that gains the targeted type is judged by the type rules alone: no value of it was valid before', () => {
    const ids = seen('3.1.0', { type: 'integer', maxLength: 10 }, { type: ['integer', 'string'], maxLength: 5 }, 'request', 'property');
    expect(ids.filter((id) => id.includes('max-length'))).toEqual([]);
  });
});
