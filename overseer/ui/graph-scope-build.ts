// Builds a scope's index (graph-scope.ts) from each consumer's providers, in one order whatever the store's: the graph
// kept after a write, where only the consumers whose version moved were read again, is the one a full read would build.

import { compareNames } from './compare-names.js';

export interface ScopeGraph {
  /** The services in scope, in the order the page lists them. */
  names: string[];
  index: ReadonlyMap<string, number>;
  /** Indexes of `names` in name order: the order edges are built in. */
  byName: Uint32Array;
  /** Each edge as consumer and provider indexes, self-uses and ends out of scope left out. */
  ends: Uint32Array;
  /** Per name: the version deployed (an environment's scope only). */
  versions?: string[];
  /** Per edge: operations used, when every declaration was read (a graph of every service). */
  operations?: Int32Array;
  /** Per name: the version its edges come from (the latest, or the one deployed); '' for none. */
  consumerVersions: string[];
  /** Per name: the edges it consumes by. */
  outEdges: number[][];
  /** Per name: its neighbours either way, in edge order (as graph-neighbourhood.ts walks them). */
  neighbours: number[][];
}

/** Per consumer index: the providers it uses (indexes, in name order), and in labelled scopes their operation counts. */
export type ScopeBlocks = ({ providers: number[]; operations?: number[] } | undefined)[];

/** The names, their index and their name order: what a scope's blocks are built against. */
export function indexNames(names: string[]): Pick<ScopeGraph, 'names' | 'index' | 'byName'> {
  const byName = Uint32Array.from(names.keys()).sort((a, b) => compareNames(names[a], names[b]));
  return { names, index: new Map(names.map((n, i) => [n, i])), byName };
}

/** One consumer's block from the providers it declares, by name: those out of scope and itself left out, in name order. */
export function makeBlock(
  scope: Pick<ScopeGraph, 'names' | 'index'>,
  from: number,
  providers: readonly string[],
  operations?: readonly number[],
): ScopeBlocks[number] {
  const kept = providers.flatMap((p, k) => {
    const to = scope.index.get(p);
    return to === undefined || to === from ? [] : [k];
  });
  if (kept.length === 0) return undefined;
  kept.sort((a, b) => compareNames(providers[a], providers[b]));
  const at = (k: number) => scope.index.get(providers[k])!;
  return { providers: kept.map(at), ...(operations && { operations: kept.map((k) => operations[k]) }) };
}

/** Edges by consumer, then provider, in name order. */
export function buildScope(named: Pick<ScopeGraph, 'names' | 'index' | 'byName'>, basis: string[], blocks: ScopeBlocks, deployed: boolean): ScopeGraph {
  const count = named.names.length;
  const outEdges: number[][] = new Array(count);
  const neighbours: number[][] = new Array(count);
  for (let i = 0; i < count; i++) {
    outEdges[i] = [];
    neighbours[i] = [];
  }
  let edges = 0;
  for (const block of blocks) edges += block?.providers.length ?? 0;
  const ends = new Uint32Array(2 * edges);
  const operations = blocks.some((b) => b?.operations) ? new Int32Array(edges) : undefined;
  let e = 0;
  for (const from of named.byName) {
    const block = blocks[from];
    if (!block) continue;
    for (let k = 0; k < block.providers.length; k++, e++) {
      const to = block.providers[k];
      outEdges[from].push(e);
      neighbours[from].push(to);
      neighbours[to].push(from);
      ends[2 * e] = from;
      ends[2 * e + 1] = to;
      if (operations) operations[e] = block.operations?.[k] ?? 0;
    }
  }
  return {
    names: named.names,
    index: named.index,
    byName: named.byName,
    ends,
    ...(deployed && { versions: basis }),
    ...(operations && { operations }),
    consumerVersions: basis,
    outEdges,
    neighbours,
  };
}

/** Each consumer's block as a scope holds it, to be kept for the consumers whose version did not move. */
export function readBlocks(scope: ScopeGraph): ScopeBlocks {
  return scope.outEdges.map((edges) => (edges.length > 0 ? { providers: edges.map((e) => scope.ends[2 * e + 1]) } : undefined));
}
