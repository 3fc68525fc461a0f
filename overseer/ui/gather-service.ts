// Reads one service's page: its versions, deployments, consumers, providers, deprecated parts in use,
// recent verdicts, and the diff asked for. A bounded number of store calls (one per environment at most).

import type { ContractCache } from '../contract-cache.js';
import type { Store } from '../store/store.js';
import { type DeprecatedUse, findDeprecatedUses } from './deprecated.js';
import { gatherVersionDiff } from './gather-diff.js';
import type { ServicePageData } from './pages/service.js';

export interface ServiceRequest {
  environment?: string;
  from?: string;
  to?: string;
}

const SERVICE_VERDICTS = 10;

/** Undefined when there is no such service. */
export async function gatherServiceData(store: Store, contracts: ContractCache, name: string, request: ServiceRequest): Promise<ServicePageData | undefined> {
  const service = await store.getService(name);
  if (!service) return undefined;
  const [versions, environmentRecords, verdicts] = await Promise.all([
    store.listVersions(name),
    store.listEnvironments(),
    store.listVerdicts({ service: name, limit: SERVICE_VERDICTS }),
  ]);
  const environments = environmentRecords.map((e) => e.name);
  const environment = request.environment !== undefined && environments.includes(request.environment) ? request.environment : undefined;
  const [current, consumers] = await Promise.all([
    Promise.all(environments.map((e) => store.currentDeployment(name, e))),
    store.listConsumersOf(name, environment !== undefined ? { environment } : {}),
  ]);
  const deployments = current.filter((d) => d !== undefined);
  const subject = environment !== undefined ? deployments.find((d) => d.environment === environment)?.version : versions.at(-1)?.version;
  const subjectRecord = versions.find((v) => v.version === subject);
  const [providers, deprecated] = await Promise.all([
    subject !== undefined ? store.getDeclarations(name, subject) : [],
    subjectRecord?.contractHash ? readDeprecated(contracts, subjectRecord.contractHash, consumers) : undefined,
  ]);
  const data: ServicePageData = {
    service,
    versions,
    deployments,
    environments,
    consumers,
    providers,
    verdicts,
    ...(environment !== undefined && { environment }),
    ...(subject !== undefined && { subject }),
    ...(deprecated && { deprecated }),
  };
  if (request.from !== undefined && request.to !== undefined) {
    const outcome = await gatherVersionDiff(store, contracts, { service: name, from: request.from, to: request.to, consumers });
    data.diff = { from: request.from, to: request.to, ...outcome };
  }
  return data;
}

async function readDeprecated(
  contracts: ContractCache,
  hash: string,
  consumers: Parameters<typeof findDeprecatedUses>[1],
): Promise<DeprecatedUse[] | undefined> {
  try {
    const contract = await contracts.get(hash);
    return contract && findDeprecatedUses(contract, consumers);
  } catch {
    // A stored contract that no longer parses leaves the section empty rather than failing the page.
    return undefined;
  }
}
