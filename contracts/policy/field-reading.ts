// A waiver names a change as the operation it names reads it. A change in a schema several operations share is filed
// under one of them, its field written from there (`[].address.city` under GET /users); from another operation the path
// is another (`address.city` from GET /users/{id}), found in the diff the change came from. `city` alone is no field of
// GET /users/{id}: a waiver of it accepted the change to `address.city`, which the consumer reading it never agreed to.
// And where the provider moved its base path into its paths, a consumer declared the operation by the live version's
// path (`GET /users/{id}` under `https://x/v1`): a waiver its owners agreed to names it so, and names the change too.

import type { ContractDiff } from '../diff.js';
import { keyOfLabel } from '../format/annotate.js';
import type { Change } from '../model.js';
import { fieldThrough } from '../usage/seen-field.js';

/** How the diffs a change came from read it from another operation than the one it is named under. */
export interface ChangeReader {
  /** The field the change touches as `operation` reads it, or undefined where that operation reaches it nowhere known. */
  field(change: Change, operation: string): string | undefined;
  /** The keys a live version names the operation labelled `label` by, where its base path moved between servers and paths. */
  baseKeysOf(label: string): string[];
}

/**
 * Reads changes through the diffs they came from (the gate has one per live version of the provider). A change given
 * here may be a copy, seen through a consumer's operation: its original is found by rule, place and side.
 */
export function readChangesIn(diffs: readonly ContractDiff[]): ChangeReader {
  return {
    field(change, operation) {
      for (const diff of diffs) {
        const original = diff.changes.find((c) => c.id === change.id && c.location === change.location && c.side === change.side);
        if (original !== undefined) return fieldThrough(diff, original, operation);
      }
      return undefined;
    },
    baseKeysOf(label) {
      const key = keyOfLabel(label);
      return diffs.flatMap((diff) => diff.operations.get(key)?.baseKey ?? []);
    },
  };
}

/** The field of the change as `operation` reads it: its own where it is filed (or seen) under that operation. */
export function fieldAsRead(change: Change, operation: string, read: ChangeReader | undefined): string | undefined {
  const target = change.target;
  const own = target.kind === 'request-body' || target.kind === 'response' ? target.field : undefined;
  if (own === undefined || change.operation === undefined || change.operation === operation) return own;
  return read?.field(change, operation);
}
