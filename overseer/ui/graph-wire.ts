// A graph page's data as it travels to the worker thread that draws it: names once, edges as numbers. 25,000 edge
// objects cost the event loop tens of milliseconds to copy to a thread; two typed arrays and a list of names do not.
// What every page of a kept scope shares (its names, edges, versions and owners) is sent to a thread once and then named
// by a key: copying 5,000 names to a thread cost the event loop about as much as the rest of a page.

import type { GraphData } from './pages/graph.js';

/** What every page of one kept scope (and one list of owners) shares, aligned to `names`. */
export interface WireGraphBase {
  /** The services in scope. */
  names: string[];
  /** Each edge as two indexes into `names`, consumer then provider. */
  ends: Uint32Array;
  /** Per name: the counted version ('' when none is shown), as a table of the distinct ones. */
  versions?: WireColumn;
  /** Per name: its first owner, as a table of the distinct ones. */
  owners?: WireColumn;
}

/** GraphData with every per-service list aligned to the base's `names` and every edge an index pair. */
export interface WireGraph extends Omit<GraphData, 'edges' | 'services' | 'serviceNames' | 'versions' | 'ownerOf' | 'reach'> {
  /** Names the base in this process: two pages with one key share one base. */
  key: string;
  /** Sent only to a thread that lacks it: the thread keeps it by `key`, and answers MissingGraphBase without it. */
  base?: WireGraphBase;
  /** Per edge: operations used, ALL for `"*"`, UNKNOWN where no label is read (absent: none read). */
  operations?: Int32Array;
  /** Around a focus: indexes of the services within reach, nearest first. */
  reach?: Uint32Array;
}

/** A thread's answer to a page sent without its base, when it keeps none by that key: send it again with the base. */
export interface MissingGraphBase {
  missingBase: string;
}

/** One text per name, sent as the distinct texts and an index into them: thousands of services share a few owners. */
interface WireColumn {
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
export function decodeGraph(wire: Omit<WireGraph, 'key' | 'base'>, base: WireGraphBase): GraphData {
  const { operations, reach, ...rest } = wire;
  const { names, ends, versions, owners } = base;
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
