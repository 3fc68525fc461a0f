// Dependency graph data -> drawable view model: which services are nodes, which uses are edges
// (labelled with how many operations), where each sits, and what a selected change breaks.

import type { ConsumerUse } from '../store/store.js';
import { type Point, placeLabels, pointOnCubic, sampleCubic } from './graph-labels.js';
import { findChannelY, layoutGraph, NODE_HEIGHT, NODE_WIDTH, type NodeBox } from './graph-layout.js';
import { boundNeighbourhood, type GraphLink, isGroupKey, OTHER_OWNERS, type ServiceGroup } from './graph-neighbourhood.js';
import { compareNames } from './group.js';
import { servicesUrl, serviceUrl } from './urls.js';

export type NodeState = 'plain' | 'changed' | 'broken';

export interface GraphNodeView {
  name: string;
  href: string;
  /** The name, shortened to fit the box. */
  label: string;
  /** The counted version (deployed in the environment), when known. */
  version?: string;
  x: number;
  y: number;
  state: NodeState;
  consumers: number;
  providers: number;
  /** Set on a box that stands for services of the neighbourhood not drawn one by one. */
  group?: { owner: string; services: number };
}

export interface GraphEdgeView {
  from: string;
  to: string;
  /** Operations the consumer declares, or 'all' for `"*"`; absent on a link standing for several uses. */
  operations?: number | 'all';
  label: string;
  /** SVG path data from the consumer's right side to the provider's left side. */
  path: string;
  /** Absent where no spot on the curve is clear of other labels and edges: the edge is drawn without its label. */
  labelX?: number;
  labelY?: number;
  broken: boolean;
}

export interface GraphModel {
  width: number;
  height: number;
  nodes: GraphNodeView[];
  edges: GraphEdgeView[];
  /** Services in scope that neither use nor are used by another. */
  isolated: string[];
  /** Around a focus: how many services are within reach, and those grouped into boxes when they are too many to draw. */
  reached?: number;
  groups?: ServiceGroup[];
}

/** A consumer's counted version uses a provider; `operations` is absent where nobody will read the label. */
export interface GraphEdgeInput {
  from: string;
  to: string;
  operations?: number | 'all';
}

export interface GraphInput {
  /** Every service in scope (deployed in the environment, or registered). */
  services: readonly string[];
  /** Who uses whom in the counted versions: `toGraphEdges` of their declarations, or the store's bare edges. */
  edges: readonly GraphEdgeInput[];
  /** Counted version of each service, when known. */
  versions?: ReadonlyMap<string, string>;
  /** Keep only this service and the services within `hops` uses of it, either way. */
  focus?: string;
  /** How far from `focus` to go (default 1: its providers and consumers). */
  hops?: number;
  /** Drawn instead of `edges`: prepared links (the graph by owner), each with its label. */
  links?: ReadonlyArray<{ from: string; to: string; count: number }>;
  /** Where a node links to (default: the service's page). */
  hrefOf?: (name: string) => string;
  /** The provider whose change is shown, and the consumers that change breaks. */
  change?: { service: string; broken: readonly string[] };
  /** Each service's first owner: a neighbourhood too large to draw groups its farther services by it. */
  ownerOf?: ReadonlyMap<string, string>;
}

const NO_OWNER = 'no owner';

const LABEL_CHARS = 24;
// How far into the gap between columns an edge runs before it turns into a row channel.
const EDGE_TURN = 60;

export function countOperations(use: Pick<ConsumerUse, 'declaration'>): number | 'all' {
  return use.declaration.uses === '*' ? 'all' : new Set(use.declaration.uses.map((u) => u.operation)).size;
}

export function describeOperations(operations: number | 'all' | undefined): string {
  return operations === undefined ? 'uses' : operations === 'all' ? 'all' : operations === 1 ? '1 op' : `${operations} ops`;
}

/** The edges of declarations read whole, each with how many operations it uses. */
export function toGraphEdges(uses: readonly ConsumerUse[]): GraphEdgeInput[] {
  return uses.map((u) => ({ from: u.consumer, to: u.declaration.provider, operations: countOperations(u) }));
}

export function buildGraphModel(input: GraphInput): GraphModel {
  const inScope = new Set(input.services);
  let edges: GraphLink[] = input.links
    ? input.links
        .filter((l) => l.from !== l.to && inScope.has(l.from) && inScope.has(l.to))
        .map((l) => ({ from: l.from, to: l.to, operations: l.count, label: l.count === 1 ? '1 use' : `${l.count} uses` }))
    : input.edges
        .filter((e) => e.from !== e.to && inScope.has(e.from) && inScope.has(e.to))
        .map((e) => ({ from: e.from, to: e.to, ...(e.operations !== undefined && { operations: e.operations }), label: describeOperations(e.operations) }));
  let names = [...inScope];
  let groups: ServiceGroup[] | undefined;
  let reached: number | undefined;
  if (input.focus !== undefined) {
    const near = boundNeighbourhood(input.focus, edges, input.hops ?? 1, (s) => input.ownerOf?.get(s) ?? NO_OWNER);
    ({ links: edges, reached } = near);
    names = near.names.filter((n) => inScope.has(n) || isGroupKey(n));
    if (near.groups.length > 0) groups = near.groups;
  }
  const linked = new Set(edges.flatMap((e) => [e.from, e.to]));
  if (input.focus !== undefined && inScope.has(input.focus)) linked.add(input.focus);
  const drawn = names.filter((n) => linked.has(n)).sort(compareNames);
  const groupOf = new Map((groups ?? []).map((g) => [g.key, g]));
  const layout = layoutGraph(drawn, edges);
  const broken = new Set(input.change?.broken ?? []);
  const stateOf = (name: string): NodeState => (broken.has(name) ? 'broken' : name === input.change?.service ? 'changed' : 'plain');
  const count = (key: 'from' | 'to') => edges.reduce((m, e) => m.set(e[key], (m.get(e[key]) ?? 0) + 1), new Map<string, number>());
  const [providersOf, consumersOf] = [count('from'), count('to')];
  const nodes = drawn.map((name): GraphNodeView => {
    const box = layout.nodes.get(name)!;
    const group = groupOf.get(name);
    const version = input.versions?.get(name);
    const label = group ? `${group.services.length} of ${group.owner}` : name;
    return {
      name,
      href: group ? (group.owner === OTHER_OWNERS ? servicesUrl() : servicesUrl({ q: group.owner })) : input.hrefOf ? input.hrefOf(name) : serviceUrl(name),
      label: label.length > LABEL_CHARS ? `${label.slice(0, LABEL_CHARS - 1)}…` : label,
      ...(version !== undefined && { version }),
      x: box.x,
      y: box.y,
      state: stateOf(name),
      consumers: consumersOf.get(name) ?? 0,
      providers: providersOf.get(name) ?? 0,
      ...(group && { group: { owner: group.owner, services: group.services.length } }),
    };
  });
  const sorted = edges.sort((a, b) => compareNames(a.from, b.from) || compareNames(a.to, b.to));
  const ends = sorted.map((e): [NodeBox, NodeBox] => [layout.nodes.get(e.from)!, layout.nodes.get(e.to)!]);
  const lanes = assignLanes(ends);
  const routes = ends.map(([from, to], i) => routeEdge(from, to, lanes[i]));
  const spots = placeLabels(routes.map((r, i) => ({ line: r.line, spots: r.spots, text: sorted[i].label })));
  const drawnEdges = sorted.map((e, i) => ({
    ...e,
    broken: e.to === input.change?.service && broken.has(e.from),
    path: routes[i].path,
    ...(spots[i] && { labelX: Math.round(spots[i][0]), labelY: Math.round(spots[i][1]) }),
  }));
  const isolated = names.filter((n) => !linked.has(n)).sort(compareNames);
  return {
    width: layout.width,
    height: layout.height,
    nodes,
    edges: drawnEdges,
    isolated,
    ...(reached !== undefined && { reached }),
    ...(groups && { groups }),
  };
}

interface Lane {
  channel: number;
  /** This edge's place among the edges that share its channel, and how many share it. */
  index: number;
  count: number;
}

function isNextColumn(from: NodeBox, to: NodeBox): boolean {
  return to.column === from.column + 1;
}

/** Edges that run along the same gap between rows get side-by-side lanes and their own label spots. */
function assignLanes(ends: [NodeBox, NodeBox][]): (Lane | undefined)[] {
  const channels = ends.map(([from, to]) => (isNextColumn(from, to) ? undefined : findChannelY((from.y + to.y) / 2 + NODE_HEIGHT / 2)));
  const counts = new Map<number, number>();
  return channels
    .map((channel) => {
      if (channel === undefined) return undefined;
      const index = counts.get(channel) ?? 0;
      counts.set(channel, index + 1);
      return { channel, index, count: 0 };
    })
    .map((lane) => lane && { ...lane, count: counts.get(lane.channel)! });
}

/**
 * From the consumer's right side into the provider's left side. Next-column edges are one curve; longer
 * (or backward) edges run along the gap between two rows, so they never pass under another node.
 */
// Label spots along a curve, from its middle outwards.
const SPOTS_T = [0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74, 0.18, 0.82, 0.1, 0.9];

function routeEdge(from: NodeBox, to: NodeBox, lane: Lane | undefined): { path: string; line: Point[]; spots: Point[] } {
  const x0 = from.x + NODE_WIDTH;
  const y0 = from.y + NODE_HEIGHT / 2;
  const x3 = to.x - 8;
  const y3 = to.y + NODE_HEIGHT / 2;
  if (!lane) {
    const mid = (x0 + x3) / 2;
    const ends: [Point, Point, Point, Point] = [
      [x0, y0],
      [mid, y0],
      [mid, y3],
      [x3, y3],
    ];
    // Above the curve first, then below it (the baseline 15 px lower).
    const spots = [-4, 15].flatMap((dy) =>
      SPOTS_T.map((t): Point => {
        const [x, y] = pointOnCubic(...ends, t);
        return [x, y + dy];
      }),
    );
    return { path: `M${x0} ${y0} C${mid} ${y0} ${mid} ${y3} ${x3} ${y3}`, line: sampleCubic(...ends), spots };
  }
  // Lanes 4 px apart stay inside the gap between rows for up to five edges; more share the outer lanes.
  const y = lane.channel + (Math.min(lane.index, 4) - Math.min(lane.count - 1, 4) / 2) * 4;
  const [a, b] = [x0 + EDGE_TURN, x3 - EDGE_TURN];
  const half = EDGE_TURN / 2;
  const path = `M${x0} ${y0} C${x0 + half} ${y0} ${x0 + half} ${y} ${a} ${y} L${b} ${y} C${x3 - half} ${y} ${x3 - half} ${y3} ${x3} ${y3}`;
  const line = [...sampleCubic([x0, y0], [x0 + half, y0], [x0 + half, y], [a, y]), ...sampleCubic([b, y], [x3 - half, y], [x3 - half, y3], [x3, y3])];
  // The lane's own share of the straight run first, then the rest of it.
  const own = (lane.index + 1) / (lane.count + 1);
  // Just below or above the lane; further out when neighbouring lanes, 4 px apart, leave no room between them.
  const spots = [4, -6, 10, -12, 16, -18].flatMap((dy) => [own, ...SPOTS_T].map((t): Point => [a + (b - a) * t, y + dy]));
  return { path, line, spots };
}
