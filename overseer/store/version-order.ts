// Orders versions of one service: by semantic versioning when both are semver, by publish time otherwise.

/** What ordering needs to know of a version. */
export interface VersionOrderKey {
  version: string;
  /** ISO 8601 publish time; ISO strings of one format sort as text. */
  createdAt: string;
}

interface SemVer {
  core: [string, string, string];
  prerelease: string[];
}

// semver.org 2.0.0, with an optional leading "v" since tags are often written that way.
const SEMVER = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;
const DIGITS = /^\d+$/;

export function parseSemver(version: string): SemVer | undefined {
  const match = SEMVER.exec(version);
  if (!match) return undefined;
  return { core: [match[1], match[2], match[3]], prerelease: match[4] ? match[4].split('.') : [] };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// Compared as digit strings so that numbers beyond 2^53 still order exactly.
function compareNumeric(a: string, b: string): number {
  return Math.sign(a.length - b.length) || compareText(a, b);
}

function compareIdentifier(a: string, b: string): number {
  const aNumeric = DIGITS.test(a);
  const bNumeric = DIGITS.test(b);
  if (aNumeric && bNumeric) return compareNumeric(a, b);
  if (aNumeric !== bNumeric) return aNumeric ? -1 : 1;
  return compareText(a, b);
}

function comparePrerelease(a: string[], b: string[]): number {
  // A release ranks above every prerelease of the same core version.
  if (a.length === 0 || b.length === 0) return Math.sign(b.length - a.length);
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const order = compareIdentifier(a[i], b[i]);
    if (order !== 0) return order;
  }
  return Math.sign(a.length - b.length);
}

/** Semver precedence (build metadata ignored): negative when a ranks below b. */
export function compareSemver(a: SemVer, b: SemVer): number {
  for (let i = 0; i < 3; i++) {
    const order = compareNumeric(a.core[i], b.core[i]);
    if (order !== 0) return order;
  }
  return comparePrerelease(a.prerelease, b.prerelease);
}

/** Negative when a comes before b: semver when both are semver (ties by publish time), else publish time. */
export function compareVersions(a: VersionOrderKey, b: VersionOrderKey): number {
  const semverA = parseSemver(a.version);
  const semverB = parseSemver(b.version);
  const bySemver = semverA && semverB ? compareSemver(semverA, semverB) : 0;
  return bySemver || compareText(a.createdAt, b.createdAt);
}

/**
 * Oldest first. Expects `versions` in publish order, which breaks remaining ties (sorting is stable).
 * A list mixing semver and other versions has no order that respects both rules pairwise,
 * so semver applies only when every version in the list is semver.
 */
export function sortVersions<T extends VersionOrderKey>(versions: readonly T[]): T[] {
  const allSemver = versions.every((v) => parseSemver(v.version) !== undefined);
  const byTime = (a: T, b: T) => compareText(a.createdAt, b.createdAt);
  return [...versions].sort(allSemver ? compareVersions : byTime);
}
