// Alternatives are paired by content when names cannot pair them (schema/branch-match.ts): the comparison that replaced
// writing both out must say "the same" exactly where the two written signatures would be equal.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sameSignature, signatureOf } from '../../contracts/schema/branch-match.js';

const key = fc.constantFrom('type', 'description', 'title', 'properties', 'definitions', 'items', 'a', 'b', '__proto__');
const leaf = fc.oneof(
  fc.constantFrom(null, undefined, Number.NaN, Number.POSITIVE_INFINITY, 0, -0, 1, 2.5, '1', 'null', true, false),
  fc.string({ maxLength: 3 }),
);
const { value } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.array(fc.tuple(key, tie('value')), { maxLength: 4 }).map((entries) => Object.fromEntries(entries)),
  ),
}));

/** The same value with every object's keys in reverse order, and maybe one note or one leaf rewritten. */
function rewritten(v: unknown, edit: 'none' | 'note' | 'leaf'): unknown {
  let done = false;
  const walk = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(walk);
    if (x === null || typeof x !== 'object') {
      if (edit !== 'leaf' || done) return x;
      done = true;
      return typeof x === 'string' ? `${x}!` : 'changed';
    }
    const entries = Object.entries(x).reverse();
    if (edit === 'note' && !done) {
      done = true;
      entries.push(['description', 'reworded']);
    }
    return Object.fromEntries(entries.map(([k, w]) => [k, walk(w)]));
  };
  return walk(v);
}

describe('alternatives compared by content', () => {
  it('are the same exactly where their written signatures are equal', () => {
    const pair = value.chain((a) =>
      fc
        .oneof(
          value,
          fc.constantFrom('none' as const, 'note' as const, 'leaf' as const).map((edit) => rewritten(a, edit)),
        )
        .map((b) => [a, b] as const),
    );
    fc.assert(
      fc.property(pair, ([a, b]) => {
        expect(sameSignature(a, b)).toBe(signatureOf(a) === signatureOf(b));
      }),
      { numRuns: 2000 },
    );
  });

  it('reads notes, key order, unwritten members and numbers JSON writes as null as their texts do', () => {
    expect(sameSignature({ type: 'string', title: 'A' }, { title: 'B', type: 'string' })).toBe(true);
    expect(sameSignature({ properties: { title: { type: 'string' } } }, { properties: { description: { type: 'string' } } })).toBe(false);
    expect(sameSignature({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameSignature({ a: [undefined, Number.NaN] }, { a: [null, null] })).toBe(true);
    expect(sameSignature({ a: '1' }, { a: 1 })).toBe(false);
    expect(sameSignature({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(sameSignature([1], [1])).toBe(true);
  });
});
