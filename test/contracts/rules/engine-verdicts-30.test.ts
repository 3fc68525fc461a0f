// Verdicts a reviewer reading the specification gives about an existing client (issue #14, round 30): a schema and its
// allOf parts written out, judged alike both ways.
import { describe, expect, it } from 'vitest';
import type { Direction } from '../../../contracts/rules/types.js';
import { type Doc, findings } from './harness.js';
import { place } from './mutation-place.js';

const seen = (base: Doc, revision: Doc, direction: Direction, openapi: '3.0.3' | '3.1.0' = '3.0.3') => {
  const m = { base, revision, openapi: openapi as '3.0.3' };
  return findings(place(base, direction, 'property', m), place(revision, direction, 'property', m, 'revision')).map((f) => [f.id, f.level, f.message]);
};
const levels = (list: unknown[][]) => list.map(([id, level]) => [id, level]);

describe('a schema restructured into allOf parts, or its parts written out as one', () => {
  it('allOf: [string] with nullable written out as type: string, nullable: the same values, info both ways', () => {
    const parts = { allOf: [{ type: 'string' }], nullable: true };
    const flat = { type: 'string', nullable: true };
    for (const direction of ['request', 'response'] as const) {
      expect(seen(parts, flat, direction)).toEqual([
        [`${direction}-property-no-longer-all-of`, 'info', `${direction} property \`field\` is no longer composed with allOf (part #0 written out in it)`],
      ]);
      expect(levels(seen(flat, parts, direction))).toEqual([[`${direction}-property-became-all-of`, 'info']]);
    }
  });

  it('what the parts said is still judged once written out: a constraint lost is found by keyword', () => {
    const parts = { allOf: [{ type: 'string' }, { maxLength: 5 }] };
    expect(levels(seen(parts, { type: 'string' }, 'response'))).toEqual([
      ['response-property-max-length-unset', 'breaking'],
      ['response-property-no-longer-all-of', 'info'],
      ['response-property-no-longer-all-of', 'info'],
    ]);
  });

  it('a part dropped while others stay is still an allOf part removed', () => {
    const obj = { type: 'object', properties: { a: { type: 'string' } } };
    expect(levels(seen({ allOf: [obj, { required: ['a'] }] }, { allOf: [obj] }, 'response'))).toContainEqual(['response-property-all-of-removed', 'warning']);
  });
});

describe('alternatives under a type of their own: what the list admits beside that type (3.1)', () => {
  const capped = { type: 'string', oneOf: [{ maxLength: 5 }, { type: 'null' }] };

  it('type: string given oneOf [{maxLength: 5}, {type: null}] caps strings at 5; null stays refused by the type', () => {
    expect(seen({ type: 'string' }, capped, 'request', '3.1.0')).toEqual([
      ['request-property-max-length-set', 'breaking', 'request property `field` now has maxLength 5'],
    ]);
    expect(levels(seen({ type: 'string' }, capped, 'response', '3.1.0'))).toEqual([['response-property-max-length-set', 'info']]);
    expect(levels(seen(capped, { type: 'string' }, 'response', '3.1.0'))).toEqual([['response-property-max-length-unset', 'breaking']]);
  });

  it('a null alternative beside type: string admits nothing: an enum put in oneOf with it is the same enum, not now nullable', () => {
    const letters = { type: 'string', enum: ['a', 'b'] };
    const listed = { type: 'string', oneOf: [{ enum: ['a', 'b'] }, { type: 'null' }] };
    for (const direction of ['request', 'response'] as const) expect(seen(letters, listed, direction, '3.1.0')).toEqual([]);
    // Where the type lets null in, the null alternative is the list's "or null".
    const orNull = { type: ['string', 'null'], oneOf: [{ enum: ['a', 'b'] }, { type: 'null' }] };
    expect(levels(seen({ type: ['string', 'null'], enum: ['a', 'b'] }, orNull, 'response', '3.1.0'))).toEqual([
      ['response-property-enum-value-added', 'breaking'],
    ]);
  });
});

describe('contains beside maxItems: 0 (3.1): no array passes', () => {
  const empty = { type: 'array', items: { type: 'string' }, maxItems: 0 };
  const none = { ...empty, contains: { type: 'string' } };
  const why = 'maxItems 0 leaves only the empty array, and its `contains` wants at least one item';

  it('written: the property admits no value, breaking in a request, info in a response, one finding saying why', () => {
    expect(seen(empty, none, 'request', '3.1.0')).toEqual([
      ['request-property-type-changed', 'breaking', `request property \`field\` now admits no value (was array): ${why}`],
    ]);
    expect(levels(seen(empty, none, 'response', '3.1.0'))).toEqual([['response-property-type-specialized', 'info']]);
  });

  it('dropped: a response that returned nothing there now returns arrays', () => {
    expect(seen(none, empty, 'response', '3.1.0')).toEqual([
      ['response-property-type-generalized', 'breaking', `response property \`field\` admitted no value (${why}) and now admits array`],
    ]);
    expect(levels(seen(none, empty, 'request', '3.1.0'))).toEqual([['request-property-type-generalized', 'info']]);
  });

  it('minContains: 0 lets the empty array through, and a type that admits null leaves null: contains is judged as before', () => {
    expect(levels(seen(empty, { ...none, minContains: 0, maxContains: 3 }, 'request', '3.1.0'))).toEqual([]);
    const orNull = { ...empty, type: ['array', 'null'] };
    expect(levels(seen(orNull, { ...orNull, contains: { type: 'string' } }, 'request', '3.1.0'))).toEqual([['request-property-contains-added', 'breaking']]);
  });
});

describe('a schema with no type whose enum or const lists its values admits their types only', () => {
  it('3.1: type: string, enum: [a] written as const: a is no change either way', () => {
    for (const direction of ['request', 'response'] as const) {
      expect(seen({ type: 'string', enum: ['a'] }, { const: 'a' }, direction, '3.1.0')).toEqual([]);
      expect(seen({ const: 'a' }, { type: 'string', enum: ['a'] }, direction, '3.1.0')).toEqual([]);
    }
  });

  it('a string fixed by a const alone is narrowed, not generalized to any', () => {
    expect(seen({ type: 'string' }, { const: 'a' }, 'response', '3.1.0')).toEqual([
      ['response-property-const-added', 'info', 'response property `field` must now be "a"'],
    ]);
    expect(levels(seen({ type: 'string' }, { const: 'a' }, 'request', '3.1.0'))).toEqual([['request-property-const-added', 'breaking']]);
  });

  it('3.0: number with enum [1, 2] written without its type: the same numbers', () => {
    expect(seen({ type: 'number', enum: [1, 2] }, { enum: [1, 2] }, 'response')).toEqual([]);
  });

  it('values of a type the other side does not name: that type is added', () => {
    expect(levels(seen({ type: 'string' }, { enum: ['a', 1] }, 'response', '3.1.0'))).toEqual([['response-property-type-generalized', 'breaking']]);
  });
});
