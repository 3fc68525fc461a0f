// A branch scope that nothing was published on judges nothing: without this check a misspelled `--branch` reads as "safe".

import { countEdits } from '../../contracts/index.js';
import { ApiError } from '../errors.js';
import type { Store } from '../store/store.js';

const NEAREST_SHOWN = 5;

/** Throws ERR_BRANCH_UNKNOWN, naming the nearest known branches, when the registry knows branches but not this one. */
export async function requireBranch(store: Store, name: string): Promise<void> {
  const known = await store.listBranches();
  // Where nothing was ever published with a branch (a first check), a typo cannot be told from a new name.
  if (known.length === 0 || known.includes(name)) return;
  const asked = name.toLowerCase();
  const distance = new Map(known.map((b) => [b, countEdits(b.toLowerCase(), asked)]));
  const nearest = [...known].sort((a, b) => distance.get(a)! - distance.get(b)! || (a < b ? -1 : 1)).slice(0, NEAREST_SHOWN);
  const more = known.length > nearest.length ? `, and ${known.length - nearest.length} more` : '';
  throw new ApiError(
    'ERR_BRANCH_UNKNOWN',
    `nothing was published on branch '${name}' (nearest known: ${nearest.join(', ')}${more}); publish with --branch ${name} first, or name another`,
  );
}
