// What span matching needs from the store, loaded before a batch is matched and kept for a few seconds:
// the known services and the hosts they list, and the operations of each provider's contract deployed in each environment.

import { createOperationMatcher, type ObservedSpan, type OperationMatcher, type ProviderLookup, providerOf } from '../../contracts/index.js';
import type { ContractCache } from '../contract-cache.js';
import type { ServiceRecord, Store } from '../store/store.js';

interface Cached<T> {
  value: T;
  until: number;
}

const MAX_MATCHERS = 1000;

interface Services {
  names: Set<string>;
  /** Host -> the service listing it; a host two services list maps to undefined: such spans are not guessed. */
  byHost: Map<string, string | undefined>;
}

function indexServices(records: readonly ServiceRecord[]): Services {
  const byHost = new Map<string, string | undefined>();
  for (const record of records) {
    for (const host of record.hosts ?? []) byHost.set(host, byHost.has(host) ? undefined : record.name);
  }
  return { names: new Set(records.map((r) => r.name)), byHost };
}

export interface ProviderDirectory {
  /** A lookup that answers, without waiting, for every provider and environment these spans name. */
  prepare(spans: readonly ObservedSpan[]): Promise<ProviderLookup>;
}

export function createProviderDirectory(options: { store: Store; contracts: ContractCache; ttlMs?: number; now?: () => number }): ProviderDirectory {
  const { store, contracts } = options;
  const ttlMs = options.ttlMs ?? 5000;
  const now = options.now ?? Date.now;
  let services: Cached<Services> | undefined;
  const deployed = new Map<string, Cached<string | undefined>>();
  const matchers = new Map<string, OperationMatcher>();

  async function knownServices(): Promise<Services> {
    if (!services || services.until < now()) services = { value: indexServices(await store.listServices()), until: now() + ttlMs };
    return services.value;
  }

  /** The hash of the provider's contract deployed in the environment, cached briefly: deployments change rarely. */
  async function deployedHash(provider: string, environment: string): Promise<string | undefined> {
    const key = `${provider}\u0000${environment}`;
    const cached = deployed.get(key);
    if (cached && cached.until >= now()) return cached.value;
    const deployment = await store.currentDeployment(provider, environment);
    const version = deployment && (await store.getVersion(provider, deployment.version));
    const hash = version?.contractHash ?? undefined;
    deployed.set(key, { value: hash, until: now() + ttlMs });
    return hash;
  }

  async function matcherOf(hash: string): Promise<OperationMatcher | undefined> {
    const known = matchers.get(hash);
    if (known) return known;
    const contract = await contracts.get(hash);
    if (!contract) return undefined;
    const matcher = createOperationMatcher(contract.doc);
    if (matchers.size >= MAX_MATCHERS) matchers.delete(matchers.keys().next().value as string);
    matchers.set(hash, matcher);
    return matcher;
  }

  return {
    async prepare(spans) {
      const { names, byHost: hosts } = await knownServices();
      const byHost = (host: string): string | undefined => hosts.get(host);
      const ready = new Map<string, OperationMatcher | undefined>();
      for (const span of spans) {
        if (span.kind !== 'client' || !span.environment) continue;
        const provider = providerOf(span, { providerOfHost: byHost });
        const key = `${provider}\u0000${span.environment}`;
        if (provider === undefined || !names.has(provider) || ready.has(key)) continue;
        const hash = await deployedHash(provider, span.environment);
        ready.set(key, hash === undefined ? undefined : await matcherOf(hash));
      }
      return {
        providerOfHost: byHost,
        isKnown: (provider) => names.has(provider),
        operationsOf: (provider, environment) => ready.get(`${provider}\u0000${environment}`),
      };
    },
  };
}
