// Where nested counted spans meet, as a registry keeps it across exports and replicas: a nested pair is one call
// whichever comes first, calls that only look alike are not, and a batch's own parts are told from those kept before.
import { describe, expect, it } from 'vitest';
import { findRepeats, hashSpanKey, meetOf, partsOfMeets, type SpanMeets } from '../../../contracts/usage/span-links.js';

const CALL = 'web\u0000users\u0000GET /users/{}\u0000production\u0000';
const OTHER = 'web\u0000users\u0000DELETE /users/{}\u0000production\u0000';
const id = (span: string) => `5b8efff798038103d269b633813fc60c/${span}`;
const span = (own: string, parent: string | undefined, call = CALL): SpanMeets => ({
  span: meetOf(id(own), call),
  parent: parent === undefined ? Number.NaN : meetOf(id(parent), call),
});

/** Each batch judged against the parts the earlier ones left, as a store keeps them. */
function judge(batches: SpanMeets[][]): boolean[][] {
  const kept = new Map<number, number>();
  return batches.map((batch) => {
    const repeats = findRepeats(batch, (meet) => kept.get(meet) ?? 0);
    for (const [meet, parts] of partsOfMeets(batch)) kept.set(meet, (kept.get(meet) ?? 0) | parts);
    return repeats;
  });
}

describe('findRepeats', () => {
  it('takes a span around one counted before, or within one, for the same call as a repeat; not for another call', () => {
    expect(judge([[span('b2', 'a1')], [span('a1', '01')], [span('c3', 'a1')], [span('d4', 'a1', OTHER)]])).toEqual([[false], [true], [true], [false]]);
  });

  it('counts siblings under a span that is no call as two calls, and the outer one first then the nested one as one', () => {
    expect(judge([[span('e5', '09')], [span('e6', '09')]])).toEqual([[false], [false]]);
    expect(judge([[span('a1', undefined)], [span('b2', 'a1')]])).toEqual([[false], [true]]);
  });

  it('does not take a span as a repeat of itself when its export is sent again', () => {
    expect(judge([[span('b2', 'a1')], [span('b2', 'a1')]])).toEqual([[false], [false]]);
  });

  it('hashes ids into safe integers, apart for ids one character apart', () => {
    const hashes = ['a1', 'a2', '1a', 'b1'].map((s) => hashSpanKey(id(s)));
    expect(new Set(hashes).size).toBe(4);
    for (const h of hashes) expect(Number.isSafeInteger(h)).toBe(true);
    expect(Number.isSafeInteger(meetOf(id('a1'), CALL))).toBe(true);
  });
});
