// A validation keyword that targets one type constrains nothing on a schema whose `type` admits no value of it: JSON
// Schema counts an instance of another type as conforming (2020-12 Core 7.6.1; Wright-00 Validation 4.1 for 3.0). So
// `maxLength` lowered on an integer, or `minimum` raised on a string, changes no request and no response: at every place
// a schema is judged it is reported with the rule's id, at info, saying it constrains nothing there (a reviewer sees an
// edit most likely meant for the schema beside it); where the type admits the keyword's values it is judged as ever.
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

function seen(openapi: string, base: Doc, revision: Doc, direction: Direction, position: SchemaPosition) {
  const m = { base, revision, openapi: openapi as '3.0.3' };
  return findings(place(base, direction, position, m), place(revision, direction, position, m, 'revision'));
}

const ids = (list: { id: string }[]) => list.map((f) => f.id);

/** The words a finding ends with where its keyword sits on a schema of `type`, in both versions. */
function ignored(type: string, direction: Direction): string {
  const reader = direction === 'request' ? 'server' : 'client';
  return `on ${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type} schema, where it constrains nothing: a validating ${reader} ignores it`;
}

describe('a keyword on a schema whose type it does not apply to', () => {
  for (const [keyword, from, to, target, other, openapi] of KEYWORDS)
    for (const [direction, position] of openapi === '3.1.0' && !keyword.startsWith('exclusive') ? BODY_PLACES : PLACES) {
      it(`${keyword} on ${other}, ${direction} ${position}: its ids on ${target}, at info, saying it constrains nothing`, () => {
        for (const [a, b] of [
          [from, to],
          [to, from],
        ]) {
          const onTarget = seen(openapi, typed(target, a), typed(target, b), direction, position);
          const onOther = seen(openapi, typed(other, a), typed(other, b), direction, position);
          // On an array, prefixItems over `items: {}` also changes what one position holds, which the walk reports apart.
          expect(onOther).not.toEqual([]);
          expect(ids(onTarget)).toEqual(expect.arrayContaining(ids(onOther)));
          for (const f of onOther) {
            expect(f.level).toBe('info');
            expect(f.message).toContain(ignored(other, direction));
          }
          for (const f of onTarget) expect(f.message).not.toContain('constrains nothing');
        }
      });
    }

  it('a 3.1 type list that names the targeted type keeps the keyword judged', () => {
    const list = ['integer', 'string'];
    const found = seen('3.1.0', { type: list, maxLength: 10 }, { type: list, maxLength: 5 }, 'request', 'property');
    expect(found.map((f) => [f.id, f.level])).toEqual([['request-property-max-length-decreased', 'breaking']]);
  });

  it('a schema with no type may hold any value, so the keyword is judged', () => {
    const found = seen('3.0.3', { maximum: 10 }, { maximum: 5 }, 'request', 'body');
    expect(found.map((f) => [f.id, f.level])).toEqual([['request-body-max-decreased', 'breaking']]);
  });

  it('null alone (3.1) holds no string: maxLength there constrains nothing', () => {
    const found = seen('3.1.0', { type: 'null', maxLength: 10 }, { type: 'null', maxLength: 5 }, 'request', 'property');
    expect(found.map((f) => [f.id, f.level])).toEqual([['request-property-max-length-decreased', 'info']]);
    expect(found[0].message).toBe(`maxLength of request property \`field\` decreased from 10 to 5 ${ignored('null', 'request')}`);
  });

  it('maxItems lowered on string items reads as the reviewer would want to be told', () => {
    const items = (maxItems: number) => ({ type: 'array', items: { type: 'string', maxItems } });
    const found = seen('3.0.3', items(10), items(5), 'response', 'body');
    expect(found.map((f) => [f.id, f.level, f.message])).toEqual([
      [
        'response-property-max-items-decreased',
        'info',
        'maxItems of response property `[]` decreased from 10 to 5 on a string schema, where it constrains nothing: a validating client ignores it',
      ],
    ]);
  });

  it('a type that gains the targeted type: the bound is info, saying what it was on; the type change is judged', () => {
    const found = seen('3.1.0', { type: 'integer', maxLength: 10 }, { type: ['integer', 'string'], maxLength: 5 }, 'response', 'property');
    const bound = found.filter((f) => f.id.includes('max-length'));
    expect(bound.map((f) => [f.id, f.level])).toEqual([['response-property-max-length-decreased', 'info']]);
    expect(bound[0].message).toContain('; the schema was integer, where it constrained nothing (its type change is judged on its own)');
    expect(found.filter((f) => f.id.includes('type')).map((f) => f.level)).toContain('breaking');
  });

  it('a type that loses the targeted type: the bound dropped is info, saying what the schema is now', () => {
    const found = seen('3.1.0', { type: ['integer', 'string'], maxLength: 10 }, { type: 'integer' }, 'request', 'property');
    const bound = found.filter((f) => f.id.includes('max-length'));
    expect(bound.map((f) => [f.id, f.level])).toEqual([['request-property-max-length-unset', 'info']]);
    expect(bound[0].message).toContain('; the schema is now integer, where it constrains nothing (its type change is judged on its own)');
  });
});
