// Spans naming an environment the registry lacks (`prod` beside `production`): which known name they most likely mean.

import { countEdits } from './shape.js';

/**
 * The known name a mistyped or abbreviated one most likely means (`prod` -> `production`, `stg` -> `staging`,
 * `producton` -> `production`): its letters in order from the same first letter, or two edits away; else undefined.
 */
export function findNearestName(name: string, known: readonly string[]): string | undefined {
  const wanted = name.toLowerCase();
  const near = known
    .map((candidate) => ({ candidate, edits: countEdits(wanted, candidate.toLowerCase()) }))
    .filter(({ candidate, edits }) => edits <= 2 || isAbbreviation(wanted, candidate.toLowerCase()))
    .sort((a, b) => a.edits - b.edits);
  return near[0]?.candidate;
}

function isAbbreviation(short: string, long: string): boolean {
  if (short.length < 2 || short.length >= long.length || short[0] !== long[0]) return false;
  let at = 0;
  for (const letter of long) if (letter === short[at]) at++;
  return at === short.length;
}

/** `no environment prod in the registry (did you mean production?)`, for each environment spans named that it lacks. */
export function describeUnknownEnvironments(unknown: Readonly<Record<string, number>>, known: readonly string[]): string {
  return Object.keys(unknown)
    .sort()
    .map((name) => {
      const nearest = findNearestName(name, known);
      return `no environment ${name} in the registry${nearest ? ` (did you mean ${nearest}?)` : ''}`;
    })
    .join('; ');
}
