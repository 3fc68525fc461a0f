// Every "did you mean" (CLI options, environments, span names, manifest keys) counts a typo with one function: it
// must read a swap of two neighbours as one slip, as users make them.
import { describe, expect, it } from 'vitest';
import { countEdits, findNearestName } from '../../../contracts/index.js';

describe('countEdits', () => {
  it('counts insertions, deletions and replacements', () => {
    expect(countEdits('kitten', 'sitting')).toBe(3);
    expect(countEdits('', 'abc')).toBe(3);
    expect(countEdits('same', 'same')).toBe(0);
  });

  it('counts two swapped neighbours as one edit', () => {
    expect(countEdits('fromat', 'format')).toBe(1);
    expect(countEdits('prodcution', 'production')).toBe(1);
    expect(countEdits('ab', 'ba')).toBe(1);
  });

  it('lets two swaps in one name still find the name meant', () => {
    // Four edits as plain replacements, two as swaps: within the two a guess allows.
    expect(findNearestName('prdoutcion', ['production', 'staging'])).toBe('production');
  });
});
