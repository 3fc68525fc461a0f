// Dependency graph data -> drawable view model: which services are nodes, which uses are edges
// (labelled with how many operations), where each sits, and what a selected change breaks.

import type { ConsumerUse } from '../store/store.js';
import { compareNames } from './compare-names.js';
import { drawGraph, sortEdges } from './graph-draw.js';
import { boundNeighbourhood, type GraphLink, isGroupKey, OTHER_OWNERS, type ServiceGroup } from './graph-neighbourhood.js';
import { servicesUrl, serviceUrl } from './urls.js';

type NodeState = 'plain' | 'changed' | 'broken';

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

interface GraphInput {
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
  /** The services within `hops` of `focus` along `edges`, nearest first, when the gather step found them already. */
  reach?: readonly string[];
}

const NO_OWNER = 'no owner';

const LABEL_CHARS = 24;

export function countOperations(use: Pick<ConsumerUse, 'declaration'>): number | 'all' {
  return use.declaration.uses === '*' ? 'all' : new Set(use.declaration.uses.map((u) => u.operation)).size;
}

function describeOperations(operations: number | 'all' | undefined): string {
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
    const near = boundNeighbourhood(input.focus, edges, input.hops ?? 1, (s) => input.ownerOf?.get(s) ?? NO_OWNER, input.reach);
    ({ links: edges, reached } = near);
    names = near.names.filter((n) => inScope.has(n) || isGroupKey(n));
    if (near.groups.length > 0) groups = near.groups;
  }
  const linked = new Set(edges.flatMap((e) => [e.from, e.to]));
  if (input.focus !== undefined && inScope.has(input.focus)) linked.add(input.focus);
  const drawn = names.filter((n) => linked.has(n)).sort(compareNames);
  const groupOf = new Map((groups ?? []).map((g) => [g.key, g]));
  const { layout, geometry } = drawGraph(drawn, edges);
  const broken = new Set(input.change?.broken ?? []);
  // A group box stands for its services: one the change breaks keeps the box, and its link to the provider, red.
  for (const g of groups ?? []) if (g.services.some((s) => broken.has(s))) broken.add(g.key);
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
  const drawnEdges = sortEdges(edges).map((e, i) => ({
    ...e,
    broken: e.to === input.change?.service && broken.has(e.from),
    ...geometry[i],
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
