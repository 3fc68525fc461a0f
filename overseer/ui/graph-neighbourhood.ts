// What a graph page can draw around one service: every service within N uses when they are few, else the nearest
// ones one by one and the rest as a box per owner, so a hub's neighbourhood costs the same at 500 or 5,000 services.

import { groupBy } from '../group-by.js';
import { compareNames } from './compare-names.js';

/** Services drawn one by one around a focus; further ones are grouped. */
export const MAX_DRAWN = 120;
/** Boxes of grouped services; the smallest owners share the last one. */
const MAX_GROUPS = 12;
export const OTHER_OWNERS = 'other owners';
const GROUP_PREFIX = 'group:';

export interface GraphLink {
  from: string;
  to: string;
  /** Absent on an edge whose declarations were not read: one far from the focus, merged into a group's link. */
  operations?: number | 'all';
  label: string;
}

export interface ServiceGroup {
  /** The node's name in the graph: never a service name. */
  key: string;
  owner: string;
  services: string[];
}

interface BoundedNeighbourhood {
  /** Services drawn one by one (focus first), and the group boxes' keys. */
  names: string[];
  links: GraphLink[];
  groups: ServiceGroup[];
  /** Services within reach, the focus included. */
  reached: number;
}

export function isGroupKey(name: string): boolean {
  return name.startsWith(GROUP_PREFIX);
}

/** The services within `hops` uses of `focus`, following uses either way, nearest first (by name within a distance). */
function findNeighbourhood(focus: string, edges: ReadonlyArray<{ from: string; to: string }>, hops: number): string[] {
  const neighbours = new Map<string, string[]>();
  const link = (a: string, b: string) => {
    const list = neighbours.get(a);
    if (list) list.push(b);
    else neighbours.set(a, [b]);
  };
  for (const e of edges) {
    link(e.from, e.to);
    link(e.to, e.from);
  }
  const near = new Set([focus]);
  let frontier = [focus];
  for (let hop = 0; hop < hops && frontier.length > 0; hop++) {
    const next: string[] = [];
    for (const name of frontier) {
      for (const n of neighbours.get(name) ?? []) {
        if (near.has(n)) continue;
        near.add(n);
        next.push(n);
      }
    }
    frontier = next.sort(compareNames);
  }
  return [...near];
}

/**
 * The neighbourhood of `focus` as at most MAX_DRAWN services and MAX_GROUPS boxes: links between two grouped ends
 * or a service and a box count the uses they stand for. `reach`, when the caller has it (graph-scope's `walkReach`
 * over its kept index), is what `findNeighbourhood` of these links would give, so it is not walked again.
 */
export function boundNeighbourhood(
  focus: string,
  links: readonly GraphLink[],
  hops: number,
  ownerOf: (service: string) => string,
  reach?: readonly string[],
): BoundedNeighbourhood {
  const near = reach ? [...reach] : findNeighbourhood(focus, links, hops);
  const inReach = new Set(near);
  const within = links.filter((l) => inReach.has(l.from) && inReach.has(l.to));
  if (near.length <= MAX_DRAWN) return { names: near, links: within, groups: [], reached: near.length };
  const drawn = new Set(near.slice(0, MAX_DRAWN));
  const groups = groupByOwner(near.slice(MAX_DRAWN), ownerOf);
  const nodeOf = new Map<string, string>();
  for (const g of groups) for (const s of g.services) nodeOf.set(s, g.key);
  const direct: GraphLink[] = [];
  const merged = new Map<string, GraphLink>();
  for (const l of within) {
    if (drawn.has(l.from) && drawn.has(l.to)) {
      direct.push(l);
      continue;
    }
    const [from, to] = [nodeOf.get(l.from) ?? l.from, nodeOf.get(l.to) ?? l.to];
    if (from === to) continue;
    const key = `${from}\u0000${to}`;
    const count = ((merged.get(key)?.operations as number | undefined) ?? 0) + 1;
    merged.set(key, { from, to, operations: count, label: count === 1 ? '1 use' : `${count} uses` });
  }
  return { names: [...drawn, ...groups.map((g) => g.key)], links: [...direct, ...merged.values()], groups, reached: near.length };
}

/** The biggest owners' services as one group each; past MAX_GROUPS - 1 owners, the rest share one. */
function groupByOwner(services: readonly string[], ownerOf: (service: string) => string): ServiceGroup[] {
  const ranked = [...groupBy(services, ownerOf)].sort((a, b) => b[1].length - a[1].length || compareNames(a[0], b[0]));
  const kept = ranked.length <= MAX_GROUPS ? ranked : ranked.slice(0, MAX_GROUPS - 1);
  const rest = ranked.slice(kept.length).flatMap(([, list]) => list);
  const groups = kept.map(([owner, list]) => ({ key: `${GROUP_PREFIX}${owner}`, owner, services: list }));
  return rest.length > 0 ? [...groups, { key: `${GROUP_PREFIX}\u0000${OTHER_OWNERS}`, owner: OTHER_OWNERS, services: rest }] : groups;
}
