// A live consumer whose declaration names a provider no service is called, a typo away from the service asked about
// (`user-service` for users-service), had its uses judged by nobody: the provider's gate said yes while removing what it
// calls. Publish warns of the name; the gate now counts such a consumer as one of the service it most likely means.

import { findNearestName } from '../../contracts/index.js';
import type { ConsumerScope, ConsumerUse, Store } from '../store/store.js';
import type { WireGateVersion } from '../work/wire.js';
import { type ConsumerListing, type CountedText, extendListing, type Generation, keepPerGeneration } from './consumer-listings.js';
import { type CountedVersion, type GateScope, toConsumerScope } from './gate-inputs.js';

interface Gathered {
  deployed: readonly CountedVersion[];
  listing?: ConsumerListing;
  /** The scope's generation as the ask read it (gatherGateInputs): not read again. */
  seen?: Generation;
}

/** Per service meant: the live consumer versions that declare it under a name no service has. */
type Misdirected = Map<string, { consumer: string; version: string; declaredAs: string }[]>;

// By the gathered versions (kept per use generation), so that a hub's next ask meets the same array, as the observed
// callers' cache does (observe/gate-observed.ts).
const extended = new WeakMap<readonly CountedVersion[], { key: string; added: Gathered }>();

// Every service's name, and the one nearest each unknown provider, kept per store while its service generation reads
// the same: publications and deployments, which move the use generation, leave them as they were.
const namesKept = new WeakMap<Store, { generation: number; known: ReadonlySet<string>; meant: Map<string, string | undefined> }>();

/**
 * The gathered versions with every misdirected consumer of `service` counted in `scope` added (live in an environment,
 * latest on a branch or overall, as the gate counts the others); as given when none.
 */
export async function addMisdirectedConsumers(store: Store, service: string, scope: GateScope, gathered: Gathered): Promise<Gathered> {
  const names = await store.readServiceGeneration();
  const where = toConsumerScope(scope);
  // A service registered later under the misspelled name makes the declaration right: the names read are part of the key.
  const question = JSON.stringify(['misdirected-uses', where, names]);
  const misdirected = await keepPerGeneration(store, where, question, () => readMisdirected(store, where, names), gathered.seen);
  const found = misdirected.get(service);
  if (!found) return gathered;
  const key = JSON.stringify([question, service]);
  const known = extended.get(gathered.deployed);
  // Kept without the generation: each ask hands on the one it read.
  if (known?.key === key) return { ...known.added, seen: gathered.seen };
  // Their deployments (in an environment) and versions in one read each, however many.
  const live = where.environment === undefined ? [] : await store.currentDeployments(where.environment, [...new Set(found.map((f) => f.consumer))]);
  const records = await store.readVersionSet(found.map(({ consumer, version }) => ({ service: consumer, version })));
  const extra = found.map(({ consumer, version, declaredAs }, i): CountedText => {
    const kind = live.find((d) => d.service === consumer && d.version === version)?.live;
    const declarations = (records[i]?.declarations ?? []).filter((d) => d.provider === declaredAs).map((d) => ({ ...d, provider: service, declaredAs }));
    const counted: WireGateVersion = { service: consumer, version, declarations, ...(kind && { live: kind }) };
    return { service: consumer, version, text: JSON.stringify(counted), ...(kind && { live: kind }) };
  });
  const deployed = [...gathered.deployed, ...extra];
  const added = gathered.listing ? { deployed, listing: extendListing(gathered.listing, extra) } : { deployed };
  extended.set(gathered.deployed, { key, added });
  return { ...added, seen: gathered.seen };
}

/**
 * The uses of `service` by consumers counted in `scope` that declare it under a name no service has, as
 * `listConsumersOf` lists the others: migrations, sunset warnings and the service page count them as the gate does, so that a part is
 * not called ready while the gate still refuses its removal because of one of them.
 */
export async function listMisdirectedUses(store: Store, service: string, scope: ConsumerScope): Promise<ConsumerUse[]> {
  const found = await readMisdirectedOf(store, service, scope);
  if (found.length === 0) return [];
  const records = await store.readVersionSet(found.map(({ consumer, version }) => ({ service: consumer, version })));
  return found.flatMap(({ consumer, version, declaredAs }, i) =>
    (records[i]?.declarations ?? [])
      .filter((d) => d.provider === declaredAs)
      .map((d) => ({ consumer, version, declaration: { ...d, provider: service, declaredAs } })),
  );
}

/**
 * The consumer versions counted in `scope` that declare `service` under a name no service has, by consumer then version,
 * each with the name written: `overseer consumers` and the service page list them, since the gate counts them.
 */
export async function listMisdirectedEntries(
  store: Store,
  service: string,
  scope: ConsumerScope,
): Promise<{ consumer: string; version: string; declaredAs: string }[]> {
  const found = await readMisdirectedOf(store, service, scope);
  return [...found].sort((a, b) => compareText(a.consumer, b.consumer) || compareText(a.version, b.version) || compareText(a.declaredAs, b.declaredAs));
}

async function readMisdirectedOf(store: Store, service: string, scope: ConsumerScope) {
  const names = await store.readServiceGeneration();
  const question = JSON.stringify(['misdirected-uses', scope, names]);
  return (await keepPerGeneration(store, scope, question, () => readMisdirected(store, scope, names))).get(service) ?? [];
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Every declaration counted in the scope of a provider no service is named, by the service a typo away from it. */
async function readMisdirected(store: Store, scope: ConsumerScope, generation: number): Promise<Misdirected> {
  // Usually none: then neither the environment's edges nor every service's name is read (migration 19).
  const unknown = await store.listUnknownProviders();
  if (unknown.length === 0) return new Map();
  const edges = await store.listUseEdges(scope, unknown);
  if (edges.length === 0) return new Map();
  const { known, meant } = await readKnownNames(store, generation);
  const misdirected: Misdirected = new Map();
  for (const { consumer, version, provider } of edges) {
    if (known.has(provider)) continue;
    if (!meant.has(provider)) meant.set(provider, findNearestName(provider, known));
    const service = meant.get(provider);
    // A consumer calling itself by a wrong name is no consumer of it (usage/self-uses.ts judges self-uses).
    if (service === undefined || service === consumer) continue;
    const list = misdirected.get(service) ?? [];
    list.push({ consumer, version, declaredAs: provider });
    misdirected.set(service, list);
  }
  return misdirected;
}

async function readKnownNames(store: Store, generation: number) {
  let names = namesKept.get(store);
  if (names?.generation !== generation) {
    const known = new Set((await store.listServiceOwners()).map((s) => s.name));
    namesKept.set(store, (names = { generation, known, meant: new Map() }));
  }
  return names;
}

/**
 * The candidate's side of the same typo: per provider it declares that no service is named and nothing counted in
 * the scope answers to, the service a typo away, for the refusal to name (usage/provider-missing.ts). Read only then.
 */
export async function findMeantProviders(store: Store, candidate: string, providers: readonly string[], counted: readonly CountedVersion[]) {
  const missing = providers.filter((p) => p !== candidate && !counted.some((v) => v.service === p));
  if (missing.length === 0) return undefined;
  const { known, meant } = await readKnownNames(store, await store.readServiceGeneration());
  const found: Record<string, string> = {};
  for (const provider of missing) {
    if (known.has(provider)) continue;
    if (!meant.has(provider)) meant.set(provider, findNearestName(provider, known));
    const service = meant.get(provider);
    if (service !== undefined && service !== candidate) found[provider] = service;
  }
  return Object.keys(found).length > 0 ? found : undefined;
}
