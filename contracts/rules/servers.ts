// Server URLs. A client takes its host from configuration more often than from the contract (the same contract is
// served by dev, staging and production hosts), so a host gone from the list is info; a base path gone from it moves
// every operation for every client, which warns.

import type { OperationEntry } from '../schema/operations.js';
import { compareVariables } from './server-variables.js';
import { SERVERS_RULES } from './table/servers.js';
import type { Emit, RuleFamily } from './types.js';

type Node = Record<string, any>;

export const serversFamily: RuleFamily = {
  name: 'servers',
  rules: SERVERS_RULES,
  checkDocument(docs, emit) {
    const served = () => servedByDocument(docs.base.operations);
    compareServers(docs.base.doc.servers, docs.revision.doc.servers, '/servers', { kind: 'document' }, emit, undefined, docs.everyUrlKept === true, served);
  },
  checkOperation(pair, emit) {
    // Only where the operation or its path says where it is served; otherwise the document's list was judged once.
    const own = (o: Node, p: Node) => o.servers ?? p.servers;
    const b = own(pair.base.operation, pair.base.pathItem);
    const r = own(pair.revision.operation, pair.revision.pathItem);
    if (b === undefined && r === undefined) return;
    const where = pair.revision.operation.servers !== undefined ? `${pair.revision.pointer}/servers` : `${pair.revision.pathPointer}/servers`;
    // Paired under another path: its base path moved into (or out of) the path, and its request URL is the same.
    const moved = pair.base.key !== pair.revision.key;
    compareServers(b ?? pair.docs.base.doc.servers, r ?? pair.docs.revision.doc.servers, where, { kind: 'operation' }, emit, pair.revision.label, moved);
  },
};

function compareServers(
  base: unknown,
  revision: unknown,
  pointer: string,
  target: { kind: 'document' | 'operation' },
  emit: Emit,
  label: string | undefined,
  urlsKept: boolean,
  served?: () => string[],
): void {
  // Written alike: every URL is still listed with the same variables, and nothing is to be said (most operations).
  if (alike(base, revision, 0)) return;
  const b = urls(base).byUrl;
  const { byUrl: r, paths } = urls(revision);
  // A contract that named no server (or only `/`, the default) promised no address: naming one now takes nothing away.
  if (b.size === 1 && b.has('/')) return;
  const of = label ? ` for ${label}` : '';
  // No base path of the base is served any more: whatever URL a consumer calls, it is gone, so the change breaks every
  // consumer of the operations served there. With one base path kept, a consumer may call that one: a warning to pass on.
  const noneKept = !urlsKept && [...b.keys()].every((url) => !paths.has(basePath(url)));
  for (const url of b.keys()) {
    if (r.has(url)) continue;
    if (paths.has(basePath(url))) {
      emit({ id: 'api-server-removed', side: 'revision', pointer, message: `server ${url} is no longer listed${of}`, target });
    } else if (urlsKept) {
      const message = `server ${url} is no longer listed; its base path ${basePath(url) || '/'} moved between the server URL and the paths, and every request URL is the same${of}`;
      emit({ id: 'api-server-removed', side: 'revision', pointer, message, target });
    } else {
      const message = `server ${url} is no longer listed and no server keeps its base path ${basePath(url) || '/'}${of}`;
      // Every operation served under the document's list is called at a URL the revision no longer serves: its
      // consumers are named, as for an operation's own list (checkOperation), not left out as nobody's.
      const breaks = noneKept ? { breaksDependents: true } : {};
      emit({ id: 'api-server-base-path-changed', side: 'revision', pointer, message, target, everyCaller: true, ...breaks, operations: served?.() });
    }
  }
  for (const [url, server] of r) {
    if (!b.has(url)) emit({ id: 'api-server-added', side: 'revision', pointer, message: `server ${url} was added${of}`, target });
    else compareVariables(url, b.get(url), server, pointer, target, emit, of);
  }
}

/** The base's operations that name no servers of their own, so the document's list says where they are called. */
function servedByDocument(operations: Map<string, OperationEntry>): string[] {
  const labels: string[] = [];
  operations.forEach((op) => {
    if (op.operation.servers === undefined && op.pathItem.servers === undefined) labels.push(op.label);
  });
  return labels;
}

/** Whether two JSON values are the same, nested at most a few levels (a server list is shallow; deeper says no). */
function alike(x: unknown, y: unknown, depth: number): boolean {
  if (x === y) return true;
  if (x === null || y === null || typeof x !== 'object' || typeof y !== 'object' || depth > 4) return false;
  if (Array.isArray(x) !== Array.isArray(y)) return false;
  const xk = Object.keys(x);
  const yk = Object.keys(y);
  if (xk.length !== yk.length) return false;
  for (let i = 0; i < xk.length; i++) {
    if (xk[i] !== yk[i] || !alike((x as Record<string, unknown>)[xk[i]], (y as Record<string, unknown>)[yk[i]], depth + 1)) return false;
  }
  return true;
}

/** The listed servers by URL, without a trailing slash (`https://api.example.com/` and `https://api.example.com` are one address); none is `/`. */
function urls(servers: unknown): ServerUrls {
  if (!Array.isArray(servers) || servers.length === 0) return NO_SERVERS;
  let known = listed.get(servers);
  if (known === undefined) {
    const byUrl = new Map(servers.flatMap((s) => (s && typeof s.url === 'string' ? [[s.url.replace(/\/+$/, '') || '/', s as Node] as const] : [])));
    listed.set(servers, (known = { byUrl, paths: new Set([...byUrl.keys()].map(basePath)) }));
  }
  return known;
}

/** A list's URLs and their base paths; read only, so one per list serves every operation it is written for. */
interface ServerUrls {
  byUrl: ReadonlyMap<string, Node | undefined>;
  paths: ReadonlySet<string>;
}

const NO_SERVERS: ServerUrls = { byUrl: new Map([['/', undefined]]), paths: new Set([basePath('/')]) };
/** Per server list: a path item's list is met again for each of its operations, and a document's for each operation without one. */
const listed = new WeakMap<unknown[], ServerUrls>();

/** What follows the scheme and host (`https://{env}.example.com/v1` and `//api.example.com/v1` -> `/v1`); a relative URL is all path. */
function basePath(url: string): string {
  return url.replace(/^(?:[a-z][a-z0-9+.-]*:)?\/\/[^/]*/i, '').replace(/\/+$/, '');
}
