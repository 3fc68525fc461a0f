// Who uses whom in one scope (the latest versions, or one environment), as numbers, kept while the scope's generation
// reads the same (an environment's deployments, or the latest versions: migration 15), and after a write read again only
// where a consumer's version moved: a graph page reads no edge from the store and walks a kept index, so what an
// anonymous visitor can make the event loop do per page stays small at 5,000 services, one publication does not make
// the next page read 25,000 edges, and leaves every environment's scope as it was.

import type { ConsumerScope, Store } from '../store/store.js';
import { compareNames } from './compare-names.js';
import { countOperations } from './graph-model.js';
import { MAX_DRAWN } from './graph-neighbourhood.js';
import { buildScope, indexNames, makeBlock, readBlocks, type ScopeBlocks, type ScopeGraph } from './graph-scope-build.js';
import { encodeOperations, UNKNOWN_OPERATIONS } from './graph-wire.js';

/** Every service's name and first owner, by name, as `listServiceOwners` gives them; `names` the names alone. */
interface ServiceOwners {
  list: readonly { name: string; owner?: string }[];
  names: readonly string[];
}

export interface GraphScopes {
  /** Every service and its first owner, read again only when a service's record was written (migration 14). */
  readOwners(): Promise<ServiceOwners>;
  /** The scope's graph, read from the store only when its generation moved (or its service names changed). */
  read(request: { environment?: string; serviceNames: readonly string[]; labelled: boolean }): Promise<ScopeGraph>;
  /** Per edge: operations used by the edges between the services drawn one by one (nearest MAX_DRAWN of `reach`). */
  labelDrawn(scope: ScopeGraph, reach: readonly number[]): Promise<Int32Array>;
}

// Scopes kept at once: the latest versions and a few environments, with and without labels.
const MAX_SCOPES = 8;
// Labels of (consumer, version) pairs: a version's declarations never change once published.
const MAX_LABELLED_VERSIONS = 20_000;
// Past this many consumers whose version moved since the scope was kept, one read of every edge is cheaper.
const MAX_REREAD = 200;

interface Kept {
  generation: number;
  scope: ScopeGraph;
}

export function createGraphScopes(store: Store): GraphScopes {
  const kept = new Map<string, Kept>();
  const labels = new Map<string, Map<string, number | 'all'>>();
  let owners: (ServiceOwners & { generation: number }) | undefined;

  /** The names in scope and each one's version: every service and its latest version, or what runs in `environment`. */
  async function readBasis(environment: string | undefined, serviceNames: readonly string[]): Promise<{ names: string[]; basis: string[] }> {
    if (environment !== undefined) {
      const deployed = await store.listDeployedVersions(environment);
      return { names: deployed.map((d) => d.service), basis: deployed.map((d) => d.version) };
    }
    const latest = new Map((await store.listLatestVersions()).map((l) => [l.service, l.version]));
    return { names: [...serviceNames], basis: serviceNames.map((n) => latest.get(n) ?? '') };
  }

  async function readScope(environment: string | undefined, serviceNames: readonly string[], labelled: boolean): Promise<ScopeGraph> {
    const scope: ConsumerScope = environment !== undefined ? { environment } : {};
    const { names, basis } = await readBasis(environment, serviceNames);
    const named = indexNames(names);
    const read = new Map<number, { providers: string[]; operations: number[] }>();
    const add = (consumer: string, provider: string, operations?: number | 'all') => {
      const from = named.index.get(consumer);
      if (from === undefined) return;
      const uses = read.get(from) ?? read.set(from, { providers: [], operations: [] }).get(from)!;
      uses.providers.push(provider);
      if (labelled) uses.operations.push(encodeOperations(operations));
    };
    // Bare edges are walked as the store gives them: 25,000 of them are not copied into other objects first.
    if (labelled) for (const u of await store.listAllUses(scope)) add(u.consumer, u.declaration.provider, countOperations(u));
    else for (const e of await store.listUseEdges(scope)) add(e.consumer, e.provider);
    const blocks: ScopeBlocks = new Array(names.length);
    for (const [from, uses] of read) blocks[from] = makeBlock(named, from, uses.providers, labelled ? uses.operations : undefined);
    return buildScope(named, basis, blocks, environment !== undefined);
  }

  /**
   * After a write, the scope again: only the consumers whose version moved are read (a publication moves one), the
   * others keep their edges; a scope whose names changed, or where many moved, is read whole.
   */
  async function refreshScope(environment: string | undefined, serviceNames: readonly string[], old: ScopeGraph): Promise<ScopeGraph | undefined> {
    const { names, basis } = await readBasis(environment, serviceNames);
    if (!sameList(names, old.names)) return undefined;
    const moved = names.flatMap((_, i) => (basis[i] !== old.consumerVersions[i] ? [i] : []));
    if (moved.length === 0) return old;
    if (moved.length > MAX_REREAD) return undefined;
    const blocks = readBlocks(old);
    const read = await Promise.all(moved.map((i) => (basis[i] === '' ? [] : store.getDeclarations(names[i], basis[i]))));
    for (const [n, i] of moved.entries()) {
      const providers = read[n].map((d) => d.provider);
      blocks[i] = makeBlock(old, i, providers);
    }
    return buildScope(old, basis, blocks, environment !== undefined);
  }

  return {
    async readOwners() {
      const generation = await store.readServiceGeneration();
      if (owners?.generation !== generation) {
        const list = await store.listServiceOwners();
        owners = { generation, list, names: list.map((s) => s.name) };
      }
      return owners;
    },

    async read({ environment, serviceNames, labelled }) {
      const generation = await store.readScopeGeneration(environment !== undefined ? { environment } : {});
      const key = `${labelled ? 'labelled' : 'bare'}\u0000${environment ?? ''}`;
      const known = kept.get(key);
      kept.delete(key);
      const sameNames = environment !== undefined || (known !== undefined && sameList(known.scope.names, serviceNames));
      let scope = known?.generation === generation && sameNames ? known.scope : undefined;
      // Labelled scopes are small (a graph of every service is drawn up to MAX_EVERY_SERVICE): they are read whole.
      if (!scope && known && !labelled) scope = await refreshScope(environment, serviceNames, known.scope);
      scope ??= await readScope(environment, serviceNames, labelled);
      kept.set(key, { generation, scope });
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

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a === b || (a.length === b.length && a.every((x, i) => x === b[i]));
}
