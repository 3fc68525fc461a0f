// The memory of counted spans a registry keeps across exports: a nested pair is one call whichever comes first, calls
// that only look alike are not, and what is kept is bounded.
import { describe, expect, it } from 'vitest';
import { createNestedCallMemory, hashSpanKey } from '../../../contracts/usage/span-links.js';

const CALL = 'web\u0000users\u0000GET /users/{}\u0000production\u0000';
const OTHER = 'web\u0000users\u0000DELETE /users/{}\u0000production\u0000';
const id = (span: string) => hashSpanKey(`5b8efff798038103d269b633813fc60c/${span}`);

describe('createNestedCallMemory', () => {
  it('takes a span around one counted before, or within one, for the same call as a repeat; not for another call', () => {
    const memory = createNestedCallMemory(100);
    expect(memory.isRepeat(id('b2'), id('a1'), CALL)).toBe(false);
    expect(memory.isRepeat(id('a1'), id('01'), CALL)).toBe(true);
    expect(memory.isRepeat(id('c3'), id('a1'), CALL)).toBe(true);
    expect(memory.isRepeat(id('d4'), id('a1'), OTHER)).toBe(false);
    // Siblings under one span that is no call are two calls.
    expect(memory.isRepeat(id('e5'), id('09'), CALL)).toBe(false);
    expect(memory.isRepeat(id('e6'), id('09'), CALL)).toBe(false);
  });

  it('keeps at most its bound: a pair further apart than that is counted twice, not remembered for ever', () => {
    const memory = createNestedCallMemory(4);
    memory.isRepeat(id('b2'), id('a1'), CALL);
    for (let i = 0; i < 4; i++) memory.isRepeat(id(`f${i}`), id(`e${i}`), CALL);
    expect(memory.isRepeat(id('a1'), undefined, CALL)).toBe(false);
  });

  it('hashes ids into safe integers, apart for ids one character apart', () => {
    const hashes = ['a1', 'a2', '1a', 'b1'].map(id);
    expect(new Set(hashes).size).toBe(4);
    for (const h of hashes) expect(Number.isSafeInteger(h)).toBe(true);
  });
});
