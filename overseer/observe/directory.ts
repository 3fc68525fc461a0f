// What span matching needs from the store, read on the event loop and sent to the worker threads cheaply: the known
// services, their hosts, the API names they provide and the environments as a snapshot by key, the hashes of each provider's contracts deployed in each environment,
// and a contract's text only for a thread that has not parsed it (as the gate sends contracts, gather/gate-inputs.ts).

import type { ServiceRecord, Store } from '../store/store.js';
import type { IngestNeeds, WireDirectory, WireServices } from './ingest-wire.js';

interface Cached<T> {
  value: T;
  until: number;
}

/** Provider and environment pairs whose deployed hash is kept; past it the oldest is forgotten (and read again if named). */
const MAX_PAIRS = 10_000;

function indexServices(records: readonly ServiceRecord[], environments: readonly string[], apis: readonly { api: string; service: string }[]): WireServices {
  const byHost = new Map<string, string | null>();
  for (const record of records) {
    for (const host of record.hosts ?? []) byHost.set(host, byHost.has(host) ? null : record.name);
  }
  return { names: records.map((r) => r.name), hosts: [...byHost], environments: [...environments], apis: apis.map(({ api, service }) => [api, service]) };
}

interface ProviderDirectory {
  /** The directory as a thread is first asked with it: the services by key, the deployed hashes known (kept fresh). */
  current(): Promise<WireDirectory>;
  /** The same directory with all a thread said it lacked: the services themselves, the pairs it named, the contracts' texts. */
  complete(directory: WireDirectory, needs: IngestNeeds['needs']): Promise<WireDirectory>;
  /** Everything cached is read again at the next ask: the registry just wrote a service, environment or deployment. */
  forget(): void;
}

// Keys count across every directory of the process, as the observer's read keys and the listing keys are unique: apps
// that share one worker pool (the tests do, test/helpers/app-work.ts) must not name two registries' snapshots alike.
let keys = 0;

export function createProviderDirectory(options: { store: Store; ttlMs?: number; now?: () => number }): ProviderDirectory {
  const { store } = options;
  const ttlMs = options.ttlMs ?? 5000;
  const now = options.now ?? Date.now;
  let services: (Cached<WireServices> & { key: number; text: string }) | undefined;
  const deployed = new Map<string, Cached<string[]> & { provider: string; environment: string }>();

  // A snapshot read again but unchanged keeps its key: the threads that have it are not sent it again.
  async function knownServices(): Promise<{ key: number; value: WireServices }> {
    if (services && services.until >= now()) return services;
    const value = indexServices(
      await store.listServices(),
      (await store.listEnvironments()).map((e) => e.name),
      await store.listProvidedApis(),
    );
    const text = JSON.stringify(value);
    services = { key: services?.text === text ? services.key : ++keys, value, text, until: now() + ttlMs };
    return services;
  }

  /**
   * The hashes of the provider's contracts deployed or rolling in the environment, newest first, cached briefly:
   * deployments change rarely. Releases are left out, as they were when one deployment was read: what runs answers calls.
   */
  async function deployedHashes(provider: string, environment: string): Promise<string[]> {
    const key = `${provider}\u0000${environment}`;
    const cached = deployed.get(key);
    if (cached && cached.until >= now()) return cached.value;
    const live = (await store.currentDeployments(environment, [provider])).filter((d) => d.service === provider && d.live !== 'released').reverse();
    const hashes: string[] = [];
    for (const deployment of live) {
      const hash = (await store.getVersion(provider, deployment.version))?.contractHash;
      if (hash && !hashes.includes(hash)) hashes.push(hash);
    }
    deployed.delete(key);
    deployed.set(key, { provider, environment, value: hashes, until: now() + ttlMs });
    if (deployed.size > MAX_PAIRS) deployed.delete(deployed.keys().next().value as string);
    return hashes;
  }

  async function table(): Promise<WireDirectory['deployed']> {
    const rows: WireDirectory['deployed'] = [];
    for (const { provider, environment } of [...deployed.values()]) rows.push([provider, environment, await deployedHashes(provider, environment)]);
    return rows;
  }

  return {
    async current() {
      const { key } = await knownServices();
      return { key, deployed: await table() };
    },
    async complete(directory, needs) {
      // Sent whole, and the snapshot read now: a thread that lacked the last one may name pairs it could not see before.
      const { key, value } = await knownServices();
      const rows = [...directory.deployed];
      for (const [provider, environment] of needs.pairs) rows.push([provider, environment, await deployedHashes(provider, environment)]);
      const sent = new Set((directory.texts ?? []).map((t) => t.hash));
      const added = rows.slice(directory.deployed.length).flatMap(([, , hashes]) => hashes);
      const texts = [...(directory.texts ?? [])];
      for (const hash of new Set([...needs.hashes, ...added])) {
        if (!sent.has(hash)) texts.push({ hash, text: await store.readContractText(hash) });
      }
      return { key, services: value, deployed: rows, texts };
    },
    forget() {
      if (services) services.until = 0;
      // Kept, only stale: the pairs still travel with the next ask, read again, instead of costing the thread a second ask.
      for (const pair of deployed.values()) pair.until = 0;
    },
  };
}
