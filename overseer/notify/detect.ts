// Reads what an event needs from the store: where a provider version breaks consumers, and the services concerned.

import { decideDeploy, type GateVersion, type WaivedChange } from '../../contracts/index.js';
import type { ContractCache } from '../contract-cache.js';
import { type GateScope, gatherCounted, loadGateVersion, parseCounted } from '../routes/gate-inputs.js';
import type { Store, VersionRecord } from '../store/store.js';
import type { WireGateVersion } from '../work/wire.js';
import type { EventService } from './events.js';
import { type FoundReasons, selectConsumerBreaks } from './impacts.js';

export interface ScopeJudgement extends FoundReasons {
  /** The version of the provider counted there before (the diff's base); undefined on a first deployment. */
  base?: string;
  /** Breaks the candidate's waivers accept there: the gate lets them through, so they are not among `reasons`. */
  waived: WaivedChange[];
}

/**
 * The provider's contract as the gate sees it, with the waivers published with it (what the gate lets through is not
 * announced as breaking); its own declarations do not matter for what it breaks.
 */
export async function loadProviderVersion(store: Store, contracts: ContractCache, record: VersionRecord): Promise<GateVersion | undefined> {
  if (record.contractHash === null) return undefined;
  const loaded = await withParsed(contracts, await loadGateVersion(store, record));
  return loaded.contract ? { ...loaded, declarations: [], ...(record.waivers && { waivers: record.waivers }) } : undefined;
}

/** A version as the store gave it, with its contract parsed through the cache (which parses in the pool when there is one). */
async function withParsed(contracts: ContractCache, version: WireGateVersion): Promise<GateVersion> {
  const { contract, ...rest } = version;
  const parsed = contract && (await contracts.get(contract.hash));
  return parsed ? { ...rest, contract: parsed } : rest;
}

/** The gate's provider-side judgement of `candidate` against the consumers counted in one scope. */
export async function judgeProviderIn(
  store: Store,
  contracts: ContractCache,
  candidate: GateVersion,
  scope: GateScope,
  where: string,
): Promise<ScopeJudgement> {
  const counted = await Promise.all((await gatherCounted(store, candidate.service, [], scope)).map((v) => withParsed(contracts, parseCounted(v))));
  const verdict = decideDeploy({ service: candidate.service, version: candidate.version, environment: where, candidate, deployed: counted });
  const running = counted.find((v) => v.service === candidate.service)?.version;
  return {
    where,
    reasons: selectConsumerBreaks(verdict.reasons, candidate.service),
    waived: verdict.waived ?? [],
    ...(running !== undefined && { running }),
    ...(running !== undefined && running !== candidate.version && { base: running }),
  };
}

/** Owners, channel and repository of each named service that exists. */
export async function gatherServices(store: Store, names: Iterable<string>): Promise<Record<string, EventService>> {
  const out: Record<string, EventService> = {};
  for (const name of new Set(names)) {
    const record = await store.getService(name);
    if (!record) continue;
    out[name] = {
      name,
      owners: record.owners,
      ...(record.slack !== undefined && { slack: record.slack }),
      ...(record.slackMention !== undefined && { slackMention: record.slackMention }),
      ...(record.repository !== undefined && { repository: record.repository }),
    };
  }
  return out;
}
