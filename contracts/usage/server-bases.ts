// The paths servers put in front of a contract's operations, read once per document and merged across a diff's two
// versions, so a call sent to the URL a server answers at is placed on its operation.

import type { OpenApiDocument } from '../load/load.js';
import { HTTP_METHODS, operationKey } from '../schema/operations.js';
import { joinPointer } from '../schema/pointer.js';
import { basePathInPaths } from '../schema/request-paths.js';
import { Resolver } from '../schema/resolve.js';
import { splitPath } from './path-segments.js';
import { pathsOfServer } from './server-urls.js';

/**
 * The paths servers put in front of operations (`https://api.acme.dev/v1` -> `/v1`). A Path Item's or an Operation's
 * own `servers` replace the document's for it (the operation's over the path item's), so those are kept by operation.
 */
export interface ServerBases {
  /** The document's servers' paths, and a Swagger 2.0 `basePath`, for a document read before conversion. */
  document: readonly string[][];
  /** By operation key, the server paths of an operation that names servers on its path item or itself. */
  byOperation: ReadonlyMap<string, readonly string[][]>;
  /** A base path every path of the document writes itself (basePathInPaths), which a path that fits nothing is tried under. */
  inPaths?: readonly string[];
}

export const NO_SERVER_BASES: ServerBases = { document: [], byOperation: new Map() };

/** Server paths of a document, each server's under every value of its variables (pathsOfServer), read once per document (ServerBases). */
export function serverPaths(doc: OpenApiDocument): ServerBases {
  let known = serverPathsOf.get(doc);
  if (!known) serverPathsOf.set(doc, (known = readServerBases(doc)));
  return known;
}

const serverPathsOf = new WeakMap<object, ServerBases>();

/** One operation's server paths when a server list of its own or its path item's overrides the document's. */
function readServerBases(doc: OpenApiDocument): ServerBases {
  const raw = doc as { servers?: unknown; basePath?: unknown; paths?: unknown };
  const document = readServerList(raw.servers, typeof raw.basePath === 'string' ? [raw.basePath] : []) ?? [];
  const byOperation = new Map<string, string[][]>();
  const paths = raw.paths && typeof raw.paths === 'object' ? (raw.paths as Record<string, unknown>) : {};
  let resolver: Resolver | undefined;
  for (const [path, written] of Object.entries(paths)) {
    if (!written || typeof written !== 'object') continue;
    const item = '$ref' in written ? { ...(resolver ??= new Resolver(doc)).follow(written, joinPointer('/paths', path)).node, ...written } : written;
    if (!item || typeof item !== 'object') continue;
    const atPath = readServerList((item as { servers?: unknown }).servers);
    for (const method of HTTP_METHODS) {
      const operation = (item as Record<string, unknown>)[method];
      if (!operation || typeof operation !== 'object') continue;
      const own = readServerList((operation as { servers?: unknown }).servers) ?? atPath;
      if (own) byOperation.set(operationKey(method, path), own);
    }
  }
  return { document, byOperation, inPaths: basePathInPaths(Object.keys(paths)) };
}

/** The distinct non-root paths of a Server Object list; undefined when there is no list to speak of (absent or empty). */
function readServerList(servers: unknown, before?: string[]): string[][] | undefined {
  // Nearly every path and operation of a diff's two documents names no servers: no list copied, none walked (~0.5 MB on Box).
  if (before === undefined && !Array.isArray(servers)) return undefined;
  const urls = before ? [...before] : [];
  for (const server of Array.isArray(servers) ? servers : []) {
    const url = (server as { url?: unknown } | null)?.url;
    if (typeof url === 'string') urls.push(...pathsOfServer(url, (server as { variables?: unknown }).variables));
  }
  if (urls.length === 0) return undefined;
  const out: string[][] = [];
  for (const url of urls) {
    const segments = splitPath(url);
    if (segments.length > 0 && !out.some((known) => known.join('/') === segments.join('/'))) out.push(segments);
  }
  return out;
}

/** Both documents' server paths, for a diff: an operation's are its own in either version, else that version's document's. */
export function mergeServerBases(a: ServerBases, b: ServerBases): ServerBases {
  const byOperation = new Map<string, string[][]>();
  for (const key of new Set([...a.byOperation.keys(), ...b.byOperation.keys()])) {
    byOperation.set(key, union(a.byOperation.get(key) ?? a.document, b.byOperation.get(key) ?? b.document));
  }
  return { document: union(a.document, b.document), byOperation, inPaths: a.inPaths?.length ? a.inPaths : b.inPaths };
}

function union(a: readonly string[][], b: readonly string[][]): string[][] {
  return [...a, ...b.filter((path) => !a.some((known) => known.join('/') === path.join('/')))];
}
