// The graph model as inline SVG: every node a real link (reachable with Tab, named by its <title>), every
// edge a group with data attributes naming its ends, so tests and the script can find them.

import { NODE_HEIGHT, NODE_WIDTH } from './graph-layout.js';
import type { GraphEdgeView, GraphModel, GraphNodeView } from './graph-model.js';
import { html, type SafeHtml } from './html.js';

export function renderGraphSvg(model: GraphModel, title: string): SafeHtml {
  return html`<svg class="graph" xmlns="http://www.w3.org/2000/svg" width="${model.width}" height="${model.height}" viewBox="0 0 ${model.width} ${model.height}" role="group" aria-labelledby="graph-title">
<title id="graph-title">${title}</title>
<defs>
<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0 0L10 5L0 10z"/></marker>
<marker id="arrow-broken" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0 0L10 5L0 10z"/></marker>
</defs>
<g class="edges">${model.edges.map(renderEdge)}</g>
<g class="nodes">${model.nodes.map(renderNode)}</g>
</svg>`;
}

function renderEdge(edge: GraphEdgeView): SafeHtml {
  const marker = edge.broken ? 'url(#arrow-broken)' : 'url(#arrow)';
  // No per-edge <title>: with 500 services the page stays light; the edge table and service pages say the same.
  return html`<g class="edge${edge.broken ? ' broken' : ''}" data-from="${edge.from}" data-to="${edge.to}"${edge.operations !== undefined ? html` data-operations="${edge.operations}"` : ''}>
<path d="${edge.path}" marker-end="${marker}"/>${edge.labelX !== undefined ? html`<text x="${edge.labelX}" y="${edge.labelY}" text-anchor="middle">${edge.label}</text>` : ''}</g>`;
}

function renderNode(node: GraphNodeView): SafeHtml {
  if (node.group) return renderGroup(node, node.group);
  const state = node.state === 'broken' ? ', broken by the selected change' : node.state === 'changed' ? ', the changed service' : '';
  const label = `${node.name}${node.version ? ` ${node.version}` : ''}: used by ${node.consumers}, uses ${node.providers}${state}`;
  const nameY = node.version ? node.y + 17 : node.y + NODE_HEIGHT / 2 + 5;
  return html`<g class="node ${node.state}" data-service="${node.name}">
<a href="${node.href}"><title>${label}</title>
<rect x="${node.x}" y="${node.y}" width="${NODE_WIDTH}" height="${NODE_HEIGHT}" rx="6"/>
<text x="${node.x + 10}" y="${nameY}">${node.label}</text>
${node.version ? html`<text class="version" x="${node.x + 10}" y="${node.y + 33}">${node.version}</text>` : ''}
</a></g>`;
}

// A box for services of the neighbourhood too many to draw one by one: it links to them on the services page.
function renderGroup(node: GraphNodeView, group: { owner: string; services: number }): SafeHtml {
  const noun = group.services === 1 ? 'service' : 'services';
  const broken = node.state === 'broken' ? ', some broken by the selected change' : '';
  const title = `${group.services} more ${noun} of ${group.owner}, not drawn one by one: used by ${node.consumers}, uses ${node.providers}${broken}`;
  return html`<g class="node group${node.state === 'broken' ? ' broken' : ''}" data-node="${node.name}" data-group="${group.owner}" data-services="${group.services}">
<a href="${node.href}"><title>${title}</title>
<rect x="${node.x}" y="${node.y}" width="${NODE_WIDTH}" height="${NODE_HEIGHT}" rx="6"/>
<text x="${node.x + 10}" y="${node.y + NODE_HEIGHT / 2 + 5}">${node.label}</text>
</a></g>`;
}
