// pickLatest's shortcut for plain versions must name the version sortVersions puts last, on every kind of list.
import { describe, expect, it } from 'vitest';
import { pickLatest } from '../../../overseer/store/latest-version.js';
import { sortVersions } from '../../../overseer/store/store.js';

const at = (version: string, second: number) => ({ version, createdAt: `2024-05-01T10:00:${String(second).padStart(2, '0')}.000Z` });

describe('pickLatest', () => {
  it.each([
    [['1.9.0', '1.10.0', '1.2.0'], '1.10.0'],
    [['2.0.0', '10.0.0', '9.99.99'], '10.0.0'],
    [['1.0.0', '1.0.1-rc.1'], '1.0.1-rc.1'],
    [['1.0.1', '1.0.1-rc.1'], '1.0.1'],
    [['v2.0.0', '1.5.0'], 'v2.0.0'],
    [['1.0.0', 'nightly', '0.9.0'], '0.9.0'],
    [['01.0.0', '1.0.0'], '1.0.0'],
    [['1.0.0+build.2', '1.0.0'], '1.0.0'],
    [['999999999999999.0.0', '1000000000000000.0.0'], '1000000000000000.0.0'],
    [['3.1.4'], '3.1.4'],
  ])('picks the last of %j as sortVersions does (%s)', (versions, latest) => {
    const list = versions.map((v, i) => at(v, i));
    expect(pickLatest(list).version).toBe(latest);
    expect(pickLatest(list)).toBe(sortVersions(list).at(-1));
  });
});
