// The line of each operation in a loaded contract, so annotations can place changes that a
// pull request's files no longer show (removals seen in the base) next to their operation.

import type { LoadedContract } from '../load/load.js';
import type { Change } from '../model.js';
import { indexOperations } from '../schema/operations.js';
import { parentPointer, resolvePointer, splitPointer } from '../schema/pointer.js';
import { Resolver } from '../schema/resolve.js';

/** `{"GET /users/{}": 14}`: 1-based lines keyed like `DiffReport.operationLines`. */
export function locateOperations(contract: LoadedContract): Record<string, number> {
  const lines: Record<string, number> = {};
  const operations = [...indexOperations(contract.doc, new Resolver(contract.doc))];
  // One scan of the text for every operation: a scan per operation costs seconds on large contracts.
  const places = contract.locateAll(operations.map(([, entry]) => entry.pointer));
  for (const [key, entry] of operations) {
    const line = places.get(entry.pointer)?.line;
    if (line !== undefined) lines[key] = line;
  }
  return lines;
}

/**
 * For each change seen in the base (a removal), the line in the revision of the nearest part that still exists
 * (the removed property's schema, the removed operation's path), keyed by the change's location.
 */
export function locateRemovals(revision: LoadedContract, changes: readonly Change[]): Record<string, number> {
  const nearest = new Map<string, string>();
  for (const change of changes) {
    if (change.side !== 'base' || nearest.has(change.location)) continue;
    let pointer: string | undefined = change.location;
    while (pointer !== undefined && resolvePointer(revision.doc, pointer) === undefined) pointer = parentPointer(pointer);
    // `/paths` or the document as a whole is no place (a path renamed its parameter): the operation's line is nearer.
    if (pointer !== undefined && splitPointer(pointer).length >= 2) nearest.set(change.location, pointer);
  }
  const places = revision.locateAll(new Set(nearest.values()));
  const lines: Record<string, number> = {};
  for (const [location, pointer] of nearest) {
    const line = places.get(pointer)?.line;
    if (line !== undefined) lines[location] = line;
  }
  return lines;
}
