// The last of one service's versions as sortVersions orders them, without its cost for the plain `1.2.3` most
// registries use: the graph asks it of 5,000 services per page, and semver's parse dominated that read.

import { sortVersions, type VersionOrderKey } from './version-order.js';

// Semver's own rule for a release with no prefix, pre-release or build: no leading zeros; 15 digits keep it exact.
const PLAIN = /^(0|[1-9]\d{0,14})\.(0|[1-9]\d{0,14})\.(0|[1-9]\d{0,14})$/;

/** `sortVersions(versions).at(-1)`; `versions` in publish order, at least one. */
export function pickLatest<T extends VersionOrderKey>(versions: readonly T[]): T {
  if (versions.length === 1) return versions[0];
  let best: T | undefined;
  let bestKey: number[] = [];
  for (const v of versions) {
    const m = PLAIN.exec(v.version);
    // Anything else (pre-releases, a "v" prefix, dates) takes the general rule.
    if (!m) return sortVersions(versions).at(-1)!;
    const key = [Number(m[1]), Number(m[2]), Number(m[3])];
    // Versions of a service are unique, so two plain ones never tie.
    if (best === undefined || compareKeys(key, bestKey) > 0) [best, bestKey] = [v, key];
  }
  return best!;
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}
