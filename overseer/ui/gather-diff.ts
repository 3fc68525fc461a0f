// Loads two published versions' contracts and diffs them against consumers in the registry's worker threads: a diff
// of two large contracts takes seconds, and the pages that ask for one are open to anyone.
// Anything that prevents a diff comes back as a sentence for the page, never as a 500.

import type { DiffReport } from '../../contracts/index.js';
import { ApiError, BUSY_RETRY_SECONDS } from '../errors.js';
import type { ConsumerUse, Store } from '../store/store.js';
import type { WorkPool } from '../work/pool.js';
import type { ContractText } from '../work/wire.js';

export type DiffOutcome = { report: DiffReport; problem?: undefined } | { report?: undefined; problem: string };

export type DiffWork = Pick<WorkPool, 'diffVersions'>;

export async function gatherVersionDiff(
  store: Store,
  work: DiffWork,
  request: { service: string; from: string; to: string; consumers: readonly ConsumerUse[] },
): Promise<DiffOutcome> {
  const { service, from, to } = request;
  const sides = await Promise.all([loadSide(store, service, from), loadSide(store, service, to)]);
  const problem = sides.find((s): s is string => typeof s === 'string');
  if (problem !== undefined) return { problem };
  const [base, revision] = sides as { version: string; contract: ContractText }[];
  try {
    return { report: await work.diffVersions({ service, from: base, to: revision, consumers: [...request.consumers] }) };
  } catch (error) {
    if (error instanceof ApiError && error.code === 'ERR_BUSY')
      return { problem: `The registry is busy comparing other versions: try again in ${BUSY_RETRY_SECONDS} seconds.` };
    // The engine never throws on valid contracts; a stored contract it cannot read is reported, not fatal.
    return { problem: `The engine could not compare these versions: ${(error as Error).message}` };
  }
}

async function loadSide(store: Store, service: string, version: string): Promise<{ version: string; contract: ContractText } | string> {
  const record = await store.getVersion(service, version);
  if (!record) return `${service} has no version ${version}.`;
  if (record.contractHash === null) return `${service} ${version} publishes no contract.`;
  const stored = await store.getContract(record.contractHash);
  return stored ? { version, contract: { hash: record.contractHash, text: stored.text } } : `The contract of ${service} ${version} is missing from the store.`;
}
