// Reads what an event needs from the store: where a provider version breaks consumers, and the services concerned.

import type { VerdictReason, WaivedChange } from '../../contracts/index.js';
import { decideStored, type GateScope, gatherGateInputs, loadGateVersion } from '../gather/gate-inputs.js';
import { addMisdirectedConsumers } from '../gather/misdirected-uses.js';
import { addObservedConsumers } from '../observe/gate-observed.js';
import type { Observer } from '../observe/observer.js';
import type { Store, VersionRecord } from '../store/store.js';
import type { WorkPool } from '../work/pool.js';
import type { WireGateVersion } from '../work/wire.js';
import type { EventService } from './events.js';
import { type FoundReasons, selectConsumerBreaks } from './impacts.js';

const WARNINGS_TO_TELL: ReadonlySet<string> = new Set(['warns-consumer', 'declared-path-moved']);

export interface ScopeJudgement extends FoundReasons {
  /** The version of the provider counted there before (the diff's base); undefined on a first deployment. */
  base?: string;
  /** Breaks the candidate's waivers accept there: the gate lets them through, so they are not among `reasons`. */
  waived: WaivedChange[];
  /**
   * The candidate's warnings that reach what consumers counted there use (`warns-consumer`), and the uses it judged at a
   * path their manifests no longer name (`declared-path-moved`): they refuse nothing, but those consumers' owners act.
   */
  warned: VerdictReason[];
}

/**
 * The provider's version as the gate sees it, its contract by hash, with the waivers published with it (what the gate
 * lets through is not announced as breaking); its own declarations do not matter for what it breaks.
 */
export async function loadProviderVersion(store: Store, record: VersionRecord): Promise<WireGateVersion | undefined> {
  if (record.contractHash === null) return undefined;
  const version = await loadGateVersion(store, record);
  return { ...version, declarations: [], ...(record.waivers && { waivers: record.waivers }) };
}

/**
 * The gate's provider-side judgement of `candidate` against the consumers counted in one scope. It is decided in the
 * pool, as can-i-deploy is: diffing a large contract on the event loop would hold every other request meanwhile.
 */
export async function judgeProviderIn(
  deps: { store: Store; work: WorkPool; observer?: Observer },
  candidate: WireGateVersion,
  scope: GateScope,
  where: string,
): Promise<ScopeJudgement> {
  const { store, work, observer } = deps;
  // The consumers' listing is the gate's, kept per use generation: a thread that holds it is sent its key alone.
  const gathered = await gatherGateInputs(store, candidate.service, [], scope);
  // Consumers counted there that misspell the service count as at can-i-deploy (gather/misdirected-uses.ts): a version
  // announced as breaking only what its waivers accept was refused there for them.
  const misdirected = await addMisdirectedConsumers(store, candidate.service, scope, gathered);
  // And, as there, the callers seen in traces that declare nothing of it: calls are observed per environment, so on a
  // branch only declarations count. Without this a caller can-i-deploy refused for went unnamed in the announcement.
  const observed =
    observer && 'environment' in scope ? await addObservedConsumers({ store, observer }, candidate.service, scope.environment, misdirected) : misdirected;
  const { deployed } = observed;
  // On a branch the versions compared were published, not deployed: the reasons' words must say so (usage/already-unmet.ts).
  const against = 'environment' in scope ? 'environment' : 'branch';
  const ask = { service: candidate.service, version: candidate.version, environment: where, against, candidate, ...observed } as const;
  const verdict = await decideStored(store, work, ask);
  const running = deployed.find((v) => v.service === candidate.service)?.version;
  return {
    where,
    reasons: selectConsumerBreaks(verdict.reasons, candidate.service),
    waived: verdict.waived ?? [],
    warned: verdict.reasons.filter((r) => WARNINGS_TO_TELL.has(r.code) && r.provider === candidate.service && r.consumer !== candidate.service),
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
