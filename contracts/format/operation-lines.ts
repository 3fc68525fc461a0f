// The line of each operation in a loaded contract, so annotations can place changes that a
// pull request's files no longer show (removals seen in the base) next to their operation.

import type { LoadedContract } from '../load/load.js';
import { indexOperations } from '../schema/operations.js';
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
