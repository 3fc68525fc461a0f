// "did you mean ...?": the closest known word to a mistyped option or command, when one is close enough.

import { countEdits } from '../contracts/index.js';

/** The candidate within two edits (or one for short words) of `word`, nearest first; undefined when none is. */
export function suggestClosest(word: string, candidates: Iterable<string>): string | undefined {
  const limit = word.length <= 4 ? 1 : 2;
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = countEdits(word.toLowerCase(), candidate.toLowerCase());
    if (distance <= limit && (!best || distance < best.distance)) best = { candidate, distance };
  }
  // A prefix (`--fail` for `--fail-on`) is as good a guess as a typo.
  return best?.candidate ?? [...candidates].find((c) => word.length >= 3 && c.startsWith(word));
}
