// What the registry has instead of a version can-i-deploy was asked about: read here so that the verdict's reason,
// decided in the pool, can name the service meant or what was published (contracts/gate/unknown-candidate.ts).

import { findNearestName, findSameVersion, type UnknownCandidateHint } from '../../contracts/index.js';
import type { Store } from '../store/store.js';

export async function readUnknownCandidate(store: Store, service: string, version: string): Promise<UnknownCandidateHint> {
  if (!(await store.getService(service))) {
    const meant = findNearestName(
      service,
      (await store.listServiceOwners()).map((s) => s.name),
    );
    return meant === undefined ? {} : { meant };
  }
  // The names alone, as the pages keep them: a stranger's ask about a made-up version of a service published from every
  // commit read and sorted its thousands of rows on the event loop (some 100 ms at 5,000).
  const published = await store.listVersionNames(service);
  const newest = published.at(-1);
  if (newest === undefined) return {};
  const sameVersion = findSameVersion(version, published);
  return { published: { newest, ...(sameVersion !== undefined && { sameVersion }) } };
}
