// An operationId lost in the same version that moved its operation to a new path leaves the use at a path that no
// longer exists. The provider's later versions are walked from where the id was last given: a path that disappears is
// followed only to the one new path holding the very same operation (its id aside), else the trail is said to end there.

import type { LoadedContract } from '../load/load.js';
import { indexOperations, type OperationEntry, operationKey } from '../schema/operations.js';
import { Resolver } from '../schema/resolve.js';
import type { PlacedOperation } from './renamed-uses.js';
import { parseOperationRef } from './shape.js';

/** One of the provider's versions, in the order they were published. */
export interface ProviderVersion {
  version: string;
  contract: LoadedContract;
}

// A hub's history is walked again at every ask: each contract's operations are indexed once while it stays loaded.
const indexes = new WeakMap<LoadedContract, Map<string, OperationEntry>>();

function operationsOf(contract: LoadedContract): Map<string, OperationEntry> {
  let operations = indexes.get(contract);
  if (!operations) indexes.set(contract, (operations = indexOperations(contract.doc, new Resolver(contract.doc))));
  return operations;
}

/** Each placed operation followed through `newer` (the versions published after the one that named it, oldest first). */
export function followMoves(placed: readonly PlacedOperation[], named: LoadedContract, newer: readonly ProviderVersion[]): PlacedOperation[] {
  return placed.map((p) => followOne(p, named, newer));
}

function followOne(placed: PlacedOperation, named: LoadedContract, newer: readonly ProviderVersion[]): PlacedOperation {
  let at = entryAt(operationsOf(named), placed.label);
  if (!at) return placed;
  const moves: NonNullable<PlacedOperation['moves']> = [];
  let before = operationsOf(named);
  for (const { version, contract } of newer) {
    const operations = operationsOf(contract);
    const kept = operations.get(at.key);
    if (kept) {
      at = kept;
      before = operations;
      continue;
    }
    const moved = findMoved(at, before, operations);
    if (!moved) return { ...placed, label: at.label, ...(moves.length > 0 && { moves }), lostIn: version };
    moves.push({ from: at.label, to: moved.label, version });
    at = moved;
    before = operations;
  }
  return moves.length === 0 ? placed : { ...placed, label: at.label, moves };
}

function entryAt(operations: Map<string, OperationEntry>, label: string): OperationEntry | undefined {
  const ref = parseOperationRef(label);
  return ref && 'method' in ref ? operations.get(operationKey(ref.method, ref.path)) : undefined;
}

/** The one operation new in `operations` (absent from `before`) with the same method and content as `gone`, if one. */
function findMoved(gone: OperationEntry, before: Map<string, OperationEntry>, operations: Map<string, OperationEntry>): OperationEntry | undefined {
  const wanted = contentOf(gone);
  const found = [...operations.values()].filter((op) => op.method === gone.method && !before.has(op.key) && contentOf(op) === wanted);
  // Two new paths with the same operation: which one the consumer's calls went to cannot be told.
  return found.length === 1 ? found[0] : undefined;
}

/** The operation as written, its operationId aside, with the parameters its path item gives it. */
function contentOf(entry: OperationEntry): string {
  const { operationId: _id, ...rest } = entry.operation;
  return JSON.stringify([rest, entry.pathItem.parameters ?? null]);
}
