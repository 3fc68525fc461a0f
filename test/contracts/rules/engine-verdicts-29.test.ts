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
