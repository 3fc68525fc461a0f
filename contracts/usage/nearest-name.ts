// Spans naming an environment the registry lacks (`prod` beside `production`): which known name they most likely mean.

import { countEdits } from './shape.js';

/**
 * The known name a mistyped or abbreviated one most likely means (`prod` -> `production`, `stg` -> `staging`,
 * `producton` -> `production`, `--fail` -> `--fail-on`): its letters in order from the same first letter, or two
 * edits away (one for a word of four letters or fewer, which two edits turn into most short words); else undefined.
 * The one guesser of the CLI, the registry, the dashboard and the Action.
 */
export function findNearestName(name: string, known: Iterable<string>): string | undefined {
  const wanted = name.toLowerCase();
  const limit = wanted.length <= 4 ? 1 : 2;
  // Edits are counted only for a name within the limit's length, or one the word shortens: a long name asked by a
  // stranger (a dashboard address) costs a comparison of lengths per known name, not a table of edits each.
  const near = [...known]
    .filter((candidate) => Math.abs(candidate.length - wanted.length) <= limit || isAbbreviation(wanted, candidate.toLowerCase()))
    .map((candidate) => ({ candidate, edits: countEdits(wanted, candidate.toLowerCase()) }))
    .filter(({ candidate, edits }) => edits <= limit || isAbbreviation(wanted, candidate.toLowerCase()))
    .sort((a, b) => a.edits - b.edits);
  return near[0]?.candidate;
}

/**
 * `: did you mean production?`, to follow what was not found, or nothing without a guess: the one wording of a
 * guess wherever Overseer says one (CLI, registry errors, Action), so a reader learns it once.
 */
export function describeGuess(guess: string | undefined): string {
  return guess === undefined ? '' : `: did you mean ${guess}?`;
}

function isAbbreviation(short: string, long: string): boolean {
  if (short.length < 2 || short.length >= long.length || short[0] !== long[0]) return false;
  let at = 0;
  for (const letter of long) if (letter === short[at]) at++;
  return at === short.length;
}

/**
 * `unknown environment 'prod' (known: production, staging): did you mean production?`: the one sentence of the
 * registry's 404, every command that names an environment, and an OTLP export's spans. Without a guess it names the
 * command that creates it; with one, never, since creating the typo makes an empty environment where all looks safe.
 */
export function describeUnknownEnvironment(name: string, known: readonly string[]): string {
  const guess = findNearestName(name, known);
  const next = guess !== undefined ? describeGuess(guess) : `; create it with \`overseer environment create ${name}\``;
  return `unknown environment '${name}' (known: ${known.length > 0 ? known.join(', ') : 'none yet'})${next}`;
}

/** The sentence above for each environment spans named that the registry lacks, joined. */
export function describeUnknownEnvironments(unknown: Readonly<Record<string, number>>, known: readonly string[]): string {
  return Object.keys(unknown)
    .sort()
    .map((name) => describeUnknownEnvironment(name, known))
    .join('; ');
}
