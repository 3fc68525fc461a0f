// A lower bound of 0 on a length or a count is what JSON Schema reads when the keyword is left out ("omitting this
// keyword has the same behavior as a value of 0", draft 4 / Wright-00 and 2020-12 alike): writing `minLength: 0`,
// `minItems: 0` or `minProperties: 0`, or dropping one, admits the same values, in a request and in a response.
import { describe, expect, it } from 'vitest';
import { type Doc, findings } from './harness.js';
import { place } from './mutation-place.js';

const S = { type: 'string' };
const BOUNDS: [keyword: string, schema: Doc, raisedId: string][] = [
  ['minLength', S, 'min-length'],
  ['minItems', { type: 'array', items: S }, 'min-items'],
  ['minProperties', { type: 'object' }, 'min-properties'],
];

describe('a lower bound of 0 is the bound left out', () => {
  for (const openapi of ['3.0.3', '3.1.0'] as const)
    for (const [keyword, schema, id] of BOUNDS)
      for (const direction of ['request', 'response'] as const) {
        it(`${openapi} ${direction}: ${keyword} 0 written, then dropped, changes nothing`, () => {
          const zero = { ...schema, [keyword]: 0 };
          for (const [from, to] of [
            [schema, zero],
            [zero, schema],
          ]) {
            const m = { base: from, revision: to, openapi };
            expect(findings(place(from, direction, 'property', m), place(to, direction, 'property', m, 'revision'))).toEqual([]);
          }
        });

        it(`${openapi} ${direction}: ${keyword} raised from 0 is still judged as raised`, () => {
          const m = { base: { ...schema, [keyword]: 0 }, revision: { ...schema, [keyword]: 2 }, openapi };
          const seen = findings(place(m.base, direction, 'property', m), place(m.revision, direction, 'property', m, 'revision'));
          expect(seen.map((f) => [f.id, f.level])).toEqual([[`${direction}-property-${id}-increased`, direction === 'request' ? 'breaking' : 'info']]);
        });
      }
});
