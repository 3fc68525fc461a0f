// The order of versions that "latest" rests on: semantic versions by number, any other by publish time.
import { describe, expect, it } from 'vitest';
import { compareVersions, sortVersions } from '../../../overseer/store/store.js';

const at = (version: string, second: number) => ({ version, createdAt: `2024-05-01T10:00:${String(second).padStart(2, '0')}.000Z` });

describe('compareVersions', () => {
  it.each([
    ['1.2.0', '1.10.0'],
    ['1.9.9', '2.0.0'],
    ['1.0.0-alpha', '1.0.0-alpha.1'],
    ['1.0.0-alpha.1', '1.0.0-alpha.beta'],
    ['1.0.0-alpha.beta', '1.0.0-beta'],
    ['1.0.0-beta.2', '1.0.0-beta.11'],
    ['1.0.0-rc.1', '1.0.0'],
    ['v1.0.0', '1.0.1'],
  ])('ranks %s below %s whatever their publish order', (lower, higher) => {
    expect(compareVersions(at(lower, 2), at(higher, 1))).toBeLessThan(0);
    expect(compareVersions(at(higher, 1), at(lower, 2))).toBeGreaterThan(0);
  });

  it('falls back to publish time when either version is not semver', () => {
    expect(compareVersions(at('f3c1a9e', 1), at('0a1b2c3', 2))).toBeLessThan(0);
    expect(compareVersions(at('2.0.0', 1), at('build-7', 2))).toBeLessThan(0);
    expect(compareVersions(at('1.0.0+linux', 1), at('1.0.0+mac', 2))).toBeLessThan(0);
    // Numbers beyond 2^53 are no semver to the semver package: publish time decides.
    expect(compareVersions(at('9007199254740994.0.0', 1), at('9007199254740993.0.0', 2))).toBeLessThan(0);
    expect(compareVersions(at('abc', 1), at('abc', 1))).toBe(0);
  });
});

describe('sortVersions', () => {
  it('uses publish time for a list that mixes semver and other versions', () => {
    const mixed = [at('2.0.0', 1), at('f3c1a9e', 2), at('1.0.0', 3)];
    expect(sortVersions(mixed).map((v) => v.version)).toEqual(['2.0.0', 'f3c1a9e', '1.0.0']);
  });

  it('keeps the given order between versions published in the same instant', () => {
    expect(sortVersions([at('b', 1), at('a', 1)]).map((v) => v.version)).toEqual(['b', 'a']);
  });
});
