// Who uses whom in one scope (the latest versions, or one environment), as numbers, kept while the store's use
// generation reads the same: after the first page of a scope, a graph page reads no edge from the store and walks a
// kept index, so what an anonymous visitor can make the event loop do per page stays small at 5,000 services.

import { createHash } from 'node:crypto';
import type { ConsumerScope, Store } from '../store/store.js';
import { countOperations } from './graph-model.js';
import { MAX_DRAWN } from './graph-neighbourhood.js';
import { encodeOperations, UNKNOWN_OPERATIONS } from './graph-wire.js';
import { compareNames } from './group.js';

export interface ScopeGraph {
  /** The services in scope, in the order the page lists them. */
  names: string[];
  index: ReadonlyMap<string, number>;
  /** Each edge as consumer and provider indexes, self-uses and ends out of scope left out. */
  ends: Uint32Array;
  /** Per name: the version deployed (an environment's scope only). */
  versions?: string[];
  /** Per edge: operations used, when every declaration was read (a graph of every service). */
  operations?: Int32Array;
  /** Per name: the version whose declarations its edges come from. */
  consumerVersions: string[];
  /** Per name: the edges it consumes by. */
  outEdges: number[][];
  /** Per name: its neighbours either way, in edge order (as graph-neighbourhood.ts walks them). */
  neighbours: number[][];
}

export interface GraphScopes {
  /** The scope's graph, read from the store only when its use generation moved (or its service names changed). */
  read(request: { environment?: string; serviceNames: readonly string[]; labelled: boolean }): Promise<ScopeGraph>;
  /** Per edge: operations used by the edges between the services drawn one by one (nearest MAX_DRAWN of `reach`). */
  labelDrawn(scope: ScopeGraph, reach: readonly number[]): Promise<Int32Array>;
}

// Scopes kept at once: the latest versions and a few environments, with and without labels.
const MAX_SCOPES = 8;
// Labels of (consumer, version) pairs: a version's declarations never change once published.
const MAX_LABELLED_VERSIONS = 20_000;

export function createGraphScopes(store: Store): GraphScopes {
  const kept = new Map<string, ScopeGraph>();
  const labels = new Map<string, Map<string, number | 'all'>>();

  async function readScope(environment: string | undefined, serviceNames: readonly string[], labelled: boolean): Promise<ScopeGraph> {
    const scope: ConsumerScope = environment !== undefined ? { environment } : {};
    const deployments = environment !== undefined ? await store.currentDeployments(environment) : undefined;
    const names = deployments ? deployments.map((d) => d.service) : [...serviceNames];
    // Bare edges are walked as the store gives them: 25,000 of them are not copied into other objects first.
    const read: { consumer: string; provider: string; version: string; operations?: number | 'all' }[] = labelled
      ? (await store.listAllUses(scope)).map((u) => ({
          consumer: u.consumer,
          provider: u.declaration.provider,
          version: u.version,
          operations: countOperations(u),
        }))
      : await store.listUseEdges(scope);
    const index = new Map(names.map((n, i) => [n, i]));
    const consumerVersions = new Array<string>(names.length).fill('');
    const outEdges = names.map((): number[] => []);
    const neighbours = names.map((): number[] => []);
    const ends: number[] = [];
    const operations: number[] = [];
    for (const e of read) {
      const from = index.get(e.consumer);
      const to = index.get(e.provider);
      if (from === undefined || to === undefined || from === to) continue;
      outEdges[from].push(ends.length / 2);
      neighbours[from].push(to);
      neighbours[to].push(from);
      consumerVersions[from] = e.version;
      ends.push(from, to);
      operations.push(encodeOperations(e.operations));
    }
    return {
      names,
      index,
      ends: Uint32Array.from(ends),
      ...(deployments && { versions: deployments.map((d) => d.version) }),
      ...(labelled && { operations: Int32Array.from(operations) }),
      consumerVersions,
      outEdges,
      neighbours,
    };
  }

  return {
    async read({ environment, serviceNames, labelled }) {
      const generation = await store.readUseGeneration();
      // The latest versions' scope is every registered service: registering one moves no use generation.
      const names = environment === undefined ? createHash('sha256').update(serviceNames.join('\n')).digest('hex') : '';
      const key = `${labelled ? 'labelled' : 'bare'}\u0000${environment ?? ''}\u0000${generation}\u0000${names}`;
      let scope = kept.get(key);
      if (scope) kept.delete(key);
      else scope = await readScope(environment, serviceNames, labelled);
      kept.set(key, scope);
      if (kept.size > MAX_SCOPES) kept.delete(kept.keys().next().value as string);
      return scope;
    },

    async labelDrawn(scope, reach) {
      const drawn = new Set(reach.slice(0, MAX_DRAWN));
      const consumers = [...drawn].filter((i) => scope.outEdges[i].some((e) => drawn.has(scope.ends[2 * e + 1])));
      const keyOf = (i: number) => `${scope.names[i]}\u0000${scope.consumerVersions[i]}`;
      const missing = consumers.filter((i) => !labels.has(keyOf(i)));
      const read = await Promise.all(missing.map((i) => store.getDeclarations(scope.names[i], scope.consumerVersions[i])));
      missing.forEach((i, n) => {
        if (labels.size >= MAX_LABELLED_VERSIONS) labels.delete(labels.keys().next().value as string);
        labels.set(keyOf(i), new Map(read[n].map((declaration) => [declaration.provider, countOperations({ declaration })])));
      });
      const operations = new Int32Array(scope.ends.length / 2).fill(UNKNOWN_OPERATIONS);
      for (const i of consumers) {
        const counts = labels.get(keyOf(i));
        for (const e of scope.outEdges[i]) {
          const to = scope.ends[2 * e + 1];
          if (drawn.has(to)) operations[e] = encodeOperations(counts?.get(scope.names[to]));
        }
      }
      return operations;
    },
  };
}

/** The services within `hops` uses of `focus`, either way, nearest first: findNeighbourhood over the kept index. */
export function walkReach(scope: ScopeGraph, focus: number, hops: number): number[] {
  const near = new Set([focus]);
  let frontier = [focus];
  for (let hop = 0; hop < hops && frontier.length > 0; hop++) {
    const next: number[] = [];
    for (const i of frontier) {
      for (const n of scope.neighbours[i]) {
        if (near.has(n)) continue;
        near.add(n);
        next.push(n);
      }
    }
    frontier = next.sort((a, b) => compareNames(scope.names[a], scope.names[b]));
  }
  return [...near];
}
