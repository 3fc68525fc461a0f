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
  /** Per name: the counted version ('' when none is shown). */
  versions?: string[];
  /** Per name: its first owner. */
  owners?: string[];
  /** Around a focus: indexes of the services within reach, nearest first. */
  reach?: Uint32Array;
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
    ...(versions && { versions: new Map(names.flatMap((n, i) => (versions[i] ? [[n, versions[i]] as const] : []))) }),
    ...(owners && { ownerOf: new Map(names.map((n, i) => [n, owners[i]])) }),
    ...(reach && { reach: Array.from(reach, (i) => names[i]) }),
  };
}
