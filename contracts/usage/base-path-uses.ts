// A consumer declares a path relative to the provider's server (`GET /users/{id}` under `https://api.x/v1`). When the
// provider moves that base path into its paths (`https://api.x` + `/v1/users/{id}`, or a 2.0 `basePath` into each
// path), every URL a client calls is the same, yet the declared path names nothing in the revision: the use was refused
// as `operation-missing`, and `diff --consumers` said the base failed it too. A use is found by the whole URL path it
// sends, read under the server of the live version it was written against.

import type { LoadedContract } from '../load/load.js';
import type { Declaration, OperationUsage } from '../model.js';
import { findOperation, operationsOf } from '../satisfy.js';
import { type OperationEntry, operationKey } from '../schema/operations.js';
import { type ServerBases, serverPaths } from './server-bases.js';
import { parseOperationRef } from './shape.js';

/** A use the revision names otherwise: what the consumer wrote, and the operation of the revision at the same URL. */
export interface MovedUse {
  consumer: string;
  written: string;
  now: string;
}

/**
 * The declaration with each use the revision lacks, but a base serves at a URL the revision serves too, named as the
 * revision names it (`GET /v1/users/{id}`); the same declaration when there is none, so answers cached by it still serve.
 */
export function followBasePath(d: Declaration, bases: readonly LoadedContract[], revision: LoadedContract, moved?: MovedUse[]): Declaration {
  if (d.uses === '*' || bases.length === 0) return d;
  let uses: OperationUsage[] | undefined;
  d.uses.forEach((use, i) => {
    const now = findByUrl(use.operation, bases, revision);
    if (now === undefined) return;
    uses ??= [...(d.uses as OperationUsage[])];
    uses[i] = { ...use, operation: now };
    moved?.push({ consumer: d.consumer, written: use.operation, now });
  });
  return uses === undefined ? d : { ...d, uses };
}

/** The revision's label of the operation a base's server serves `ref` at, when the revision does not find `ref` itself. */
function findByUrl(ref: string, bases: readonly LoadedContract[], revision: LoadedContract): string | undefined {
  const parsed = parseOperationRef(ref);
  if (!parsed || !('method' in parsed)) return undefined;
  const operations = operationsOf(revision.doc);
  if (findOperation(ref, operations, serverPaths(revision.doc)) !== undefined) return undefined;
  for (const base of bases) {
    const entry = findOperation(ref, operationsOf(base.doc), serverPaths(base.doc));
    if (entry === undefined) continue;
    const urls = new Set(wholeKeys(entry, serverPaths(base.doc)));
    for (const op of operations.values()) if (wholeKeys(op, serverPaths(revision.doc)).some((key) => urls.has(key))) return op.label;
  }
  return undefined;
}

/** `GET /v1/users/{}`: the operation's key under each of its servers' paths (the root where none has one). */
function wholeKeys(op: OperationEntry, bases: ServerBases): string[] {
  const prefixes = bases.byOperation.get(op.key) ?? bases.document;
  return (prefixes.length === 0 ? [[]] : prefixes).map((prefix) => operationKey(op.method, `/${[...prefix, op.path.replace(/^\/+/, '')].join('/')}`));
}

/** The words a consumer's owners read: the use was judged at its URL, and the next version is judged by what they declare. */
export function sayPathMoved(provider: string, revision: string, use: MovedUse): string {
  return (
    `${use.consumer} declares ${use.written} under the base path of ${provider}'s server, which ${revision} moved into its paths: ` +
    `the URL ${use.consumer} calls is unchanged and was judged as ${use.now}; ${use.consumer}'s owners should declare ${use.now}, ` +
    `since once ${revision} is live no version of ${provider} names ${use.written}`
  );
}
