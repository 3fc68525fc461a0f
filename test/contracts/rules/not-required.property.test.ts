// Mutations of a `not` that forbids property names, judged against the meaning of the schemas themselves: every object
// made of the declared names is tried on both versions, and a request that was valid and is now refused must be
// flagged as breaking (on a name it sends), while one only freed, or any change in a response, must not be breaking.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Doc, findings, obj, requestBody, responseBody } from './harness.js';

const RUNS = { numRuns: Number(process.env.PROPERTY_RUNS ?? 40) };
const NAMES = ['a', 'b', 'c', 'd'];
const S = { type: 'string' };

/** A list of forbidden combinations, each a set of names that must not all be present. */
const combinations = fc.array(fc.subarray(NAMES, { minLength: 1 }), { maxLength: 3 });

/** `not: {required}` for one combination, `not: {anyOf: [...]}` for several, nothing for none. */
function written(combos: string[][]): Doc {
  if (combos.length === 0) return {};
  if (combos.length === 1) return { not: { required: combos[0] } };
  return { not: { anyOf: combos.map((c) => ({ required: c })) } };
}

/** Every object the declared names make, as the set of names it carries. */
const OBJECTS = Array.from({ length: 1 << NAMES.length }, (_, bits) => NAMES.filter((_, i) => bits & (1 << i)));
const admits = (combos: string[][], sent: string[]) => !combos.some((c) => c.every((n) => sent.includes(n)));

/** The object either as the body or as its property `box`. */
function place(combos: string[][], nested: boolean): Doc {
  const inner = obj(Object.fromEntries(NAMES.map((n) => [n, S])), undefined, written(combos));
  return nested ? obj({ box: inner }) : inner;
}

const IDS = /^(request|response)-property-became-(forbidden|allowed)$/;

describe('a `not` forbidding property names, mutated', () => {
  it.each([
    ['request body', 'request', false],
    ['request property', 'request', true],
    ['response body', 'response', false],
    ['response property', 'response', true],
  ] as const)('%s: breaking exactly where a request that was valid is now refused', (_name, direction, nested) => {
    fc.assert(
      fc.property(combinations, combinations, (base, revision) => {
        const doc = direction === 'request' ? requestBody : responseBody;
        const found = findings(doc(place(base, nested)), doc(place(revision, nested)));
        const refused = OBJECTS.filter((o) => admits(base, o) && !admits(revision, o));
        const freed = OBJECTS.filter((o) => !admits(base, o) && admits(revision, o));
        // Only this family speaks of such a `not`: no whole-value `not` finding beside it.
        expect(found.filter((f) => /-not-/.test(f.id))).toEqual([]);
        const breaking = found.filter((f) => f.level === 'breaking');
        if (direction === 'request' && refused.length > 0) {
          expect(breaking.map((f) => f.id)).toContain('request-property-became-forbidden');
          // The finding names a field that one of the newly refused requests sends.
          for (const f of breaking) expect(refused.some((o) => o.some((n) => f.message.includes(`\`${nested ? `box.${n}` : n}\``)))).toBe(true);
        } else expect(breaking).toEqual([]);
        const moved = refused.length > 0 || freed.length > 0;
        expect(found.some((f) => IDS.test(f.id))).toBe(moved);
      }),
      RUNS,
    );
  });
});
