// A branch scope that nothing was published on judges nothing: without this check a misspelled `--branch` reads as "safe".

import { countEdits, describeGuess, findNearestName } from '../../contracts/index.js';
import { ApiError } from '../errors.js';
import type { Store } from '../store/store.js';

const NEAREST_SHOWN = 5;

/** Throws ERR_BRANCH_UNKNOWN, naming the nearest known branches, when the registry knows branches but not this one. */
export async function requireBranch(store: Store, name: string): Promise<void> {
  // One indexed query on every check; the branches are listed only to name the nearest in the refusal.
  if (await store.hasBranch(name)) return;
  const known = await store.listBranches();
  if (known.length === 0) {
    // An empty registry (the first check of the first service) has nothing a branch scope could miss; one whose
    // versions were all published without --branch has, and judging against no version on B would answer "deployable".
    if ((await store.findServices({ limit: 1 })).total === 0) return;
    throw new ApiError(
      'ERR_BRANCH_UNKNOWN',
      `nothing was published on branch '${name}': no version was published with a branch yet, so it would judge against nothing; ` +
        `publish with --branch ${name}, or judge against an environment (--env) or the latest versions (neither)`,
    );
  }
  const asked = name.toLowerCase();
  const distance = new Map(known.map((b) => [b, countEdits(b.toLowerCase(), asked)]));
  const nearest = [...known].sort((a, b) => distance.get(a)! - distance.get(b)! || (a < b ? -1 : 1)).slice(0, NEAREST_SHOWN);
  const more = known.length > nearest.length ? `, and ${known.length - nearest.length} more` : '';
  // A typo (`mian`) is far likelier than a branch never published on: its guess comes before "publish it first".
  const guess = findNearestName(name, known);
  const unknown = `nothing was published on branch '${name}' (nearest known: ${nearest.join(', ')}${more})`;
  throw new ApiError(
    'ERR_BRANCH_UNKNOWN',
    guess === undefined
      ? `${unknown}; publish with --branch ${name} first, or name another`
      : `${unknown}${describeGuess(guess)} If '${name}' is a new branch, publish with --branch ${name} first`,
  );
}

/**
 * A branch published on for the first time that is a typo away from a known one (`mian` beside `main`): the branch
 * probably meant. Its versions are not the latest on that branch, which `check --branch` and version.breaking count.
 */
export async function findBranchGuess(store: Store, name: string): Promise<string | undefined> {
  if (await store.hasBranch(name)) return undefined;
  return findNearestName(name, await store.listBranches());
}
