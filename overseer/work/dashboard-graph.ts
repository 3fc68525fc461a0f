// The dashboard's graph page, laid out and written by a worker thread: layout, label spots and HTML are the dearest
// part of any page and pure, so the event loop only gathers what is drawn (overseer/ui/gather-graph.ts) and sends it.

import { decodeGraph, type MissingGraphBase, type WireGraph, type WireGraphBase } from '../ui/graph-wire.js';
import { buildGraphView, renderGraphPage } from '../ui/pages/graph.js';

// Bases of kept scopes (a scope's names, edges, versions, owners) this thread holds: the latest versions and a few
// environments, each replaced when a write moves its scope; first in, first out.
const MAX_BASES = 8;
const bases = new Map<string, WireGraphBase>();

/** The whole page's HTML: each thread keeps the drawings of the last graphs it drew (ui/graph-draw.ts). */
export function drawGraphPage(graph: WireGraph): string | MissingGraphBase {
  const { key, base: sent, ...page } = graph;
  const base = sent ?? bases.get(key);
  if (!base) return { missingBase: key };
  if (sent) {
    bases.set(key, sent);
    if (bases.size > MAX_BASES) bases.delete(bases.keys().next().value as string);
  }
  return renderGraphPage(buildGraphView(decodeGraph(page, base)));
}
