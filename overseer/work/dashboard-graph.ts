// The dashboard's graph page, laid out and written by a worker thread: layout, label spots and HTML are the dearest
// part of any page and pure, so the event loop only gathers what is drawn (overseer/ui/gather-graph.ts) and sends it.

import { decodeGraph, type WireGraph } from '../ui/graph-wire.js';
import { buildGraphView, renderGraphPage } from '../ui/pages/graph.js';

/** The whole page's HTML: each thread keeps the drawings of the last graphs it drew (ui/graph-draw.ts). */
export function drawGraphPage(graph: WireGraph): string {
  return renderGraphPage(buildGraphView(decodeGraph(graph)));
}
