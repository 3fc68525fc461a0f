// What the gate adds from observed usage: the calls of the service within the window in the environment, and the
// deployed versions of consumers seen calling it that declare nothing of it (gatherCounted only finds declarers).

import type { GateVersion, ObservedCall, UsagePolicy } from '../../contracts/index.js';
import type { ContractCache } from '../contract-cache.js';
import { loadGateVersion } from '../routes/gate-inputs.js';
import type { Store } from '../store/store.js';
import type { Observer } from './observer.js';

export interface ObservedGateInput {
  observed: ObservedCall[];
  usage: UsagePolicy;
  deployed: GateVersion[];
}

export async function addObservedConsumers(
  deps: { store: Store; contracts: ContractCache; observer: Observer },
  service: string,
  environment: string,
  deployed: GateVersion[],
): Promise<ObservedGateInput> {
  const usage = deps.observer.config.policy;
  if (usage === 'declared') return { observed: [], usage, deployed };
  const observed = await deps.observer.listCalls({ provider: service, environment });
  const present = new Set(deployed.map((v) => v.service));
  const missing = [...new Set(observed.map((c) => c.consumer))].filter((name) => !present.has(name));
  const extra: GateVersion[] = [];
  for (const consumer of missing) {
    const deployment = await deps.store.currentDeployment(consumer, environment);
    const record = deployment && (await deps.store.getVersion(consumer, deployment.version));
    if (record) extra.push(await loadGateVersion(deps.store, deps.contracts, record));
  }
  return { observed, usage, deployed: [...deployed, ...extra] };
}
