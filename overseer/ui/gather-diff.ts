// Loads two published versions' contracts (parsed once, from the cache) and diffs them against consumers.
// Anything that prevents a diff comes back as a sentence for the page, never as a 500.

import type { DiffReport } from '../../contracts/index.js';
import type { ContractCache } from '../contract-cache.js';
import type { ConsumerUse, Store } from '../store/store.js';
import { diffVersions, type VersionSide } from './version-diff.js';

export type DiffOutcome = { report: DiffReport; problem?: undefined } | { report?: undefined; problem: string };

export async function gatherVersionDiff(
  store: Store,
  contracts: ContractCache,
  request: { service: string; from: string; to: string; consumers: readonly ConsumerUse[] },
): Promise<DiffOutcome> {
  const { service, from, to } = request;
  const sides = await Promise.all([loadSide(store, contracts, service, from), loadSide(store, contracts, service, to)]);
  const problem = sides.find((s): s is string => typeof s === 'string');
  if (problem !== undefined) return { problem };
  const [base, revision] = sides as VersionSide[];
  try {
    return { report: diffVersions({ service, from: base, to: revision, consumers: request.consumers }) };
  } catch (error) {
    // The engine never throws on valid contracts; a stored contract it cannot read is reported, not fatal.
    return { problem: `The engine could not compare these versions: ${(error as Error).message}` };
  }
}

async function loadSide(store: Store, contracts: ContractCache, service: string, version: string): Promise<VersionSide | string> {
  const record = await store.getVersion(service, version);
  if (!record) return `${service} has no version ${version}.`;
  if (record.contractHash === null) return `${service} ${version} publishes no contract.`;
  try {
    const contract = await contracts.get(record.contractHash);
    return contract ? { version, contract } : `The contract of ${service} ${version} is missing from the store.`;
  } catch (error) {
    return `The contract of ${service} ${version} cannot be read: ${(error as Error).message}`;
  }
}
