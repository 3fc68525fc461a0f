// Semantic versions: which bump of `info.version` the changes need, and a finding when the bump given is smaller.
// Approach: the finding is a change (`api-version-bump-too-small`, a warning on `/info/version`), so every
// format shows it, severity files and waivers apply to it, and it blocks only when `--fail-on` reaches its level.
import { reaches, summarize } from '../check.js';
import { sortChanges } from '../diff.js';
import type { Change, DiffReport, JudgedChange } from '../model.js';
import { RULES } from '../rules/table.js';

const BUMPS = ['none', 'patch', 'minor', 'major'] as const;
type Bump = (typeof BUMPS)[number];
type GivenBump = NonNullable<DiffReport['versionBump']>['given'];

export const VERSION_BUMP_RULE = RULES.get('api-version-bump-too-small')!;

interface SemVer {
  major: number;
  minor: number;
  patch: number;
  prerelease: string;
}

interface VersionCheck {
  bump: NonNullable<DiffReport['versionBump']>;
  /** Present when the bump given is smaller than the one needed. */
  change?: Change;
}

// The grammar of semver.org 2.0.0 with an optional leading `v`, as the semver package reads it without `loose`;
// written here because one regular expression is all the check needs, and the package is eleven modules to load.
const NUMBER = '0|[1-9]\\d*';
const PRERELEASE_ID = `(?:${NUMBER}|\\d*[a-zA-Z-][a-zA-Z0-9-]*)`;
const SEMVER = new RegExp(
  `^v?(${NUMBER})\\.(${NUMBER})\\.(${NUMBER})(?:-(${PRERELEASE_ID}(?:\\.${PRERELEASE_ID})*))?(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?$`,
);
/** Longer strings are refused unread, as the semver package does. */
const MAX_VERSION_LENGTH = 256;

/** `1.2.3`, `v1.2.3-rc.1+build.5` (build metadata dropped); undefined for anything else (`2024-01`, `1.2`). */
export function parseSemver(text: string | undefined): SemVer | undefined {
  const trimmed = typeof text === 'string' ? text.trim() : '';
  const match = trimmed.length <= MAX_VERSION_LENGTH ? SEMVER.exec(trimmed) : null;
  if (!match) return undefined;
  const [major, minor, patch] = [match[1], match[2], match[3]].map(Number) as [number, number, number];
  if (![major, minor, patch].every(Number.isSafeInteger)) return undefined;
  return { major, minor, patch, prerelease: match[4] ?? '' };
}

/** Something a client can newly use, or a deprecation: the rule table gives both a minor bump. */
export function isAddition(id: string): boolean {
  return RULES.get(id)?.bump === 'minor';
}

/** A change judged against consumers names those it breaks, and, with waivers applied, those that accepted it. */
type MaybeJudged = Change & { consumers?: readonly string[]; waived?: unknown; waivedFor?: readonly string[] };

/**
 * A change someone's code can break on: breaking in general, breaking whoever reads the touched part
 * (a response field removed), or breaking a named consumer. Semantic versioning calls all of them major,
 * so the advice never reads "patch" beside a blocked consumer.
 */
function breaksSomeone(change: MaybeJudged): boolean {
  return change.level === 'breaking' || change.breaksDependents === true || stillBroken(change).length > 0;
}

/**
 * The consumers a change breaks but those a waiver covers: their owners agreed to lose the part, so they neither make
 * the change major nor are named as broken by the advice (the change's own level still counts).
 */
function stillBroken(change: MaybeJudged): readonly string[] {
  if (change.waived !== undefined) return [];
  const waived = change.waivedFor ?? [];
  return (change.consumers ?? []).filter((name) => !waived.includes(name));
}

/** The bump a set of changes needs: major for what breaks someone, minor for additions, patch for anything else. */
export function findNeededBump(changes: readonly MaybeJudged[]): Bump {
  if (changes.length === 0) return 'none';
  if (changes.some(breaksSomeone)) return 'major';
  return changes.some((c) => isAddition(c.id)) ? 'minor' : 'patch';
}

/** Below 1.0.0 the public API is not stable: by the common convention (npm, Cargo) each need moves one place down. */
function shiftForInitialDevelopment(needed: Bump, base: SemVer): Bump {
  if (base.major !== 0 || needed === 'none') return needed;
  return needed === 'major' ? 'minor' : 'patch';
}

/** Which part of the version moved, from base to revision. */
export function findGivenBump(base: SemVer, revision: SemVer): GivenBump {
  const order = compareCore(base, revision);
  if (order > 0) return 'downgrade';
  if (order === 0) return base.prerelease === revision.prerelease ? 'none' : 'prerelease';
  if (revision.major !== base.major) return 'major';
  return revision.minor !== base.minor ? 'minor' : 'patch';
}

/** Judges the bump between two `info.version`s; undefined unless both are semantic versions. */
export function checkVersionBump(input: { base?: string; revision?: string; changes: readonly MaybeJudged[]; line?: number }): VersionCheck | undefined {
  const base = parseSemver(input.base);
  const revision = parseSemver(input.revision);
  if (!base || !revision) return undefined;
  const given = findGivenBump(base, revision);
  const needed = shiftForInitialDevelopment(findNeededBump(input.changes), base);
  const bump = { base: input.base!, revision: input.revision!, given, needed };
  // A pre-release line (2.0.0-rc.1 -> 2.0.0-rc.2) may change anything until it is released.
  if (given === 'prerelease' || !isTooSmall(given, needed)) return { bump };
  return { bump, change: buildFinding(bump, input.changes, input.line) };
}

/** Adds the finding to a judged report: it blocks when `--fail-on` reaches its level, with or without consumers. */
export function addVersionFinding(report: DiffReport, check: VersionCheck | undefined, finding?: Change): DiffReport {
  if (!check) return report;
  if (!finding) return { ...report, versionBump: check.bump };
  const judged: JudgedChange = {
    ...finding,
    ...(report.consumers ? { consumers: [] } : {}),
    blocking: reaches(finding.level, report.failOn),
  };
  const changes = sortChanges([...report.changes, judged]);
  // Recounted with the uses the revision does not offer: counted without them, a too-small bump let those through.
  return { ...report, changes, summary: summarize(changes, report.unmet), versionBump: check.bump };
}

function isTooSmall(given: GivenBump, needed: Bump): boolean {
  if (given === 'prerelease') return false;
  if (given === 'downgrade') return needed !== 'none';
  return BUMPS.indexOf(given) < BUMPS.indexOf(needed);
}

function buildFinding(bump: VersionCheck['bump'], changes: readonly MaybeJudged[], line: number | undefined): Change {
  const given = bump.given === 'downgrade' ? 'went backwards' : bump.given === 'none' ? 'did not change' : `is a ${bump.given} bump`;
  return {
    id: VERSION_BUMP_RULE.id,
    level: VERSION_BUMP_RULE.level,
    location: '/info/version',
    side: 'revision',
    ...(line !== undefined ? { line } : {}),
    message: `info.version ${bump.base} -> ${bump.revision} ${given}, but the changes need a ${bump.needed} bump (${explainNeed(changes)})`,
    target: { kind: 'document' },
  };
}

// The words follow the report: with consumers given, a change that breaks none of them is not said to break "a consumer".
function explainNeed(changes: readonly MaybeJudged[]): string {
  const breaking = changes.filter((c) => c.level === 'breaking').length;
  const lower = changes.filter((c) => c.level !== 'breaking');
  const breakingNamed = lower.filter((c) => stillBroken(c).length > 0);
  const breakingReaders = lower.filter((c) => stillBroken(c).length === 0 && c.breaksDependents === true);
  const judged = changes.some((c) => c.consumers !== undefined);
  const parts = [
    breaking > 0 && `${breaking} breaking ${plural(breaking, 'change')}`,
    breakingNamed.length > 0 &&
      `${breakingNamed.length} ${plural(breakingNamed.length, 'change')} that ${breakingNamed.length === 1 ? 'breaks' : 'break'} ${nameConsumers(breakingNamed)}`,
    breakingReaders.length > 0 && `${breakingReaders.length} ${plural(breakingReaders.length, 'change')} ${explainReaders(breakingReaders, judged)}`,
  ].filter(Boolean);
  if (parts.length > 0) return parts.join(' and ');
  const additions = changes.filter((c) => isAddition(c.id)).length;
  if (additions > 0) return `${additions} ${additions === 1 ? 'addition or deprecation' : 'additions or deprecations'}`;
  return `${changes.length} ${plural(changes.length, 'change')}`;
}

function explainReaders(changes: readonly MaybeJudged[], judged: boolean): string {
  const count = changes.length;
  const waived = [...new Set(changes.flatMap((c) => c.consumers ?? []))].sort();
  // Its readers among the consumers given accepted it by a waiver: said so, not that none of them uses it.
  if (waived.length > 0) return `that ${count === 1 ? 'breaks' : 'break'} a consumer using what changed, waived for ${nameSome(waived)}`;
  if (judged) return 'that would break a consumer using what changed, though none of the consumers given uses it';
  return `that ${count === 1 ? 'breaks' : 'break'} a consumer using what changed`;
}

function nameConsumers(changes: readonly MaybeJudged[]): string {
  return nameSome([...new Set(changes.flatMap(stillBroken))].sort());
}

function nameSome(names: readonly string[]): string {
  return names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
}

function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}

function compareCore(a: SemVer, b: SemVer): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}
