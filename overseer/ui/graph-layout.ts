// A layered drawing of the dependency graph, computed on the server: consumers to the left of the
// providers they use, nodes ordered within a column to keep edges short. Pure, O(nodes + edges) per sweep.

import { compareNames } from './compare-names.js';

interface LayoutEdge {
  from: string;
  to: string;
}

export interface NodeBox {
  name: string;
  x: number;
  y: number;
  column: number;
}

export interface GraphLayout {
  width: number;
  height: number;
  nodes: Map<string, NodeBox>;
}

export const NODE_WIDTH = 190;
export const NODE_HEIGHT = 40;
const GAP_X = 150;
const GAP_Y = 26;
const MARGIN = 24;
const SWEEPS = 4;

/** Positions for every node; edges point from consumer (`from`) to provider (`to`). */
export function layoutGraph(names: readonly string[], edges: readonly LayoutEdge[]): GraphLayout {
  const providersOf = new Map<string, string[]>(names.map((n) => [n, []]));
  const consumersOf = new Map<string, string[]>(names.map((n) => [n, []]));
  for (const e of edges) {
    if (e.from === e.to || !providersOf.has(e.from) || !providersOf.has(e.to)) continue;
    providersOf.get(e.from)!.push(e.to);
    consumersOf.get(e.to)!.push(e.from);
  }
  const depth = measureDepths(names, providersOf);
  const deepest = Math.max(0, ...depth.values());
  const columns: string[][] = Array.from({ length: deepest + 1 }, () => []);
  for (const name of [...names].sort(compareNames)) columns[deepest - depth.get(name)!].push(name);
  orderColumns(columns, providersOf, consumersOf);
  const nodes = new Map<string, NodeBox>();
  columns.forEach((column, c) =>
    column.forEach((name, row) => nodes.set(name, { name, column: c, x: MARGIN + c * (NODE_WIDTH + GAP_X), y: MARGIN + row * (NODE_HEIGHT + GAP_Y) })),
  );
  const tallest = Math.max(1, ...columns.map((c) => c.length));
  return {
    width: MARGIN * 2 + columns.length * NODE_WIDTH + (columns.length - 1) * GAP_X,
    height: MARGIN * 2 + tallest * NODE_HEIGHT + (tallest - 1) * GAP_Y,
    nodes,
  };
}

/** The middle of the gap between two rows nearest to `y`: a line along it crosses no node. */
export function findChannelY(y: number): number {
  const pitch = NODE_HEIGHT + GAP_Y;
  const gap = Math.max(0, Math.round((y - MARGIN + GAP_Y / 2) / pitch));
  return MARGIN + gap * pitch - GAP_Y / 2;
}

/** The longest chain of providers below each node (0 for a node that uses nobody); a cycle is cut where it closes. */
function measureDepths(names: readonly string[], providersOf: Map<string, string[]>): Map<string, number> {
  const depth = new Map<string, number>();
  const onPath = new Set<string>();
  // Iterative depth-first search: 500 services in a chain must not overflow the stack.
  for (const root of names) {
    if (depth.has(root)) continue;
    const stack: { name: string; next: number }[] = [{ name: root, next: 0 }];
    onPath.add(root);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const providers = providersOf.get(top.name)!;
      if (top.next < providers.length) {
        const p = providers[top.next++];
        if (!depth.has(p) && !onPath.has(p)) {
          onPath.add(p);
          stack.push({ name: p, next: 0 });
        }
        continue;
      }
      depth.set(top.name, Math.max(0, ...providers.map((p) => (depth.has(p) ? depth.get(p)! + 1 : 0))));
      onPath.delete(top.name);
      stack.pop();
    }
  }
  return depth;
}

/** Barycentre sweeps: each node moves towards the mean row of its neighbours in the other columns. */
function orderColumns(columns: string[][], providersOf: Map<string, string[]>, consumersOf: Map<string, string[]>): void {
  const rowOf = new Map<string, number>();
  const remember = () => columns.forEach((column) => column.forEach((name, i) => rowOf.set(name, i)));
  remember();
  for (let sweep = 0; sweep < SWEEPS; sweep++) {
    const order = sweep % 2 === 0 ? columns.map((_, i) => i) : columns.map((_, i) => columns.length - 1 - i);
    for (const c of order) {
      const key = new Map<string, number>();
      for (const name of columns[c]) {
        const neighbours = [...providersOf.get(name)!, ...consumersOf.get(name)!];
        key.set(name, neighbours.length === 0 ? rowOf.get(name)! : neighbours.reduce((sum, n) => sum + rowOf.get(n)!, 0) / neighbours.length);
      }
      columns[c].sort((a, b) => key.get(a)! - key.get(b)! || compareNames(a, b));
      columns[c].forEach((name, i) => rowOf.set(name, i));
    }
  }
}
