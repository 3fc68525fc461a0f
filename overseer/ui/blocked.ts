// What holds each service back, for the services page: the gate's last answer per environment when it was a no, and
// breaking changes on the main branch that are not deployed yet. Diffs are counted once per pair of contracts.

import { diffContracts } from '../../contracts/index.js';
import type { ContractCache } from '../contract-cache.js';
import type { DeploymentRecord, VerdictRecord, VersionRecord } from '../store/store.js';

/** The gate's latest answer for a service and environment, when it refused. */
export interface Refusal {
  service: string;
  environment: string;
  version: string;
  verdictId: number;
}

/** A main-branch version not deployed in an environment, and how many breaking changes it holds against what runs there. */
export interface WaitingChange {
  environment: string;
  deployed: string;
  head: string;
  breaking: number;
}

/** The refusals among the latest answers per service and environment; verdicts newest first. */
export function findRefusals(verdicts: readonly VerdictRecord[]): Refusal[] {
  const seen = new Set<string>();
  const out: Refusal[] = [];
  for (const v of verdicts) {
    const key = `${v.service}\u0000${v.environment}`;
    if (seen.has(key)) continue;
    seen.add(key);
    // A later yes in the same environment settles an earlier no.
    if (!v.deployable) out.push({ service: v.service, environment: v.environment, version: v.version, verdictId: v.id });
  }
  return out;
}

// Contracts are content-addressed, so a pair's count never changes: a warm page does no diff at all.
const breakingByPair = new Map<string, number>();
const MAX_PAIRS = 20_000;

/** For one service: where the main head differs from the deployed version and breaks the contract. */
export async function findWaitingChanges(
  contracts: ContractCache,
  head: VersionRecord | undefined,
  versions: readonly VersionRecord[],
  deployments: readonly DeploymentRecord[],
): Promise<WaitingChange[]> {
  if (!head?.contractHash) return [];
  const out: WaitingChange[] = [];
  for (const d of deployments) {
    const deployed = versions.find((v) => v.version === d.version);
    if (!deployed?.contractHash || deployed.contractHash === head.contractHash) continue;
    const breaking = await countBreaking(contracts, deployed.contractHash, head.contractHash);
    if (breaking > 0) out.push({ environment: d.environment, deployed: d.version, head: head.version, breaking });
  }
  return out;
}

async function countBreaking(contracts: ContractCache, from: string, to: string): Promise<number> {
  const key = `${from}>${to}`;
  const known = breakingByPair.get(key);
  if (known !== undefined) return known;
  let count = 0;
  try {
    const [base, revision] = await Promise.all([contracts.get(from), contracts.get(to)]);
    if (base && revision) count = diffContracts(base, revision).changes.filter((c) => c.level === 'breaking').length;
  } catch {
    // A contract the engine cannot read again shows no count rather than failing the list.
  }
  if (breakingByPair.size >= MAX_PAIRS) breakingByPair.delete(breakingByPair.keys().next().value as string);
  breakingByPair.set(key, count);
  return count;
}
