// Server URLs: a client built from the contract calls the first one, or the one it was configured with. A URL gone
// from the list may leave it calling nowhere (a changed base path moves every operation). A warning, not breaking:
// many clients take their base address from configuration rather than from the contract.
import { SERVERS_RULES } from './table/servers.js';
import type { Emit, RuleFamily } from './types.js';

type Node = Record<string, any>;

export const serversFamily: RuleFamily = {
  name: 'servers',
  rules: SERVERS_RULES,
  checkDocument(docs, emit) {
    compareServers(docs.base.doc.servers, docs.revision.doc.servers, '/servers', { kind: 'document' }, emit);
  },
  checkOperation(pair, emit) {
    // Only where the operation or its path says where it is served; otherwise the document's list was judged once.
    const own = (o: Node, p: Node) => o.servers ?? p.servers;
    const b = own(pair.base.operation, pair.base.pathItem);
    const r = own(pair.revision.operation, pair.revision.pathItem);
    if (b === undefined && r === undefined) return;
    const where = pair.revision.operation.servers !== undefined ? `${pair.revision.pointer}/servers` : `${pair.revision.pathPointer}/servers`;
    compareServers(b ?? pair.docs.base.doc.servers, r ?? pair.docs.revision.doc.servers, where, { kind: 'operation' }, emit, pair.revision.label);
  },
};

function compareServers(base: unknown, revision: unknown, pointer: string, target: { kind: 'document' | 'operation' }, emit: Emit, label?: string): void {
  const b = urls(base);
  const r = urls(revision);
  // A contract that named no server promised no address: naming one now takes nothing away.
  if (b.size === 0) return;
  const of = label ? ` for ${label}` : '';
  for (const url of b) {
    if (!r.has(url))
      emit({ id: 'api-server-removed', side: 'revision', pointer, message: `server ${url} is no longer listed${of}`, target, everyCaller: true });
  }
  for (const url of r) {
    if (!b.has(url)) emit({ id: 'api-server-added', side: 'revision', pointer, message: `server ${url} was added${of}`, target });
  }
}

/** The listed URLs, without a trailing slash (`https://api.example.com/` and `https://api.example.com` are one address). */
function urls(servers: unknown): Set<string> {
  if (!Array.isArray(servers)) return new Set();
  return new Set(servers.flatMap((s) => (s && typeof s.url === 'string' ? [s.url.replace(/\/+$/, '') || '/'] : [])));
}
