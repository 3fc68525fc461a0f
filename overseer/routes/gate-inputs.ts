// Gathers what the gate needs from the store: only the versions that bear on one service, with parsed contracts
// from the cache. Read -> decide (contracts/gate.ts, pure) -> act happens in the routes.

import { isStoreError, type Store, type VersionRecord } from '../store/store.js';
import type { ContractText, WireGateVersion } from '../work/wire.js';

/** Which version of each service counts: the one deployed in an environment, or the latest (on a branch). */
export type GateScope = { environment: string } | { branch?: string };

interface Ref {
  service: string;
  version: string;
}

/** A version's contract as stored: the worker pool parses it (each thread keeps what it parsed, by hash). */
async function readContractText(store: Store, hash: string): Promise<ContractText | undefined> {
  const stored = await store.getContract(hash);
  return stored && { hash, text: stored.text };
}

export async function loadGateVersion(store: Store, record: VersionRecord): Promise<WireGateVersion> {
  const [declarations, contract] = await Promise.all([
    store.getDeclarations(record.service, record.version),
    record.contractHash === null ? undefined : readContractText(store, record.contractHash),
  ]);
  return { service: record.service, version: record.version, declarations, ...(contract && { contract }) };
}

/**
 * The counted versions of: the service itself (the base to diff against), every consumer that declares use of it,
 * and every provider in `providers`. The gate looks at nothing else, so the rest of the environment is not read.
 */
export async function gatherCounted(store: Store, service: string, providers: string[], scope: GateScope): Promise<WireGateVersion[]> {
  const refs = new Map<string, Ref>();
  const add = (ref: Ref | undefined) => {
    if (ref) refs.set(ref.service, ref);
  };
  const consumerScope = 'environment' in scope ? { environment: scope.environment } : scope.branch !== undefined ? { branch: scope.branch } : {};
  for (const use of await store.listConsumersOf(service, consumerScope)) add({ service: use.consumer, version: use.version });
  for (const name of new Set([service, ...providers])) add(await findCounted(store, name, scope));
  const versions = await Promise.all([...refs.values()].map((ref) => store.getVersion(ref.service, ref.version)));
  return Promise.all(versions.filter((v): v is VersionRecord => v !== undefined).map((v) => loadGateVersion(store, v)));
}

async function findCounted(store: Store, service: string, scope: GateScope): Promise<Ref | undefined> {
  if ('environment' in scope) return store.currentDeployment(service, scope.environment);
  try {
    return await store.latestVersion(service, scope.branch);
  } catch (error) {
    // A provider that was never registered simply has no latest version.
    if (isStoreError(error, 'ERR_SERVICE_UNKNOWN')) return undefined;
    throw error;
  }
}
