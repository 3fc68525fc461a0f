// The one rule for which observed calls count, shared by the gate, `overseer usage`, migrations and deprecation
// readiness: a call whose span named its caller's version counts while that version is live in the call's environment.
// A version deployed there and live there no more was replaced (or undeployed), and what it called went with it.

import { addCallCounts, type LeftOutCalls, type ObservedCall } from '../../contracts/index.js';
import { type Generation, keepPerGeneration, versionKey } from '../gather/consumer-listings.js';
import { groupBy } from '../group-by.js';
import type { DeploymentRecord, Store } from '../store/store.js';

/** Per environment: each replaced version of a consumer, by versionKey, with what replaced it and when. */
type Replaced = Map<string, Ended>;

/** How a version stopped being live there: what took its place, when, and whether it was a release whose support ended. */
type Ended = Pick<LeftOutCalls, 'replacedBy' | 'since' | 'supportEnded'>;

/**
 * A replaced version seen calling after its replacement was recorded still runs (a rollout not finished, a pod left
 * behind): its calls count while such a call is this recent, so that draining pods do not block for the whole window.
 */
const STILL_RUNNING_MS = 60 * 60 * 1000;

/**
 * The calls that count, those left out, and those of a replaced version that count because it was seen since, each
 * summed per consumer version. A rollback makes a version live, and its calls count, again; a version never recorded
 * there (a canary the registry was not told of) and a call naming no version count, as before versions were read.
 * `seen`: the generation the gate's ask read of its environment, which the reads kept per generation are kept by.
 */
export async function splitReplacedCalls(
  store: Store,
  calls: readonly ObservedCall[],
  now = Date.now(),
  seen?: Generation,
): Promise<{ counted: ObservedCall[]; leftOut: LeftOutCalls[]; stillSeen: LeftOutCalls[] }> {
  const named = calls.filter((c) => c.consumerVersion !== undefined);
  if (named.length === 0) return { counted: [...calls], leftOut: [], stillSeen: [] };
  const byEnvironment = new Map<string, Replaced>();
  for (const environment of new Set(named.map((c) => c.environment))) {
    const consumers = [...new Set(named.filter((c) => c.environment === environment).map((c) => c.consumer))].sort();
    const question = JSON.stringify(['replaced-versions', environment, consumers]);
    const read = () => readReplacedVersions(store, environment, consumers);
    // The gate's ask hands on the generation it read of its environment (`seen`): not read again.
    byEnvironment.set(environment, await keepPerGeneration(store, { environment }, question, read, seen));
  }
  const replacedOf = (call: ObservedCall) =>
    call.consumerVersion === undefined ? undefined : byEnvironment.get(call.environment)?.get(versionKey(call.consumer, call.consumerVersion));
  const running = new Set<string>();
  for (const call of named) {
    const replaced = replacedOf(call);
    if (replaced && call.lastSeen > replaced.since && now - Date.parse(call.lastSeen) < STILL_RUNNING_MS) running.add(keyOf(call));
  }
  const counted: ObservedCall[] = [];
  const leftOut = new Map<string, LeftOutCalls>();
  const stillSeen = new Map<string, LeftOutCalls>();
  for (const call of calls) {
    const replaced = replacedOf(call);
    if (replaced && running.has(keyOf(call))) sumInto(stillSeen, call, replaced);
    else if (replaced) sumInto(leftOut, call, replaced);
    if (!replaced || running.has(keyOf(call))) counted.push(call);
  }
  return { counted, leftOut: [...leftOut.values()], stillSeen: [...stillSeen.values()] };
}

const keyOf = (call: ObservedCall) => `${call.environment}\u0000${call.consumer}\u0000${call.consumerVersion ?? ''}`;

function sumInto(sums: Map<string, LeftOutCalls>, call: ObservedCall, replaced: Ended): void {
  const known = sums.get(keyOf(call));
  if (!known) {
    const { consumer, environment, count, lastSeen } = call;
    sums.set(keyOf(call), { consumer, consumerVersion: call.consumerVersion!, environment, count, lastSeen, ...replaced });
    return;
  }
  known.count = addCallCounts(known.count, call.count);
  if (call.lastSeen > known.lastSeen) known.lastSeen = call.lastSeen;
}

/**
 * The versions of each consumer once deployed in the environment (its last 1,000 deployments) and live there no more:
 * two reads for all the callers, not two each; a caller the registry does not know has none.
 */
async function readReplacedVersions(store: Store, environment: string, consumers: string[]): Promise<Replaced> {
  const live = groupBy(await store.currentDeployments(environment, consumers), (d) => d.service);
  const replaced: Replaced = new Map();
  for (const d of await store.listReplacedDeployments(environment, consumers)) {
    const running = live.get(d.service) ?? [];
    if (running.some((r) => r.version === d.version) || d.replacedAt === null) continue;
    const key = versionKey(d.service, d.version);
    const known = replaced.get(key);
    if (!known || d.replacedAt > known.since) replaced.set(key, describeEnd(d, running));
  }
  return replaced;
}

/**
 * What ended `ended`: a release's support ending replaces it with nothing; a deployment is replaced by the versions
 * deployed after it that run now (not releases, which run beside whatever is deployed), else it was undeployed.
 */
function describeEnd(ended: DeploymentRecord, running: readonly DeploymentRecord[]): Ended {
  const since = ended.replacedAt!;
  if (ended.live === 'released') return { replacedBy: [], since, supportEnded: true };
  return { replacedBy: running.filter((r) => r.live !== 'released' && r.id > ended.id).map((r) => r.version), since };
}
