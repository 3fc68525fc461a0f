// A consumer's new version that declares no use of a provider its live version declared is deployable (ending a use is
// no break), but from then on that provider's changes are not judged against it: the yes says so, since a `consumes:`
// block lost in a moved manifest looks exactly like this, and the provider's next breaking change would pass unjudged.

import type { GateInput, GateVersion } from '../gate.js';
import type { Notice } from '../model.js';

/** One notice per provider that a live version of the candidate's service declares and the candidate does not. */
export function noticeDroppedUses(input: GateInput, candidate: GateVersion): Notice[] {
  // Outside an environment nothing runs: the latest versions are compared, and a dropped use there endangers nobody yet.
  if (input.against !== undefined && input.against !== 'environment') return [];
  const kept = new Set(candidate.declarations.map((d) => d.provider));
  const dropped = new Map<string, string[]>();
  for (const live of input.deployed) {
    if (live.service !== candidate.service || live.version === candidate.version) continue;
    for (const d of live.declarations) {
      if (kept.has(d.provider) || d.provider === candidate.service) continue;
      const versions = dropped.get(d.provider) ?? [];
      if (!versions.includes(live.version)) dropped.set(d.provider, [...versions, live.version]);
    }
  }
  return [...dropped].map(([provider, versions]) => ({
    code: 'use-dropped',
    message:
      `${candidate.service} ${versions.join(', ')}, deployed in ${input.environment}, declares use of ${provider}, which ` +
      `${candidate.service} ${candidate.version} does not: once it is deployed, changes to ${provider} are no longer judged ` +
      `against ${candidate.service} (if it still calls ${provider}, declare it under consumes)`,
  }));
}
