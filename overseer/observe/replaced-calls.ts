// The one rule for which observed calls count, shared by the gate, `overseer usage`, migrations and deprecation
// readiness: a call whose span named its caller's version counts while that version is live in the call's environment.
// A version deployed there and live there no more was replaced (or undeployed), and what it called went with it.

import type { LeftOutCalls, ObservedCall } from '../../contracts/index.js';
import { keepPerGeneration, versionKey } from '../gather/consumer-listings.js';
import type { Store } from '../store/store.js';

/** Per environment: each replaced version of a consumer, by versionKey, with what replaced it and when. */
type Replaced = Map<string, { replacedBy: string[]; since: string }>;

/**
 * The calls that count, and those left out, summed per consumer version. A rollback makes a version live, and its
 * calls count, again; a version never recorded there (a canary the registry was not told of) and a call naming no
 * version count, as before versions were read.
 */
export async function splitReplacedCalls(store: Store, calls: readonly ObservedCall[]): Promise<{ counted: ObservedCall[]; leftOut: LeftOutCalls[] }> {
  const named = calls.filter((c) => c.consumerVersion !== undefined);
  if (named.length === 0) return { counted: [...calls], leftOut: [] };
  const byEnvironment = new Map<string, Replaced>();
  for (const environment of new Set(named.map((c) => c.environment))) {
    const consumers = [...new Set(named.filter((c) => c.environment === environment).map((c) => c.consumer))].sort();
    const question = JSON.stringify(['replaced-versions', environment, consumers]);
    byEnvironment.set(environment, await keepPerGeneration(store, question, () => readReplacedVersions(store, environment, consumers)));
  }
  const counted: ObservedCall[] = [];
  const leftOut = new Map<string, LeftOutCalls>();
  for (const call of calls) {
    const key = call.consumerVersion === undefined ? undefined : versionKey(call.consumer, call.consumerVersion);
    const replaced = key === undefined ? undefined : byEnvironment.get(call.environment)?.get(key);
    if (!replaced) {
      counted.push(call);
      continue;
    }
    const at = `${call.environment}\u0000${key}`;
    const known = leftOut.get(at);
    if (known) known.count += call.count;
    else leftOut.set(at, { consumer: call.consumer, consumerVersion: call.consumerVersion!, environment: call.environment, count: call.count, ...replaced });
  }
  return { counted, leftOut: [...leftOut.values()] };
}

/** The versions of each consumer once deployed in the environment (its last 1,000 deployments) and live there no more. */
async function readReplacedVersions(store: Store, environment: string, consumers: string[]): Promise<Replaced> {
  const replaced: Replaced = new Map();
  for (const consumer of consumers) {
    const live = (await store.liveDeployments(consumer, environment)).map((d) => d.version);
    for (const d of await store.deploymentHistory({ service: consumer, environment, limit: 1000 })) {
      if (live.includes(d.version) || d.replacedAt === null) continue;
      const key = versionKey(consumer, d.version);
      const known = replaced.get(key);
      if (!known || d.replacedAt > known.since) replaced.set(key, { replacedBy: live, since: d.replacedAt });
    }
  }
  return replaced;
}
