// Which service names may be a misspelling of a name seen elsewhere (a span's service.name): the store finds the few
// near it, where a dashboard page that guessed at one read every service of a 5,000-service registry.

import { countEdits } from '../../contracts/index.js';

/**
 * What each store filters its names on: a length within `edits` of the name's, and one of `edits + 1` pieces of it (in
 * lower case) whole. `edits` edits leave one piece untouched, so every name within them passes; a piece that no name
 * can hold (a NUL, which PostgreSQL's text refuses) is left out.
 */
export function describeNearNames(name: string, edits: number): { shortest: number; longest: number; pieces: string[] } {
  const wanted = name.toLowerCase();
  const count = edits + 1;
  const cut = (i: number) => Math.floor((i * wanted.length) / count);
  const pieces = Array.from({ length: count }, (_, i) => wanted.slice(cut(i), cut(i + 1))).filter((piece) => !piece.includes('\u0000'));
  return { shortest: wanted.length - edits, longest: wanted.length + edits, pieces: [...new Set(pieces)] };
}

/** Of the names that passed the filter, those within `edits` edits of `name`, letter case aside, in their order. */
export function keepNearNames(name: string, edits: number, candidates: readonly string[]): string[] {
  const wanted = name.toLowerCase();
  return candidates.filter((candidate) => countEdits(wanted, candidate.toLowerCase()) <= edits);
}
