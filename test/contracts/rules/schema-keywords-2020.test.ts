// JSON Schema 2020-12 as OpenAPI 3.1 uses it, keyword by keyword, where the engine said nothing or the wrong direction:
// each change made in a request body property and a response property, both ways. Narrowing a request or widening a
// response is flagged (breaking or warning); the opposite is at most info.
import { describe, expect, it } from 'vitest';
import type { Level } from '../../../contracts/model.js';
import { type Doc, findings } from './harness.js';
import { place } from './mutation-place.js';

const S = { type: 'string' };
const arr = (extra: Doc): Doc => ({ type: 'array', ...extra });
const o = (extra: Doc): Doc => ({ type: 'object', ...extra });

interface Case {
  name: string;
  /** The narrower schema and the wider one: going from `wide` to `narrow` narrows. */
  wide: Doc;
  narrow: Doc;
  /** The schema change each way: `[narrowing, widening]`, as the id's tail after `request-property-`/`response-property-`. */
  ids: [narrowing: string, widening: string];
  /** Where the response side names the change otherwise (a type given to any value specializes what is returned). */
  responseIds?: [narrowing: string, widening: string];
}

const CASES: Case[] = [
  {
    name: 'prefixItems: an entry where any value was taken',
    wide: arr({ prefixItems: [S] }),
    narrow: arr({ prefixItems: [S, S] }),
    ids: ['prefix-items-added', 'prefix-items-removed'],
  },
  {
    name: 'prefixItems closed by items: false, lengthened or shortened',
    wide: arr({ prefixItems: [S, S], items: false }),
    narrow: arr({ prefixItems: [S], items: false }),
    ids: ['max-items-decreased', 'max-items-increased'],
  },
  {
    name: 'items: false after prefixItems (2020-12 items)',
    wide: arr({ prefixItems: [S] }),
    narrow: arr({ prefixItems: [S], items: false }),
    ids: ['max-items-set', 'max-items-unset'],
  },
  {
    name: 'maxContains written where contains had none',
    wide: arr({ contains: S }),
    narrow: arr({ contains: S, maxContains: 2 }),
    ids: ['max-contains-decreased', 'max-contains-increased'],
  },
  {
    name: 'minContains written above its default of 1',
    wide: arr({ contains: S }),
    narrow: arr({ contains: S, minContains: 2 }),
    ids: ['min-contains-increased', 'min-contains-decreased'],
  },
  {
    name: 'unevaluatedProperties: true made false',
    wide: o({ properties: { a: S }, unevaluatedProperties: true }),
    narrow: o({ properties: { a: S }, unevaluatedProperties: false }),
    ids: ['unevaluated-properties-added', 'unevaluated-properties-removed'],
  },
  {
    name: 'unevaluatedItems: a schema made false',
    wide: arr({ prefixItems: [S], unevaluatedItems: S }),
    narrow: arr({ prefixItems: [S], unevaluatedItems: false }),
    ids: ['unevaluated-items-added', 'unevaluated-items-removed'],
  },
  // Undeclared values take anything until additionalProperties gives them a type.
  {
    name: 'additionalProperties: a schema where none was written',
    wide: o({ properties: { a: S } }),
    narrow: o({ properties: { a: S }, additionalProperties: S }),
    ids: ['type-changed', 'type-generalized'],
    responseIds: ['type-specialized', 'type-generalized'],
  },
  {
    name: 'additionalProperties: true given a schema',
    wide: o({ additionalProperties: true }),
    narrow: o({ additionalProperties: S }),
    ids: ['type-changed', 'type-generalized'],
    responseIds: ['type-specialized', 'type-generalized'],
  },
  {
    name: 'then: a name required when the condition holds',
    wide: o({ properties: { a: S, b: S }, if: { required: ['a'] }, then: { required: ['a'] } }),
    narrow: o({ properties: { a: S, b: S }, if: { required: ['a'] }, then: { required: ['a', 'b'] } }),
    ids: ['became-required', 'became-optional'],
  },
  {
    name: 'dependentSchemas: a name required with another',
    wide: o({ properties: { a: S, b: S }, dependentSchemas: { a: { required: [] } } }),
    narrow: o({ properties: { a: S, b: S }, dependentSchemas: { a: { required: ['b'] } } }),
    ids: ['became-required', 'became-optional'],
  },
  // In an object closed to undeclared names, a patternProperties entry opens the names it matches, dropped it closes them.
  {
    name: 'patternProperties beside additionalProperties: false',
    wide: o({ properties: { a: S }, additionalProperties: false, patternProperties: { '^x-': S } }),
    narrow: o({ properties: { a: S }, additionalProperties: false }),
    ids: ['additional-properties-forbidden', 'additional-properties-allowed'],
  },
  {
    name: 'patternProperties beside unevaluatedProperties: false',
    wide: o({ properties: { a: S }, unevaluatedProperties: false, patternProperties: { '^x-': S } }),
    narrow: o({ properties: { a: S }, unevaluatedProperties: false }),
    ids: ['additional-properties-forbidden', 'additional-properties-allowed'],
  },
  // A bound rewritten between its inclusive and its exclusive keyword: judged by the bound both make, not each keyword alone.
  {
    name: 'minimum 1 rewritten as exclusiveMinimum 1',
    wide: { type: 'number', minimum: 1 },
    narrow: { type: 'number', exclusiveMinimum: 1 },
    ids: ['exclusive-min-set', 'exclusive-min-unset'],
  },
  {
    name: 'maximum 9 rewritten as exclusiveMaximum 9',
    wide: { type: 'number', maximum: 9 },
    narrow: { type: 'number', exclusiveMaximum: 9 },
    ids: ['exclusive-max-set', 'exclusive-max-unset'],
  },
  {
    name: 'exclusiveMinimum 0 rewritten as minimum 1',
    wide: { type: 'number', exclusiveMinimum: 0 },
    narrow: { type: 'number', minimum: 1 },
    ids: ['min-set', 'min-unset'],
  },
  // A const is an enum of one value: rewriting one as the other adds or removes values, or changes nothing.
  {
    name: 'const rewritten as an enum with one more value',
    wide: { ...S, enum: ['a', 'b'] },
    narrow: { ...S, const: 'a' },
    ids: ['enum-value-removed', 'enum-value-added'],
  },
];

/** Levels a reviewer accepts: what narrows a request or widens a response breaks a client; the opposite does not. */
const FLAGGED: Level[] = ['breaking', 'warning'];

describe('JSON Schema 2020-12 keywords, both directions, request and response', () => {
  for (const c of CASES)
    for (const direction of ['request', 'response'] as const)
      for (const way of ['narrowing', 'widening'] as const) {
        it(`${c.name}: ${way} a ${direction}`, () => {
          const [from, to] = way === 'narrowing' ? [c.wide, c.narrow] : [c.narrow, c.wide];
          const m = { base: from, revision: to, openapi: '3.1.0' as const };
          const seen = findings(place(from, direction, 'property', m), place(to, direction, 'property', m, 'revision'));
          const ids = direction === 'response' && c.responseIds ? c.responseIds : c.ids;
          const id = `${direction}-property-${ids[way === 'narrowing' ? 0 : 1]}`;
          expect(
            seen.map((f) => f.id),
            'what the diff reports',
          ).toContain(id);
          const breaks = (way === 'narrowing') === (direction === 'request');
          const level = seen.find((f) => f.id === id)!.level;
          if (breaks) expect(FLAGGED).toContain(level);
          else expect(seen.filter((f) => f.level === 'breaking')).toEqual([]);
        });
      }

  it('a change inside `if` is the condition changed, not a constraint on the value (narrowing it frees values from `then`)', () => {
    const when = (a: Doc) => o({ properties: { a: S, b: S }, if: { properties: { a } }, then: { required: ['b'] } });
    const m = { base: when(S), revision: when({ ...S, maxLength: 3 }), openapi: '3.1.0' as const };
    for (const direction of ['request', 'response'] as const) {
      const seen = findings(place(m.base, direction, 'property', m), place(m.revision, direction, 'property', m, 'revision'));
      expect(seen.map((f) => [f.id, f.level])).toEqual([[`${direction}-property-if-changed`, 'warning']]);
      expect(seen[0].message).toContain('if of');
    }
  });

  it('an enum of one value rewritten as that const is no change', () => {
    const m = { base: { ...S, enum: ['a'] }, revision: { ...S, const: 'a' }, openapi: '3.1.0' as const };
    for (const direction of ['request', 'response'] as const)
      expect(findings(place(m.base, direction, 'property', m), place(m.revision, direction, 'property', m, 'revision'))).toEqual([]);
  });

  it('prefixItems against items: each entry is compared with the schema that held its position on the other side', () => {
    const I = { type: 'integer' };
    const steps: [from: Doc, to: Doc, pointer: string][] = [
      [arr({ items: S }), arr({ prefixItems: [S, I] }), 'prefixItems/1'],
      [arr({ prefixItems: [S, I] }), arr({ items: S }), 'items'],
      [arr({ prefixItems: [S], items: S }), arr({ prefixItems: [S, I], items: S }), 'prefixItems/1'],
    ];
    for (const [from, to, pointer] of steps)
      for (const direction of ['request', 'response'] as const) {
        const m = { base: from, revision: to, openapi: '3.1.0' as const };
        const seen = findings(place(from, direction, 'property', m), place(to, direction, 'property', m, 'revision'));
        // A position that held strings now holds integers (or the reverse): a sender's string is refused, a reader gets an integer.
        const changed = seen.filter((f) => f.message.includes('integer'));
        expect(changed.map((f) => [f.id, f.level, f.pointer.endsWith(`/field/${pointer}`)])).toEqual([
          [`${direction}-property-type-changed`, 'breaking', true],
        ]);
        expect(changed[0].message).toContain('`field[]`');
      }
    // An entry equal to the items it replaces changes nothing.
    const same = { base: arr({ items: S }), revision: arr({ prefixItems: [S], items: S }), openapi: '3.1.0' as const };
    for (const direction of ['request', 'response'] as const)
      expect(findings(place(same.base, direction, 'property', same), place(same.revision, direction, 'property', same, 'revision'))).toEqual([]);
  });

  it('3.1 items dropped frees the items (breaks a reader), written where none was narrows them (breaks a sender)', () => {
    const steps: [from: Doc, to: Doc, request: [string, Level], response: [string, Level]][] = [
      [arr({ items: S }), arr({}), ['type-generalized', 'info'], ['type-generalized', 'breaking']],
      [arr({}), arr({ items: S }), ['type-changed', 'breaking'], ['type-specialized', 'info']],
      [arr({ prefixItems: [S] }), arr({ prefixItems: [S], items: S }), ['type-changed', 'breaking'], ['type-specialized', 'info']],
    ];
    for (const [from, to, request, response] of steps)
      for (const [direction, [tail, level]] of [
        ['request', request],
        ['response', response],
      ] as const) {
        const m = { base: from, revision: to, openapi: '3.1.0' as const };
        const seen = findings(place(from, direction, 'property', m), place(to, direction, 'property', m, 'revision'));
        expect(seen.map((f) => [f.id, f.level])).toEqual([[`${direction}-property-${tail}`, level]]);
      }
    // 3.0 requires items on an array: a schema without them says nothing to compare.
    const old = { base: arr({}), revision: arr({ items: S }) };
    expect(findings(place(old.base, 'request', 'property', old), place(old.revision, 'request', 'property', old, 'revision'))).toEqual([]);
  });

  it('contentMediaType and contentEncoding: written or dropped warn on both sides, changed between two values breaks both', () => {
    const at = (extra: Doc) => ({ ...S, ...extra });
    const steps: [from: Doc, to: Doc, tail: string, level: Level][] = [
      [S, at({ contentMediaType: 'image/png' }), 'content-media-type-added', 'warning'],
      [at({ contentMediaType: 'image/png' }), S, 'content-media-type-removed', 'warning'],
      [at({ contentMediaType: 'image/png' }), at({ contentMediaType: 'image/jpeg' }), 'content-media-type-changed', 'breaking'],
      [S, at({ contentEncoding: 'base64' }), 'content-encoding-added', 'warning'],
      [at({ contentEncoding: 'base64' }), S, 'content-encoding-removed', 'warning'],
      [at({ contentEncoding: 'base64' }), at({ contentEncoding: 'base32' }), 'content-encoding-changed', 'breaking'],
    ];
    for (const [from, to, tail, level] of steps)
      for (const direction of ['request', 'response'] as const) {
        const m = { base: from, revision: to, openapi: '3.1.0' as const };
        const seen = findings(place(from, direction, 'property', m), place(to, direction, 'property', m, 'revision'));
        expect(seen.map((f) => [f.id, f.level])).toEqual([[`${direction}-property-${tail}`, level]]);
      }
  });

  it('a name required outside a condition and not declared is judged: `required` asks for it all the same', () => {
    const judge = (from: Doc, to: Doc, direction: 'request' | 'response') => {
      const m = { base: from, revision: to, openapi: '3.1.0' as const };
      return findings(place(from, direction, 'property', m), place(to, direction, 'property', m, 'revision')).map((f) => [f.id, f.level, f.message]);
    };
    const [one, two] = [o({ properties: { a: S }, required: ['a'] }), o({ properties: { a: S }, required: ['a', 'b'] })];
    // A request that left `b` out is refused now; a response newly promises it.
    expect(judge(one, two, 'request')).toEqual([['request-property-became-required', 'breaking', 'request property `field.b` became required']]);
    expect(judge(one, two, 'response')).toEqual([['response-property-became-required', 'info', 'response property `field.b` became required']]);
    expect(judge(two, one, 'request')).toEqual([['request-property-became-optional', 'info', 'request property `field.b` became optional']]);
    expect(judge(two, one, 'response')).toEqual([['response-property-became-optional', 'breaking', 'response property `field.b` became optional']]);
    // Beside alternatives, each of which may declare `b` or have required it already, the list is judged instead.
    const listed = (required: string[]) => o({ required, oneOf: [o({ properties: { b: S }, required: ['b'] }), o({ properties: { b: S }, required: ['b'] })] });
    expect(judge(listed([]), listed(['b']), 'request')).toEqual([]);
    // On an array `required` asks nothing (it constrains objects only): Box's `required: [items]` beside `type: array`.
    const list = (required: string[]) => ({ type: 'array', items: S, required });
    expect(judge(list([]), list(['items']), 'request')).toEqual([]);
  });
});
