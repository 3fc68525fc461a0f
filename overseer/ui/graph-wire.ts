// A graph page's data as it travels to the worker thread that draws it: names once, edges as numbers. 25,000 edge
// objects cost the event loop tens of milliseconds to copy to a thread; two typed arrays and a list of names do not.

import type { GraphData } from './pages/graph.js';

/** GraphData with every per-service list aligned to `names` and every edge an index pair. */
export interface WireGraph extends Omit<GraphData, 'edges' | 'services' | 'serviceNames' | 'versions' | 'ownerOf' | 'reach'> {
  /** The services in scope. */
  names: string[];
  /** Each edge as two indexes into `names`, consumer then provider. */
  ends: Uint32Array;
  /** Per edge: operations used, ALL for `"*"`, UNKNOWN where no label is read (absent: none read). */
  operations?: Int32Array;
  /** Per name: the counted version ('' when none is shown), as a table of the distinct ones. */
  versions?: WireColumn;
  /** Per name: its first owner, as a table of the distinct ones. */
  owners?: WireColumn;
  /** Around a focus: indexes of the services within reach, nearest first. */
  reach?: Uint32Array;
}

/** One text per name, sent as the distinct texts and an index into them: thousands of services share a few owners. */
export interface WireColumn {
  values: string[];
  at: Uint32Array;
}

export function encodeColumn(texts: readonly string[]): WireColumn {
  const index = new Map<string, number>();
  const at = new Uint32Array(texts.length);
  texts.forEach((text, i) => {
    let n = index.get(text);
    if (n === undefined) index.set(text, (n = index.size));
    at[i] = n;
  });
  return { values: [...index.keys()], at };
}

export const UNKNOWN_OPERATIONS = -1;
export const ALL_OPERATIONS = -2;

export function encodeOperations(operations: number | 'all' | undefined): number {
  return operations === undefined ? UNKNOWN_OPERATIONS : operations === 'all' ? ALL_OPERATIONS : operations;
}

/** The GraphData the page is built from, as the gather step meant it. */
export function decodeGraph(wire: WireGraph): GraphData {
  const { names, ends, operations, versions, owners, reach, ...rest } = wire;
  const edges: GraphData['edges'] = [];
  for (let i = 0; i < ends.length / 2; i++) {
    const counted = operations?.[i] ?? UNKNOWN_OPERATIONS;
    const from = names[ends[2 * i]];
    const to = names[ends[2 * i + 1]];
    edges.push(counted === UNKNOWN_OPERATIONS ? { from, to } : { from, to, operations: counted === ALL_OPERATIONS ? 'all' : counted });
  }
  return {
    ...rest,
    serviceNames: names,
    services: names,
    edges,
    ...(versions && { versions: new Map(names.flatMap((n, i) => (versions.values[versions.at[i]] ? [[n, versions.values[versions.at[i]]] as const] : []))) }),
    ...(owners && { ownerOf: new Map(names.map((n, i) => [n, owners.values[owners.at[i]]])) }),
    ...(reach && { reach: Array.from(reach, (i) => names[i]) }),
  };
}
