// Verdicts a reviewer reading the specification gives about an existing client (issue #14, round 29): alternatives that
// are bare numeric types judged by the values they admit, and changes below items no array there can hold.
import { describe, expect, it } from 'vitest';
import type { Direction } from '../../../contracts/rules/types.js';
import { type Doc, findings } from './harness.js';
import { place } from './mutation-place.js';

const seen = (base: Doc, revision: Doc, direction: Direction, openapi: '3.0.3' | '3.1.0' = '3.0.3') => {
  const m = { base, revision, openapi: openapi as '3.0.3' };
  return findings(place(base, direction, 'property', m), place(revision, direction, 'property', m, 'revision')).map((f) => [f.id, f.level, f.message]);
};
const types = (...names: string[]) => names.map((type) => ({ type }));

describe('alternatives of bare numeric types: what the union admits, not member by member', () => {
  it('oneOf integer|number takes fractions only (an integer matches both): number written for it is a widening', () => {
    expect(seen({ oneOf: types('integer', 'number') }, { type: 'number' }, 'request')).toEqual([
      ['request-property-list-of-types-widened', 'info', 'request property `field` now also allows integer (was non-integral number)'],
    ]);
    expect(seen({ oneOf: types('integer', 'number') }, { type: 'number' }, 'response')).toEqual([
      ['response-property-list-of-types-widened', 'breaking', 'response property `field` now also allows integer (was non-integral number)'],
    ]);
  });

  it('number written as oneOf integer|number refuses the integers a client sent', () => {
    expect(seen({ type: 'number' }, { oneOf: types('integer', 'number') }, 'request')).toEqual([
      ['request-property-list-of-types-narrowed', 'breaking', 'request property `field` no longer allows integer (now non-integral number)'],
    ]);
    expect(seen({ type: 'number' }, { oneOf: types('integer', 'number') }, 'response')).toEqual([
      ['response-property-list-of-types-narrowed', 'info', 'response property `field` no longer allows integer (now non-integral number)'],
    ]);
  });

  it('integer added beside number in a response adds no value a client did not read', () => {
    expect(seen({ oneOf: types('number', 'string') }, { oneOf: types('integer', 'string') }, 'response')).toEqual([
      ['response-property-list-of-types-narrowed', 'info', 'response property `field` no longer allows number (now integer, string)'],
    ]);
    expect(seen({ oneOf: types('number', 'string') }, { oneOf: types('integer', 'string') }, 'request')).toEqual([
      ['request-property-list-of-types-narrowed', 'breaking', 'request property `field` no longer allows number (now integer, string)'],
    ]);
  });
});

const levels = (list: unknown[][]) => list.map(([id, level]) => [id, level]);
const strings = (extra: Doc = {}) => ({ type: 'array', items: { type: 'string' }, ...extra });
const integers = (extra: Doc = {}) => ({ type: 'array', items: { type: 'integer' }, ...extra });

describe('changes below items where maxItems leaves no room for an element', () => {
  it('maxItems: 0 in both: the items type change is info on both sides, saying no value is sent or returned there', () => {
    for (const direction of ['request', 'response'] as const) {
      const found = seen(strings({ maxItems: 0 }), integers({ maxItems: 0 }), direction);
      expect(levels(found)).toEqual([[`${direction}-property-type-changed`, 'info']]);
      expect(found[0][2]).toBe(
        `type of ${direction} property \`field[]\` changed from string to integer where the array holds no element (maxItems 0): no value is sent or returned there`,
      );
    }
    // Where one element fits, the same change is judged.
    expect(levels(seen(strings({ maxItems: 1 }), integers({ maxItems: 1 }), 'request'))).toEqual([['request-property-type-changed', 'breaking']]);
  });

  it('an enum value removed from items no request could hold is not breaking', () => {
    const letters = (...values: string[]) => ({ type: 'array', items: { type: 'string', enum: values }, maxItems: 0 });
    const found = seen(letters('a', 'b'), letters('a'), 'request');
    expect(levels(found)).toEqual([['request-property-enum-value-removed', 'info']]);
  });

  it('a response that held no element and now does: the length change is the finding, not the items it never returned', () => {
    const found = seen(strings({ maxItems: 0 }), integers(), 'response');
    expect(levels(found)).toEqual([
      ['response-property-max-items-unset', 'breaking'],
      ['response-property-type-changed', 'info'],
    ]);
    expect(found[1][2]).toContain('; the array held no element (maxItems 0) there in the base: its length change is judged on its own');
  });

  it('a request that may no longer hold an element: maxItems set is the finding', () => {
    const found = seen(strings(), integers({ maxItems: 0 }), 'request');
    expect(levels(found)).toEqual([
      ['request-property-max-items-set', 'breaking'],
      ['request-property-type-changed', 'info'],
    ]);
  });

  it('3.1: items past prefixItems entries that maxItems already fills are inert; the entries are still judged', () => {
    const tuple = (entry: string, rest: string) => ({ type: 'array', prefixItems: [{ type: entry }], items: { type: rest }, maxItems: 1 });
    const rest = seen(tuple('string', 'string'), tuple('string', 'integer'), 'request', '3.1.0');
    expect(levels(rest)).toEqual([['request-property-type-changed', 'info']]);
    expect(rest[0][2]).toContain('where the array holds no element past the first (maxItems 1)');
    expect(levels(seen(tuple('string', 'string'), tuple('integer', 'string'), 'request', '3.1.0'))).toEqual([['request-property-type-changed', 'breaking']]);
  });
});

describe('uniqueItems on an array of at most one item', () => {
  it('set where maxItems is 1 in both versions: info on a request, saying no item repeats', () => {
    const found = seen(strings({ maxItems: 1 }), strings({ maxItems: 1, uniqueItems: true }), 'request');
    expect(found).toEqual([
      [
        'request-property-unique-items-set',
        'info',
        'request property `field` must now hold unique items on an array of at most 1 item (maxItems 1), where none repeats: no value is accepted or refused differently',
      ],
    ]);
  });

  it('dropped from a response that now holds more: the length change is the finding', () => {
    const found = seen(strings({ maxItems: 1, uniqueItems: true }), strings({ maxItems: 5 }), 'response');
    expect(levels(found)).toEqual([
      ['response-property-max-items-increased', 'breaking'],
      ['response-property-unique-items-unset', 'info'],
    ]);
    // Where two items fit, it is judged as ever.
    expect(levels(seen(strings({ maxItems: 2 }), strings({ maxItems: 2, uniqueItems: true }), 'request'))).toEqual([
      ['request-property-unique-items-set', 'breaking'],
    ]);
  });
});

describe('null gained or lost by one alternative: the list says whether the value may be null', () => {
  const a = { type: 'object', properties: { a: { type: 'string' } } };
  const b = { type: 'object', properties: { b: { type: 'string' } } };

  it('3.0: the one nullable alternative no longer nullable is one finding, at the list', () => {
    const found = seen({ oneOf: [{ ...a, nullable: true }, b] }, { oneOf: [a, b] }, 'request');
    expect(found).toEqual([['request-property-became-not-nullable', 'breaking', 'request property `field` may no longer be null']]);
  });

  it('a component used as an alternative and as a property: one finding at each use, none more at the alternative', () => {
    const m = { base: {}, revision: {} };
    const doc = (s: Doc) => {
      const d = place(
        { type: 'object', properties: { one: { oneOf: [{ $ref: '#/components/schemas/A' }, b] }, own: { $ref: '#/components/schemas/A' } } },
        'request',
        'body',
        m,
      );
      return { ...d, components: { schemas: { A: s } } };
    };
    const found = findings(doc({ ...a, nullable: true }), doc(a)).map((f) => [f.id, f.message]);
    expect(found).toEqual([
      ['request-property-became-not-nullable', 'request property `one` may no longer be null'],
      ['request-property-became-not-nullable', 'request property `own` may no longer be null'],
    ]);
    expect(seen({ oneOf: [{ ...a, nullable: true }, b] }, { oneOf: [a, b] }, 'response').length).toBe(1);
  });

  it('3.1: an alternative whose type list gains null is one finding, at the list', () => {
    const found = seen({ anyOf: [a, b] }, { anyOf: [a, { ...b, type: ['object', 'null'] }] }, 'response', '3.1.0');
    expect(found).toEqual([['response-property-became-nullable', 'breaking', 'response property `field` may now be null']]);
  });

  it('null still admitted by another alternative: nothing a request may send changed', () => {
    const nullable = (s: Doc) => ({ ...s, nullable: true });
    expect(seen({ anyOf: [nullable(a), nullable(b)] }, { anyOf: [a, nullable(b)] }, 'request')).toEqual([]);
  });
});

describe('an object put in anyOf with null through an annotated allOf', () => {
  it('3.1: {allOf: [$ref], description} or null is the same object, now nullable: nothing else is said to change', () => {
    const m = { base: {}, revision: {}, openapi: '3.1.0' as '3.0.3' };
    const doc = (field: Doc) => ({
      ...place({ type: 'object', properties: { field } }, 'response', 'body', m),
      components: { schemas: { Pet: { type: 'object', properties: { name: { type: 'string' } } } } },
    });
    const pet = { $ref: '#/components/schemas/Pet' };
    const found = findings(doc(pet), doc({ anyOf: [{ allOf: [pet], description: 'the pet, if any' }, { type: 'null' }] }));
    expect(found.map((f) => [f.id, f.level])).toEqual([
      ['response-property-became-nullable', 'breaking'],
      ['response-property-became-all-of', 'info'],
    ]);
  });
});
