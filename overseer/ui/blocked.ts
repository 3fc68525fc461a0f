// What holds each service back, for the services page: the gate's last answer per environment when it was a no, and
// changes on the main branch, not deployed yet, that break a consumer deployed there and that no waiver published with
// the head accepts. Each judgement is made once.

import { decisionOf, isWaiverActive } from '../../contracts/index.js';
import type { ConsumerUse, DeploymentRecord, VerdictRecord, VersionRecord } from '../store/store.js';
import type { ContractText, MissingContracts, WireBreakingCount } from '../work/wire.js';
import type { ScopeConsumers } from './scope-consumers.js';

/** The gate's latest answer for a service and environment, when it refused. */
export interface Refusal {
  service: string;
  environment: string;
  version: string;
  verdictId: number;
}

/** A main-branch version not deployed in an environment, and how many of its changes break a consumer deployed there. */
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
    // A later yes in the same environment settles an earlier no; an undecided ask (an unpublished version) refused nothing.
    if (decisionOf(v) === 'refused') out.push({ service: v.service, environment: v.environment, version: v.version, verdictId: v.id });
  }
  return out;
}

const MAX_PAIRS = 20_000;

/**
 * Counts already made. Contracts are content-addressed and a consumer version's declarations never change once
 * published, so a count keyed by the two contracts and the consumers' versions never changes: a warm page does no diff,
 * and reads no uses. One per app, not per module: two apps in one process (tests, replicas) each count with their own threads.
 */
export type BreakingCounts = Map<string, number>;

/** Where the diffs run: the registry's worker threads, never the event loop; and where contract texts come from. */
export interface BreakingJudge {
  /** Asked by hashes first: a thread that lacks a contract's text answers which, and is asked again with the texts. */
  countBreaking(input: WireBreakingCount): Promise<number | MissingContracts>;
  readContract(hash: string): Promise<ContractText | undefined>;
  /** The counts kept so far, by the app. */
  counts: BreakingCounts;
}

/** For one service: where the main head differs from the deployed version and breaks the contract. */
export async function findWaitingChanges(
  judge: BreakingJudge,
  head: VersionRecord | undefined,
  versions: readonly VersionRecord[],
  deployments: readonly DeploymentRecord[],
  /** Who uses this service (another service) in each environment: the consumers deployed there and their versions. */
  edgesIn: ReadonlyMap<string, ScopeConsumers>,
  /** Their uses, read only when a count is not known yet. */
  readUses: (environment: string) => Promise<ConsumerUse[]>,
): Promise<WaitingChange[]> {
  if (!head?.contractHash) return [];
  const asked = deployments.flatMap((d) => {
    const deployed = versions.find((v) => v.version === d.version);
    const consumers = edgesIn.get(d.environment);
    if (!deployed?.contractHash || deployed.contractHash === head.contractHash || !consumers || consumers.edges.length === 0) return [];
    const pair = { head: { ...head, contractHash: head.contractHash! }, deployed: { ...deployed, contractHash: deployed.contractHash } };
    return [{ d, count: countBreaking(judge, pair, consumers.digest, () => readUses(d.environment)) }];
  });
  const out: WaitingChange[] = [];
  for (const { d, count } of asked) {
    const breaking = await count;
    if (breaking !== undefined && breaking > 0) out.push({ environment: d.environment, deployed: d.version, head: head.version, breaking });
  }
  return out;
}

type WithContract = VersionRecord & { contractHash: string };

/** Undefined when the worker threads are too busy to answer now: the page shows no count, and the next one asks again. */
async function countBreaking(
  judge: BreakingJudge,
  { head, deployed }: { head: WithContract; deployed: WithContract },
  /** Of the consumers in scope and their versions (scope-consumers.ts). */
  consumers: string,
  readUses: () => Promise<ConsumerUse[]>,
): Promise<number | undefined> {
  // The gate lets through what the head's waivers accept: the services page counts only what still blocks. Keyed by
  // the waivers in force, so a count is made again once one expires.
  const waivers = (head.waivers ?? []).filter((w) => isWaiverActive(w, Date.now()));
  const key = `${deployed.contractHash}>${head.contractHash}>${consumers}${waivers.length > 0 ? `>${JSON.stringify(waivers)}` : ''}`;
  const known = judge.counts.get(key);
  if (known !== undefined) return known;
  let count = 0;
  try {
    const uses = [...(await readUses())];
    const ask = (from: { hash: string; text?: string }, to: { hash: string; text?: string }) =>
      judge.countBreaking({
        service: head.service,
        from: { version: deployed.version, contract: from },
        to: { version: head.version, contract: to },
        consumers: uses,
        ...(waivers.length > 0 && { waivers }),
      });
    // The texts (megabytes each) are read and copied to a thread only when the thread asked does not hold them parsed.
    const answer = await ask({ hash: deployed.contractHash }, { hash: head.contractHash });
    if (typeof answer === 'number') count = answer;
    else {
      const [base, revision] = await Promise.all([judge.readContract(deployed.contractHash), judge.readContract(head.contractHash)]);
      const again = base && revision ? await ask(base, revision) : 0;
      count = typeof again === 'number' ? again : 0;
    }
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_BUSY') return undefined;
    // A contract the engine cannot read again shows no count rather than failing the list.
  }
  if (judge.counts.size >= MAX_PAIRS) judge.counts.delete(judge.counts.keys().next().value as string);
  judge.counts.set(key, count);
  return count;
}
