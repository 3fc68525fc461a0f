// Who uses a provider in a kept scope (graph-scope.ts), with their versions and a digest of them: the services page keys
// its counts of breaking changes by that digest, and a hub has thousands of consumers, so neither the list nor its
// digest is made again while the scope is kept (a write that moves no consumer's version keeps it).

import { createHash } from 'node:crypto';
import type { UseEdge } from '../store/store.js';
import type { ScopeGraph } from './graph-scope-build.js';

export interface ScopeConsumers {
  /** By consumer name; never the provider itself. */
  edges: readonly UseEdge[];
  /** Of the consumers and their versions: two equal digests name the same consumers at the same versions. */
  digest: string;
}

const incoming = new WeakMap<ScopeGraph, number[][]>();
const found = new WeakMap<ScopeGraph, Map<string, ScopeConsumers>>();

export function findScopeConsumers(scope: ScopeGraph, provider: string): ScopeConsumers {
  const known = found.get(scope) ?? found.set(scope, new Map()).get(scope)!;
  const kept = known.get(provider);
  if (kept) return kept;
  const to = scope.index.get(provider);
  const edges = (to === undefined ? [] : edgesInto(scope)[to]).map((e) => {
    const from = scope.ends[2 * e];
    return { consumer: scope.names[from], version: scope.consumerVersions[from], provider };
  });
  const digest = createHash('sha256')
    .update(JSON.stringify(edges.map((e) => [e.consumer, e.version])))
    .digest('hex');
  const consumers = { edges, digest };
  known.set(provider, consumers);
  return consumers;
}

/** Per provider index: the edges into it, in edge order (consumers by name). */
function edgesInto(scope: ScopeGraph): number[][] {
  let into = incoming.get(scope);
  if (into) return into;
  into = scope.names.map((): number[] => []);
  for (let e = 0; e < scope.ends.length / 2; e++) into[scope.ends[2 * e + 1]].push(e);
  incoming.set(scope, into);
  return into;
}
