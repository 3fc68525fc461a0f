// Reads one service's page: its versions, deployments, consumers, providers, deprecated parts in use,
// recent verdicts, and the diff asked for. A bounded number of store calls (one per environment at most).

import type { LoadedContract } from '../../contracts/index.js';
import type { ContractCache } from '../contract-cache.js';
import type { Store } from '../store/store.js';
import { findDeprecatedUses } from './deprecated.js';
import { gatherVersionDiff } from './gather-diff.js';
import { nameOperations } from './operation-names.js';
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
  const notice = describeScopeProblem(request.environment, environment);
  const [current, consumers] = await Promise.all([
    Promise.all(environments.map((e) => store.currentDeployment(name, e))),
    store.listConsumersOf(name, environment !== undefined ? { environment } : {}),
  ]);
  const deployments = current.filter((d) => d !== undefined);
  const subject = environment !== undefined ? deployments.find((d) => d.environment === environment)?.version : versions.at(-1)?.version;
  const subjectRecord = versions.find((v) => v.version === subject);
  const [providers, contract] = await Promise.all([
    subject !== undefined ? store.getDeclarations(name, subject) : [],
    subjectRecord?.contractHash ? readContract(contracts, subjectRecord.contractHash) : undefined,
  ]);
  const deprecated = contract && findDeprecatedUses(contract, consumers);
  const notDeployed = environment !== undefined && subject === undefined ? `${name} is not deployed in ${environment}.` : undefined;
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
    ...(contract && { operationNames: nameOperations(contract, consumers) }),
    ...((notice ?? notDeployed) !== undefined && { notice: notice ?? notDeployed }),
  };
  if (request.from !== undefined && request.to !== undefined) {
    const outcome = await gatherVersionDiff(store, contracts, { service: name, from: request.from, to: request.to, consumers });
    data.diff = { from: request.from, to: request.to, ...outcome };
  }
  return data;
}

/** As the graph page says it: an environment nothing was ever deployed to is not a scope, and the page says so. */
function describeScopeProblem(asked: string | undefined, found: string | undefined): string | undefined {
  return asked !== undefined && found === undefined ? `Nothing was ever deployed to ${asked}: showing the latest versions.` : undefined;
}

async function readContract(contracts: ContractCache, hash: string): Promise<LoadedContract | undefined> {
  try {
    return await contracts.get(hash);
  } catch {
    // A stored contract that no longer parses leaves the section empty rather than failing the page.
    return undefined;
  }
}
