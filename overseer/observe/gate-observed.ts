// What the gate adds from observed usage: the calls of the service within the window in the environment (and, for its
// own ask, those it made), and the deployed versions of consumers seen calling it that declare nothing of it
// (gatherGateInputs only finds declarers).
// A caller with no version live there is left out: the gate names it in a notice (contracts/usage/uncounted-uses.ts).

import { createHash } from 'node:crypto';
import type { LeftOutCalls, ObservedCall, UsagePolicy } from '../../contracts/index.js';
import { type ConsumerListing, extendListing, type Generation, keepPerGeneration } from '../gather/consumer-listings.js';
import type { CountedText, CountedVersion } from '../gather/gate-inputs.js';
import { groupBy } from '../group-by.js';
import type { Store } from '../store/store.js';
import type { WireGateVersion } from '../work/wire.js';
import type { GateCalls, Observer } from './observer.js';
import { splitReplacedCalls } from './replaced-calls.js';

interface ObservedGateInput {
  observed: ObservedCall[];
  /** `observed` by the key of the observer's read, with its JSON text: the pool is sent these instead. */
  observedCalls: { key: string; text: string };
  usage: UsagePolicy;
  /** Calls left out: the caller's version is live there no more. */
  observedLeftOut?: LeftOutCalls[];
  /** Calls of a replaced version seen calling since: counted, and said. */
  observedStillSeen?: LeftOutCalls[];
  /** The calls the service made there as a consumer (`asCandidate`), when there are any. */
  candidateCalls?: ObservedCall[];
  deployed: readonly CountedVersion[];
  /** The listing extended with the callers that declare nothing (extendListing), when there are any. */
  listing?: ConsumerListing;
}

interface Gathered {
  deployed: readonly CountedVersion[];
  listing?: ConsumerListing;
  /** The environment's generation as the ask read it (gatherGateInputs): not read again. */
  seen?: Generation;
}

/**
 * The counted versions with the callers added, by the gathered versions (kept per use generation, so a write that
 * moves it gathers a new array) and then by the key of the observer's read (a new read of other calls, a new key):
 * a hub's next ask neither walks its consumers for names nor sends its callers' texts to the pool again.
 */
const withCallers = new WeakMap<readonly CountedVersion[], { readKey: string; added: Gathered }>();

export async function addObservedConsumers(
  deps: { store: Store; observer: Observer },
  service: string,
  environment: string,
  gathered: Gathered,
  asCandidate = false,
  readAlready?: GateCalls,
): Promise<ObservedGateInput> {
  const usage = deps.observer.config.policy;
  // Read under `declared` too: the calls do not count, but a verdict they would have changed says so (a notice).
  const gateCalls = readAlready ?? (await deps.observer.listGateCalls(service, environment, asCandidate));
  const read = await leaveOutReplacedVersions(deps.store, gateCalls, gathered.seen);
  const observed = read.calls;
  const observedCalls = { key: read.key, text: read.json };
  const asked = {
    observed,
    observedCalls,
    usage,
    ...(read.leftOut.length > 0 && { observedLeftOut: read.leftOut }),
    ...(read.stillSeen.length > 0 && { observedStillSeen: read.stillSeen }),
    // As `check --env` says: the consumer side judges only what is declared, so calls made beyond it are named.
    ...(gateCalls.made && gateCalls.made.length > 0 && { candidateCalls: gateCalls.made }),
  };
  // No calls seen (most asks): a hub's hundreds of deployed consumers are not walked for names.
  if (observed.length === 0) return { ...asked, ...gathered };
  const known = withCallers.get(gathered.deployed);
  if (known?.readKey === read.key) return { ...asked, ...known.added };
  const added = await addCallers(deps.store, service, environment, gathered, observed);
  withCallers.set(gathered.deployed, { readKey: read.key, added });
  return { ...asked, ...added };
}

/**
 * The providers the service was seen calling there beyond those it declares: the consumer side judges its own
 * version's calls against them, so their live versions are gathered too. The read is handed to `addObservedConsumers`:
 * a leaf's ask reads the calls (and the write mark) once.
 */
export async function listCalledProviders(
  observer: Observer,
  service: string,
  environment: string,
  declared: readonly string[],
): Promise<{ providers: string[]; read: GateCalls }> {
  const read = await observer.listGateCalls(service, environment, true);
  const called = new Set((read.made ?? []).map((c) => c.provider));
  called.delete(service);
  for (const provider of declared) called.delete(provider);
  return { providers: [...declared, ...[...called].sort()], read };
}

/** The calls the gate counts (observe/replaced-calls.ts), under another key when some were left out, and those left out. */
async function leaveOutReplacedVersions(
  store: Store,
  read: GateCalls,
  seen: Generation | undefined,
): Promise<GateCalls & { leftOut: LeftOutCalls[]; stillSeen: LeftOutCalls[] }> {
  const { counted, leftOut, stillSeen } = await splitReplacedCalls(store, read.calls, Date.now(), seen);
  if (leftOut.length === 0) return { ...read, leftOut, stillSeen };
  // Another key for another set of calls: the pool's threads keep what they parsed by it.
  const left = createHash('sha256')
    .update(JSON.stringify(leftOut.map((l) => [l.consumer, l.consumerVersion, l.count])))
    .digest('hex');
  return { calls: counted, key: `${read.key}:${left.slice(0, 16)}`, json: JSON.stringify(counted), leftOut, stillSeen };
}

async function addCallers(store: Store, service: string, environment: string, gathered: Gathered, observed: ObservedCall[]): Promise<Gathered> {
  const present = new Set(gathered.deployed.map((v) => v.service));
  const missing = [...new Set(observed.map((c) => c.consumer))].filter((name) => !present.has(name)).sort();
  if (missing.length === 0) return { deployed: gathered.deployed, listing: gathered.listing };
  // Kept while the environment's generation stays (its deployments, a stored version rewritten): a hub's hundred
  // callers that declare nothing of it cost two reads once, not at every ask, nor again after each publication.
  const question = JSON.stringify(['observed-callers', service, environment, missing]);
  const extra = await keepPerGeneration(store, { environment }, question, () => readLiveCallers(store, service, environment, missing), gathered.seen);
  const deployed = [...gathered.deployed, ...extra];
  return gathered.listing && extra.length > 0 ? { deployed, listing: extendListing(gathered.listing, extra) } : { deployed, listing: gathered.listing };
}

/**
 * Every live version of each caller, counted only as a consumer as the listings' are (gather/consumer-listings.ts): its
 * declarations of `service` alone, as JSON text, no contract. A thread parses each text once and keeps it, and no
 * caller's contract travels to the pool to be parsed and never read.
 */
async function readLiveCallers(store: Store, service: string, environment: string, callers: string[]): Promise<CountedText[]> {
  // Every live version, releases too: a mobile app in users' hands calls as surely as a deployed service. All the
  // callers' deployments in one read and their versions in another: one by one, a hub's hundred callers cost 300.
  const deployedOf = groupBy(await store.currentDeployments(environment, callers), (d) => d.service);
  const refs = callers.flatMap((consumer) => deployedOf.get(consumer) ?? []);
  const records = await store.readVersionSet(refs);
  const extra: CountedText[] = [];
  refs.forEach(({ service: consumer, version, live }, i) => {
    const record = records[i];
    if (!record) return;
    const declarations = record.declarations.filter((d) => d.provider === service);
    const counted: WireGateVersion = { service: consumer, version, declarations, ...(live && { live }) };
    extra.push({ service: consumer, version, text: JSON.stringify(counted), ...(live && { live }) });
  });
  return extra;
}
