// Semantic-version advice: the bump a diff needs against the one the version numbers give.
import { describe, expect, it } from 'vitest';
import type { Change } from '../../../contracts/model.js';
import {
  addVersionFinding,
  checkVersionBump,
  findGivenBump,
  findNeededBump,
  isAddition,
  parseSemver,
  VERSION_BUMP_RULE,
} from '../../../contracts/policy/semver.js';
import { aReport } from '../format/report-builder.js';

function aChange(id: string, level: Change['level']): Change {
  return { id, level, location: '/paths', side: 'revision', message: id, target: { kind: 'operation' } };
}

const breaking = aChange('api-path-removed-without-deprecation', 'breaking');
const added = aChange('endpoint-added', 'info');
const optional = aChange('new-optional-request-parameter', 'info');
const deprecated = aChange('endpoint-deprecated', 'info');
const loosened = aChange('request-parameter-became-optional', 'info');
const warning = aChange('response-optional-property-removed', 'warning');

describe('parseSemver', () => {
  it.each([
    ['1.2.3', { major: 1, minor: 2, patch: 3, prerelease: '' }],
    ['v2.0.0-rc.1+build.5', { major: 2, minor: 0, patch: 0, prerelease: 'rc.1' }],
    ['0.10.0', { major: 0, minor: 10, patch: 0, prerelease: '' }],
    [' 1.0.0-x.7.z-92 ', { major: 1, minor: 0, patch: 0, prerelease: 'x.7.z-92' }],
  ])('reads %s', (text, expected) => {
    expect(parseSemver(text)).toEqual(expected);
  });

  it.each([
    '1.2',
    '01.2.3',
    '1.2.3-rc.01',
    '1.2.3.4',
    '=1.2.3',
    '1.2.3+',
    '99999999999999999999.0.0',
    `1.0.0-${'a'.repeat(300)}`,
    '2024-01-01',
    '1.2.3-',
    'latest',
    '',
  ])('refuses %j', (text) => {
    expect(parseSemver(text)).toBeUndefined();
  });

  it('refuses what is not a string (YAML may read `version: 1.0` as a number)', () => {
    expect(parseSemver(1 as unknown as string)).toBeUndefined();
    expect(parseSemver(undefined)).toBeUndefined();
  });
});

describe('findNeededBump', () => {
  it.each([
    { name: 'nothing for no changes', changes: [], bump: 'none' },
    { name: 'major for a breaking change', changes: [added, breaking], bump: 'major' },
    { name: 'minor for an added endpoint', changes: [added, loosened], bump: 'minor' },
    { name: 'minor for a new optional parameter', changes: [optional], bump: 'minor' },
    { name: 'minor for a deprecation', changes: [deprecated], bump: 'minor' },
    { name: 'patch for anything else', changes: [loosened, warning], bump: 'patch' },
  ])('$name', ({ changes, bump }) => {
    expect(findNeededBump(changes)).toBe(bump);
  });

  it('tells additions apart by rule id', () => {
    expect(
      ['endpoint-added', 'response-optional-property-added', 'new-optional-request-property', 'endpoint-reactivated', 'endpoint-deprecated-with-sunset'].every(
        isAddition,
      ),
    ).toBe(true);
    expect(['request-parameter-became-optional', 'api-path-removed-with-deprecation', 'response-non-success-status-removed'].some(isAddition)).toBe(false);
  });
});

describe('findGivenBump', () => {
  it.each([
    ['1.2.3', '2.0.0', 'major'],
    ['1.2.3', '1.3.0', 'minor'],
    ['1.2.3', '1.2.4', 'patch'],
    ['1.2.3', '1.2.3', 'none'],
    ['1.2.3', '1.2.2', 'downgrade'],
    ['2.0.0-rc.1', '2.0.0', 'prerelease'],
    ['1.9.0', '2.0.0-rc.1', 'major'],
  ])('%s -> %s is %s', (base, revision, bump) => {
    expect(findGivenBump(parseSemver(base)!, parseSemver(revision)!)).toBe(bump);
  });
});

describe('checkVersionBump', () => {
  it('says nothing unless both versions are semantic', () => {
    expect(checkVersionBump({ base: '2024-01', revision: '1.0.0', changes: [breaking] })).toBeUndefined();
    expect(checkVersionBump({ base: '1.0.0', changes: [breaking] })).toBeUndefined();
  });

  it('needs a major bump for a change that breaks a consumer, whatever its level in general', () => {
    const removedField = { ...aChange('response-optional-property-removed', 'warning'), breaksDependents: true };
    const brokeCheckout = { ...aChange('response-property-became-nullable', 'warning'), consumers: ['checkout-web'] };
    const harmless = { ...aChange('response-property-became-nullable', 'warning'), consumers: [] };
    expect(checkVersionBump({ base: '1.2.0', revision: '1.2.1', changes: [removedField] })?.bump.needed).toBe('major');
    expect(checkVersionBump({ base: '1.2.0', revision: '1.2.1', changes: [brokeCheckout] })?.change?.message).toBe(
      'info.version 1.2.0 -> 1.2.1 is a patch bump, but the changes need a major bump (1 change that breaks checkout-web)',
    );
    expect(checkVersionBump({ base: '1.2.0', revision: '1.2.1', changes: [removedField] })?.change?.message).toContain(
      '(1 change that breaks a consumer using what changed)',
    );
    // Judged against consumers none of whom reads the field: still major for others, but not said to break one of them.
    const unread = { ...removedField, consumers: [] };
    expect(checkVersionBump({ base: '1.2.0', revision: '1.2.1', changes: [unread] })?.change?.message).toBe(
      'info.version 1.2.0 -> 1.2.1 is a patch bump, but the changes need a major bump (1 change that would break a consumer using what changed, though none of the consumers given uses it)',
    );
    expect(checkVersionBump({ base: '1.2.0', revision: '1.2.1', changes: [harmless] })?.bump.needed).toBe('patch');
  });

  it('finds a bump smaller than the changes need, on the line of info.version', () => {
    const check = checkVersionBump({ base: '1.2.0', revision: '1.2.1', changes: [breaking, added], line: 4 });
    expect(check?.bump).toEqual({ base: '1.2.0', revision: '1.2.1', given: 'patch', needed: 'major' });
    expect(check?.change).toEqual({
      id: 'api-version-bump-too-small',
      level: 'warning',
      location: '/info/version',
      side: 'revision',
      line: 4,
      message: 'info.version 1.2.0 -> 1.2.1 is a patch bump, but the changes need a major bump (1 breaking change)',
      target: { kind: 'document' },
    });
  });

  it.each([
    { name: 'a big enough bump', base: '1.2.0', revision: '2.0.0', changes: [breaking], finding: false },
    { name: 'a bigger bump than needed', base: '1.2.0', revision: '2.0.0', changes: [added], finding: false },
    { name: 'no bump for no change', base: '1.2.0', revision: '1.2.0', changes: [], finding: false },
    { name: 'a missing bump', base: '1.2.0', revision: '1.2.0', changes: [warning], finding: true },
    { name: 'a downgrade', base: '1.2.0', revision: '1.1.0', changes: [loosened], finding: true },
    { name: 'a pre-release line', base: '2.0.0-rc.1', revision: '2.0.0-rc.2', changes: [breaking], finding: false },
    { name: 'before 1.0.0, a minor bump for a breaking change', base: '0.3.1', revision: '0.4.0', changes: [breaking], finding: false },
    { name: 'before 1.0.0, a patch bump for a breaking change', base: '0.3.1', revision: '0.3.2', changes: [breaking], finding: true },
    { name: 'before 1.0.0, a patch bump for an addition', base: '0.3.1', revision: '0.3.2', changes: [added], finding: false },
  ])('$name: finding $finding', ({ base, revision, changes, finding }) => {
    expect(checkVersionBump({ base, revision, changes })?.change !== undefined).toBe(finding);
  });

  it('words the message for a missing bump and a downgrade', () => {
    expect(checkVersionBump({ base: '1.2.0', revision: '1.2.0', changes: [optional, deprecated] })?.change?.message).toBe(
      'info.version 1.2.0 -> 1.2.0 did not change, but the changes need a minor bump (2 additions or deprecations)',
    );
    expect(checkVersionBump({ base: '1.2.0', revision: '1.1.9', changes: [warning] })?.change?.message).toBe(
      'info.version 1.2.0 -> 1.1.9 went backwards, but the changes need a patch bump (1 change)',
    );
  });
});

describe('addVersionFinding', () => {
  const check = checkVersionBump({ base: '1.2.0', revision: '1.2.1', changes: [breaking] })!;

  it.each([
    { failOn: 'breaking' as const, blocking: false },
    { failOn: 'warning' as const, blocking: true },
    { failOn: 'never' as const, blocking: false },
  ])('blocks only when --fail-on $failOn reaches its level: $blocking', ({ failOn, blocking }) => {
    const report = addVersionFinding({ ...aReport().build(), failOn }, check, check.change);
    expect(report.changes).toHaveLength(1);
    expect(report.changes[0]).toMatchObject({ id: VERSION_BUMP_RULE.id, blocking });
    expect(report.summary).toEqual({ breaking: 0, warning: 1, info: 0, blocking: Number(blocking) });
    expect(report.versionBump).toEqual(check.bump);
  });

  it('blocks by --fail-on with consumers too, breaking none of them', () => {
    const report = addVersionFinding({ ...aReport().withConsumers().build(), failOn: 'warning' }, check, check.change);
    expect(report.changes[0]).toMatchObject({ consumers: [], blocking: true });
  });

  it('keeps only the bump when the finding was dropped (severity NONE) or not needed', () => {
    const report = addVersionFinding(aReport().build(), check, undefined);
    expect(report.changes).toEqual([]);
    expect(report.versionBump).toEqual(check.bump);
    const plain = aReport().build();
    expect(addVersionFinding(plain, undefined)).toBe(plain);
  });
});
