// A request's URL is a server's URL followed by the path template: a base path moved from `servers` into `paths`
// (or a 2.0 `basePath` into each path) changes no URL a client calls, so an operation is also known by its whole path.

import { pathsOfServer } from '../usage/server-urls.js';
import type { OperationEntry } from './operations.js';

type Servers = unknown;

/**
 * The one path every server of the list puts before the operation's (`''` for the root), or undefined when two servers
 * (or two values of a server variable) put different ones: then no single URL is the operation's, and it is known by
 * its path as written. No list is the root (OpenAPI's default server is `/`).
 */
function singleBase(servers: Servers): string | undefined {
  if (!Array.isArray(servers) || servers.length === 0) return '';
  const bases = new Set<string>();
  for (const server of servers) {
    const url = (server as { url?: unknown } | null)?.url;
    if (typeof url !== 'string') return undefined;
    const paths = pathsOfServer(url, (server as { variables?: unknown }).variables);
    for (const path of paths.length === 0 ? [''] : paths) bases.add(path.replace(/\/+$/, ''));
    if (bases.size > 1) return undefined;
  }
  return [...bases][0] ?? '';
}

/** `GET /api/users/{}`: the operation's key with its single server base in front; undefined where its servers disagree. */
function requestKey(op: OperationEntry, documentServers: Servers): string | undefined {
  const own = op.operation.servers ?? op.pathItem.servers ?? documentServers;
  const base = singleBase(own);
  if (base === undefined) return undefined;
  const space = op.key.indexOf(' ');
  return `${op.key.slice(0, space)} ${base}${op.key.slice(space + 1)}`;
}

type Side = { doc: Record<string, any>; operations: Map<string, OperationEntry> };

interface RequestPairs {
  /** `{base key -> revision key}` for each operation whose base path moved. */
  pairs: Map<string, string>;
  /** Some base path moved, and every base operation is still at its whole request path: no client's URL changed. */
  everyUrlKept: boolean;
}

/**
 * Base operations paired with the revision operation (new by key) that has the same method and whole request path: a base
 * operation whose key the revision lacks, or one whose key the revision gives to an operation at another URL (the base
 * path moved into the paths, and a new operation took the old path: `/status` under `/api` is now `/api/status`, and a
 * new `/status` is served at the root). That other operation is then new.
 */
export function pairByRequestPath(base: Side, revision: Side): RequestPairs {
  const pairs = new Map<string, string>();
  const added = new Map<string, string>();
  const shared = new Set<string>();
  for (const [key, op] of revision.operations) {
    if (base.operations.has(key)) continue;
    const whole = requestKey(op, revision.doc.servers);
    if (whole === undefined) continue;
    // Two new operations at one URL (servers of their own): neither is that URL's.
    if (added.has(whole)) shared.add(whole);
    added.set(whole, key);
  }
  for (const whole of shared) added.delete(whole);
  if (added.size === 0) return { pairs, everyUrlKept: false };
  for (const [key, op] of base.operations) {
    const whole = requestKey(op, base.doc.servers);
    const moved = whole === undefined ? undefined : added.get(whole);
    if (moved === undefined) continue;
    const sameKey = revision.operations.get(key);
    // Found by its key at the same URL, or at one no single base path gives: the key pairs it, as before.
    if (sameKey !== undefined && (requestKey(sameKey, revision.doc.servers) ?? whole) === whole) continue;
    pairs.set(key, moved);
    added.delete(whole!);
  }
  return { pairs, everyUrlKept: pairs.size > 0 && keepsEveryUrl(base, revision) };
}

function keepsEveryUrl(base: Side, revision: Side): boolean {
  const kept = new Set<string>();
  for (const op of revision.operations.values()) {
    const whole = requestKey(op, revision.doc.servers);
    if (whole !== undefined) kept.add(whole);
  }
  for (const op of base.operations.values()) {
    const whole = requestKey(op, base.doc.servers);
    if (whole === undefined || !kept.has(whole)) return false;
  }
  return true;
}

/**
 * The literal segments every path begins with (`api` of `/api/users/{id}` and `/api/health`): a base path written in
 * the paths. A consumer that named an operation while that base path was in the server URL (`GET /users/{id}`) leaves
 * it out, and still calls the same URL. None for a single path: all of its segments are its own.
 */
export function basePathInPaths(paths: readonly string[]): string[] {
  if (paths.length < 2) return [];
  let common: string[] | undefined;
  for (const path of paths) {
    const segments = path.split('/').filter((s) => s !== '');
    // At least one segment of every path stays the operation's own.
    const literal = segments.slice(0, segments.length - 1);
    const end = literal.findIndex((s) => s.includes('{'));
    const candidate = end < 0 ? literal : literal.slice(0, end);
    common = common === undefined ? candidate : common.slice(0, sharedLength(common, candidate));
    if (common.length === 0) return [];
  }
  return common ?? [];
}

function sharedLength(a: readonly string[], b: readonly string[]): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}
