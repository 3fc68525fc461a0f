// Which schema findings lie below each pair of the compared graph, worked out once for all of them, so that
// collectSchemaFindings (reach.ts) need not walk again, for every operation, a part of the graph already walked.

import type { PairNode, SchemaFinding } from './pairs.js';

export interface FindingsBelow {
  /** Every distinct finding of the live pairs; `bitsBelow` indexes into it. */
  findings: SchemaFinding[];
  /** Of a live pair: the findings it or any pair below it holds, one bit per entry of `findings`; one array per cycle. */
  bitsBelow(node: PairNode): Uint32Array;
  /** Numbers a live pair's cycle (pairs that reach each other share everything below them): a key for what is derived. */
  groupOf(node: PairNode): number;
}

/**
 * Pairs that reach each other (a recursive schema) are grouped by Tarjan's algorithm, which closes each group only after
 * every group below it, so each group's bits are its own findings' and its children's, already known: one pass, one
 * bitwise OR per edge. Iterative: a recursive schema nests as deep as the walk allowed (MAX_PAIR_DEPTH and beyond).
 */
export function findingsBelow(live: Set<PairNode>): FindingsBelow {
  const nodes = [...live];
  const idOf = new Map<PairNode, number>();
  for (let i = 0; i < nodes.length; i++) idOf.set(nodes[i], i);
  const findings: SchemaFinding[] = [];
  const indexOf = new Map<SchemaFinding, number>();
  for (let i = 0; i < nodes.length; i++)
    for (const f of nodes[i].local)
      if (!indexOf.has(f)) {
        indexOf.set(f, findings.length);
        findings.push(f);
      }
  const words = Math.max(1, Math.ceil(findings.length / 32));
  const order = new Int32Array(nodes.length).fill(-1);
  const low = new Int32Array(nodes.length);
  const group = new Int32Array(nodes.length).fill(-1);
  const nextEdge = new Int32Array(nodes.length);
  const open: number[] = [];
  const path: number[] = [];
  const groupBits: Uint32Array[] = [];
  let counter = 0;
  const childId = (v: number, e: number): number => idOf.get(nodes[v].edges[e].child) ?? -1;
  for (let start = 0; start < nodes.length; start++) {
    if (order[start] >= 0) continue;
    order[start] = low[start] = counter++;
    open.push(start);
    path.push(start);
    while (path.length > 0) {
      const v = path[path.length - 1];
      if (nextEdge[v] < nodes[v].edges.length) {
        const w = childId(v, nextEdge[v]++);
        if (w < 0) continue; // not live: nothing below it
        if (order[w] < 0) {
          order[w] = low[w] = counter++;
          open.push(w);
          path.push(w);
        } else if (group[w] < 0 && order[w] < low[v]) low[v] = order[w];
        continue;
      }
      path.pop();
      if (path.length > 0 && low[v] < low[path[path.length - 1]]) low[path[path.length - 1]] = low[v];
      if (low[v] !== order[v]) continue;
      const g = groupBits.length;
      const bits = new Uint32Array(words);
      const members: number[] = [];
      for (let m = -1; m !== v; ) {
        m = open.pop()!;
        group[m] = g;
        members.push(m);
      }
      for (const m of members) {
        for (const f of nodes[m].local) {
          const i = indexOf.get(f)!;
          bits[i >>> 5] |= 1 << (i & 31);
        }
        for (let e = 0; e < nodes[m].edges.length; e++) {
          const w = childId(m, e);
          if (w < 0 || group[w] === g) continue;
          const below = groupBits[group[w]];
          for (let k = 0; k < words; k++) bits[k] |= below[k];
        }
      }
      groupBits.push(bits);
    }
  }
  const groupOf = (node: PairNode): number => group[idOf.get(node)!];
  return { findings, bitsBelow: (node) => groupBits[groupOf(node)], groupOf };
}

/** Calls `each` with the index of every bit set. */
export function forEachBit(bits: Uint32Array, each: (index: number) => void): void {
  for (let k = 0; k < bits.length; k++) {
    let word = bits[k];
    while (word !== 0) {
      const low = word & -word;
      each(k * 32 + 31 - Math.clz32(low));
      word ^= low;
    }
  }
}
