// Which published version an unknown one names in other words: what can-i-deploy's reason and record-deployment's
// refusal offer as "did you mean", and the cost of asking it again of a service with thousands of versions.
import { describe, expect, it } from 'vitest';
import { findSameVersion } from '../../../contracts/index.js';

describe('the same version written another way', () => {
  const published = ['0.9.0', '1.0.0', '1.1.0', '1.2.0-rc.1', '2.0.0+build.7', '3.4'];

  it.each([
    ['v1.0.0', '1.0.0'],
    ['V1.1.0', '1.1.0'],
    ['1.0', '1.0.0'],
    ['1', '1.0.0'],
    ['01.01.00', '1.1.0'],
    [' 1.1.0 ', '1.1.0'],
    ['1.2-RC.1', '1.2.0-rc.1'],
    ['v2.0.0+BUILD.7', '2.0.0+build.7'],
    ['3.4.0', '3.4'],
    ['v3.4', '3.4'],
  ])('%j names %s', (written, meant) => {
    expect(findSameVersion(written, published)).toBe(meant);
  });

  describe('a commit hash written shorter or longer', () => {
    const full = 'b97245a3c0de9f1e2d3c4b5a69788796a5b4c3d2';
    const hashes = ['1.0.0', full, 'c0ffee1', 'deadbeef00112233445566778899aabbccddeeff', 'deadbeef99'];

    it.each([
      ['b97245a', full, "git's seven characters name the full hash published"],
      ['B97245A3C0', full, 'any length from seven, in either case'],
      ['c0ffee1e2d3c4b5a69788796a5b4c3d2b97245a3', 'c0ffee1', 'the full hash names the short one published'],
    ])('%j names %s: %s', (written, meant) => {
      expect(findSameVersion(written, hashes)).toBe(meant);
    });

    it.each([
      ['b97245', 'six characters are too few to name a commit'],
      ['deadbeef', 'two published hashes begin with it'],
      ['b97245b', 'another commit'],
      ['1.0.0.0', 'not a hash'],
    ])('%j names none: %s', (written) => {
      expect(findSameVersion(written, hashes)).toBeUndefined();
    });
  });

  it.each([
    ['1.0.1', 'an edit away is a release of its own'],
    ['9.0.0', 'another number'],
    ['1.0.0.0', 'a fourth part is not padding'],
    ['1.2.0', 'a release is not its candidate'],
    ['1.2.0-rc.2', 'another candidate'],
    ['2.0.0', 'build metadata is kept'],
    ['1.0.0', 'the name itself is published, and no other writes it'],
  ])('%j names none: %s', (written) => {
    expect(findSameVersion(written, published)).toBeUndefined();
  });

  it('names the first of two spellings in the order given, never the asked name itself', () => {
    expect(findSameVersion('v1.0.0', ['1.0', '1.0.0'])).toBe('1.0');
    expect(findSameVersion('1.0', ['1.0', '1.0.0', 'v1'])).toBe('1.0.0');
    expect(findSameVersion('1.0.0', ['1.0', '1.0.0'])).toBe('1.0');
  });

  it('reads a list of 5,000 names once, not again on each ask about it', () => {
    const names = Array.from({ length: 5000 }, (_, i) => `1.${Math.floor(i / 100)}.${i % 100}`);
    let reads = 0;
    const counted = new Proxy(names, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver);
      },
    });
    expect(findSameVersion('9.9.9', counted)).toBeUndefined();
    const first = reads;
    expect(first).toBe(5000);
    for (const written of ['9.9.9', '7.0.0', 'v1.49.99', '1.3']) findSameVersion(written, counted);
    expect(reads).toBe(first);
    expect(findSameVersion('v1.49.99', counted)).toBe('1.49.99');
    expect(findSameVersion('1.3', counted)).toBe('1.3.0');
  });
});
