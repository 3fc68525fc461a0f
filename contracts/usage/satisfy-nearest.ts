// What a consumer most likely meant by a use its provider does not offer (`GET /user/{id}` beside `GET /users/{id}`,
// `emial` beside `email`): said with the miss, so its owners fix a typo instead of asking the provider for what it has.

import type { Schema } from '../schema/dialect.js';
import { joinField, splitField } from '../schema/field-path.js';
import { expandBranches, findField, listSteps, type SchemaContext } from '../schema/field-walk.js';
import { normalizePath, type OperationEntry } from '../schema/operations.js';
import type { Located } from '../schema/resolve.js';
import { parseOperationRef } from './manifest.js';
import { findNearestName } from './nearest-name.js';

// The gate judges every consumer on its hot path: only misses are searched, and no more of them per declaration than
// a reader fixes at once, so a hostile manifest of a thousand misspelt operations costs as much as one of this many.
const GUESSES_PER_DECLARATION = 16;

/** A guesser for one declaration's misses: after its budget, it guesses nothing. */
export function createGuesser(): <T>(guess: () => T | undefined) => T | undefined {
  let left = GUESSES_PER_DECLARATION;
  return (guess) => (left-- > 0 ? guess() : undefined);
}

/**
 * The operation `ref` most likely means, as the contract writes it: an operationId a typo away, or a method and path
 * path two edits away under the same method once parameter names are blanked (`{userId}` is `{id}`): another method
 * is another use, not a typo.
 */
export function findNearestOperation(ref: string, operations: ReadonlyMap<string, OperationEntry>): string | undefined {
  const parsed = parseOperationRef(ref);
  if (!parsed) return undefined;
  const entries = [...operations.values()];
  if (!('method' in parsed)) {
    const ids = entries.flatMap((e) => (typeof e.operation.operationId === 'string' ? [e.operation.operationId] : []));
    return findNearestName(parsed.operationId, ids);
  }
  const wanted = normalizePath(parsed.path);
  let best: { label: string; edits: number } | undefined;
  for (const entry of entries) {
    // The key is the path normalized already (`GET /users/{}`); lengths first, then edits counted no further than two.
    const path = entry.key.slice(entry.method.length + 1);
    if (entry.method !== parsed.method || Math.abs(path.length - wanted.length) > 2) continue;
    const edits = countEditsUpTo(wanted, path, 2);
    if (edits <= 2 && (best === undefined || edits < best.edits)) best = { label: entry.label, edits };
  }
  return best?.label;
}

/** The parameter of the operation a sent one is a typo of (`limt` -> `limit`); path parameters are named by the path. */
export function findNearestParameter(name: string, entry: OperationEntry): string | undefined {
  return findNearestName(name, new Set(entry.parameters.filter((p) => p.in !== 'path').map((p) => p.name)));
}

/**
 * The field `field` most likely means in these bodies: the first segment no body has, replaced by the nearest name
 * beside it (`address.sity` -> `address.city`), when the path so corrected has a place in one of them.
 */
export function findNearestField(schemas: Located<Schema>[], field: string, ctx: SchemaContext): string | undefined {
  const segments = splitField(field);
  let frontier = expandBranches(schemas, ctx);
  for (let i = 0; i < segments.length; i++) {
    const steps = frontier.flatMap((node) => listSteps(node, ctx));
    const taken = steps.filter((s) => s.segment === segments[i]);
    if (taken.length > 0) {
      frontier = expandBranches(
        taken.map((s) => s.at),
        ctx,
      );
      continue;
    }
    const guess = findNearestName(segments[i]!, new Set(steps.map((s) => s.segment).filter((name) => name !== '[]')));
    if (guess === undefined) return undefined;
    const corrected = [...segments.slice(0, i), guess, ...segments.slice(i + 1)].reduce(joinField, '');
    return schemas.some((schema) => findField(schema, corrected, ctx) !== 'missing') ? corrected : undefined;
  }
  return undefined;
}

/**
 * Edits between two words as countEdits counts them (a swap of neighbours is one), but only up to `limit`: a paths
 * list of a thousand operations is searched in a band of the table, and a row past the limit stops it (`limit + 1`).
 */
function countEditsUpTo(a: string, b: string, limit: number): number {
  const over = limit + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => (j <= limit ? j : over));
  for (let i = 1; i <= a.length; i++) {
    const row = new Array<number>(b.length + 1).fill(over);
    row[0] = i <= limit ? i : over;
    let least = row[0];
    for (let j = Math.max(1, i - limit); j <= Math.min(b.length, i + limit); j++) {
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j]!, before[j - 2]! + 1);
      least = Math.min(least, row[j]!);
    }
    if (least > limit) return over;
    before = previous;
    previous = row;
  }
  return Math.min(previous[b.length]!, over);
}
