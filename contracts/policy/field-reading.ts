// A waiver names a field as the operation it names reads it (`address.city` from GET /users/{id}). A change in a schema
// several operations share is filed under one of them, its field written from there; from another operation the path is
// another, found in the diff the change came from. `city` alone is no field of GET /users/{id}: a waiver of it accepted
// the change to `address.city` (and `billing.city`), which the consumer reading the address never agreed to.

import type { ContractDiff } from '../diff.js';
import type { Change } from '../model.js';
import { fieldThrough } from '../usage/seen-field.js';

/** The field a change touches as `operation` reads it, or undefined where that operation reaches it nowhere known. */
export type FieldReader = (change: Change, operation: string) => string | undefined;

/**
 * Reads changes through the diffs they came from (the gate has one per live version of the provider). A change given
 * here may be a copy, seen through a consumer's operation: its original is found by rule, place and side.
 */
export function readFieldsIn(diffs: readonly ContractDiff[]): FieldReader {
  return (change, operation) => {
    for (const diff of diffs) {
      const original = diff.changes.find((c) => c.id === change.id && c.location === change.location && c.side === change.side);
      if (original !== undefined) return fieldThrough(diff, original, operation);
    }
    return undefined;
  };
}

/** The field of the change as `operation` reads it: its own where it is filed (or seen) under that operation. */
export function fieldAsRead(change: Change, operation: string, read: FieldReader | undefined): string | undefined {
  const target = change.target;
  const own = target.kind === 'request-body' || target.kind === 'response' ? target.field : undefined;
  if (own === undefined || change.operation === undefined || change.operation === operation) return own;
  return read?.(change, operation);
}
