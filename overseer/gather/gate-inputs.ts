// Gathers what the gate needs from the store: only the versions that bear on one service, with their contracts by
// hash (the pool's threads keep what they parsed). Read -> decide (contracts/gate.ts, pure, in the pool) -> act in the routes.

import type { LiveKind, Verdict } from '../../contracts/index.js';
import type { ConsumerScope, Store, VersionRecord, VersionWithDeclarations } from '../store/store.js';
import { askByHash, type StoredTexts } from '../work/ask-by-hash.js';
import type { WorkPool } from '../work/pool.js';
import type { MissingContracts, WireGateInput, WireGateVersion, WireListed } from '../work/wire.js';
import {
  type ConsumerListing,
  type CountedText,
  type Generation,
  keepPerGeneration,
  readConsumerListing,
  readGeneration,
  versionKey,
} from './consumer-listings.js';
import { type HistoryRead, readHistoryPage } from './history-pages.js';

/** Which version of each service counts: every version live in an environment, or the latest (on a branch). */
export type GateScope = { environment: string } | { branch?: string };

export type { CountedText } from './consumer-listings.js';

export type CountedVersion = WireGateVersion | CountedText;

/** The gate's question as gathered: the pool is sent the consumers' texts as they are, or the listing's key alone. */
export type GateAsk = Omit<WireGateInput, 'deployed' | 'listing'> & {
  deployed: readonly CountedVersion[];
  listing?: ConsumerListing;
  /** The generation the ask was gathered at (GateInputs.seen): the registry's, never sent to the pool. */
  seen?: Generation;
};

interface Ref {
  service: string;
  version: string;
  live?: LiveKind;
}

/**
 * Now and today (its UTC day), read once per request from the registry's clock: every date of a verdict is judged at it.
 * Read on arrival, not when a thread takes the task: the environment and the waivers are read then too, and a verdict
 * judged at two instants (an expiry passed in the queue seen, a deployment recorded there not) is true of neither.
 */
export function readGateClock(now: () => number): { now: string; today: string } {
  const at = new Date(now()).toISOString();
  return { now: at, today: at.slice(0, 10) };
}

/** A version with its declarations and its contract's hash: its text is read only when a thread of the pool lacks it. */
export async function loadGateVersion(store: Store, record: VersionRecord, live?: LiveKind): Promise<WireGateVersion> {
  return toGateVersion({ ...record, declarations: await store.getDeclarations(record.service, record.version) }, live);
}

/** `loadGateVersion` of a version read with its declarations (Store.readVersionSet). */
export function toGateVersion(record: VersionWithDeclarations, live?: LiveKind): WireGateVersion {
  const contract = record.contractHash === null ? undefined : { hash: record.contractHash };
  return { service: record.service, version: record.version, declarations: record.declarations, ...(contract && { contract }), ...(live && { live }) };
}

/**
 * The pool's verdict on contracts sent by hash and on the consumer listing sent by key. A thread that has not parsed
 * some of them says which: the question is asked again with every stored text and the listing's texts (another thread
 * may take it), which cannot miss. A contract the store no longer holds counts as none, as it would have had the texts
 * been read first.
 */
export function decideStored(store: Store, work: WorkPool, ask: GateAsk, abandoned?: AbortSignal): Promise<Verdict> {
  return askStored(store, (input) => work.decide(input, abandoned), ask);
}

/** `decideStored`'s verdict as the JSON text its route sends, written by the thread (overseer/work/verdict-json.ts). */
export async function decideStoredJson(store: Store, work: WorkPool, ask: GateAsk, abandoned?: AbortSignal): Promise<string> {
  return (await askStored(store, (input) => work.decideJson(input, abandoned), ask)).json;
}

async function askStored<T>(store: Store, decide: (input: WireGateInput) => Promise<T | MissingContracts>, ask: GateAsk): Promise<T> {
  // Sent by hash first; the provider's history only when the thread asks for it (a use by a renamed operationId), and
  // an older page each time its walk ends the pages sent without placing every id.
  let history: HistoryRead | undefined;
  const withHistory = (input: WireGateInput) => ({ ...input, ...(history && { history: history.history, ...(history.more && { historyMore: true }) }) });
  return askByHash(
    store,
    () => hashesOf(withHistory(toWire(ask, false))),
    async (texts) => {
      for (;;) {
        const input = withHistory(toWire(ask, texts !== undefined));
        const answer = await decide(texts ? await withStoredTexts(store, texts, input) : input);
        if (!isMissing(answer) || !answer.history || (history && !history.more)) return answer;
        history = await readHistoryPage(store, ask.service, history);
      }
    },
  );
}

/** Every stored contract the ask names by hash. */
function* hashesOf(input: WireGateInput): Generator<string | undefined> {
  for (const version of [input.candidate, ...input.deployed]) if (version && typeof version !== 'string' && !('from' in version)) yield version.contract?.hash;
  for (const { contract } of input.history ?? []) yield contract.hash;
}

/**
 * The ask with every contract's stored text, for a thread that lacks some; a contract gone from the store counts as none.
 * The history, when the thread asked for it only once it had the texts, is read here: `texts` was read before it.
 */
async function withStoredTexts(store: Store, texts: StoredTexts, input: WireGateInput): Promise<WireGateInput> {
  // What `texts` lacks (the history, read after it) in one read.
  const unread = [...hashesOf(input)].filter((hash): hash is string => hash !== undefined && !texts.has(hash));
  const more = unread.length > 0 ? await store.readContractTexts(unread) : undefined;
  const textOf = (hash: string) => texts.get(hash) ?? more?.get(hash);
  const withText = (version: WireGateVersion): WireGateVersion => {
    const { contract, ...rest } = version;
    if (!contract || contract.text !== undefined) return version;
    const text = textOf(contract.hash);
    return text === undefined ? rest : { ...rest, contract: { hash: contract.hash, text, stored: true } };
  };
  const candidate = input.candidate && withText(input.candidate);
  const deployed = input.deployed.map((version) => (typeof version === 'string' || 'from' in version ? version : withText(version)));
  const history: WireGateInput['history'] = [];
  for (const { version, contract } of input.history ?? []) {
    const text = textOf(contract.hash);
    if (text !== undefined) history.push({ version, contract: { hash: contract.hash, text, stored: true } });
  }
  return { ...input, candidate, deployed, ...(input.history && { history }) };
}

function isMissing<T>(answer: T | MissingContracts): answer is MissingContracts {
  return typeof answer === 'object' && answer !== null && 'missing' in answer;
}

/**
 * The ask as the pool takes it: the listing's consumers, where they come in order, as runs of its places (a thread
 * keeps the parsed listing by its key); its texts only when `withTexts`, for a thread that lacks it.
 */
function toWire({ listing, deployed, seen: _seen, ...ask }: GateAsk, withTexts: boolean): WireGateInput {
  // The calls travel by the key of the observer's read where it gave one (their text only `withTexts`), not as objects.
  const { observed, observedCalls, ...rest } = ask;
  if (observedCalls) Object.assign(rest, { observedCalls: withTexts ? observedCalls : { key: observedCalls.key } });
  else if (observed) Object.assign(rest, { observed });
  const wire = toWireVersions(deployed, listing);
  if (!listing) return { ...rest, deployed: wire };
  return { ...rest, deployed: wire, listing: { key: listing.key, ...(withTexts && { texts: listing.consumers.map((c) => c.text) }) } };
}

// The versions as sent, by the counted versions and the listing they were gathered with (both kept per generation).
const wireOf = new WeakMap<readonly CountedVersion[], { listing: ConsumerListing | undefined; wire: WireGateInput['deployed'] }>();

/** The counted versions as the pool takes them; the same array for the same versions and listing, which nobody may change. */
function toWireVersions(deployed: readonly CountedVersion[], listing: ConsumerListing | undefined): WireGateInput['deployed'] {
  const known = wireOf.get(deployed);
  if (known && known.listing === listing) return known.wire;
  const wire: WireGateInput['deployed'] = [];
  let run: WireListed | undefined;
  for (const version of deployed) {
    const place = listing?.indexOf.get(version as CountedText);
    if (place !== undefined && run && run.to === place) run.to++;
    else if (place !== undefined) wire.push((run = { from: place, to: place + 1 }));
    else {
      run = undefined;
      wire.push('text' in version ? version.text : version);
    }
  }
  wireOf.set(deployed, { listing, wire });
  return wire;
}

/** What the gate counts, and the listing the consumers among them come from (decideStored sends its key, not its texts). */
interface GateInputs {
  /** Kept and shared between asks (the caches of the next steps know it by identity): nobody may change it. */
  deployed: readonly CountedVersion[];
  listing: ConsumerListing;
  /** The scope's generation as this ask read it: the ask's other reads kept per generation are kept by it, not read again. */
  seen: Generation;
}

/**
 * The counted versions of: the service itself (the base to diff against), every consumer that declares use of it,
 * and every provider in `providers`; in an environment, every version live there. The gate looks at nothing else,
 * so the rest of the environment is not read. In order: the listing's consumers, then the other versions judged against.
 */
export async function gatherGateInputs(store: Store, service: string, providers: string[], scope: GateScope): Promise<GateInputs> {
  // Every read below is of versions, declarations, branches or deployments in the scope: kept while its generation stays.
  const question = JSON.stringify([service, providers, scope]);
  const where = toConsumerScope(scope);
  const seen = await readGeneration(store, where);
  return { ...(await keepPerGeneration(store, where, question, () => readGateInputs(store, service, providers, scope, seen), seen)), seen };
}

/** The listings' scope of the gate's: an environment, a branch, or every service's latest version. */
export function toConsumerScope(scope: GateScope): ConsumerScope {
  return 'environment' in scope ? { environment: scope.environment } : scope.branch !== undefined ? { branch: scope.branch } : {};
}

async function readGateInputs(store: Store, service: string, providers: string[], scope: GateScope, seen: Generation): Promise<Omit<GateInputs, 'seen'>> {
  const listing = await readConsumerListing(store, service, toConsumerScope(scope), seen);
  // A version counted only as a consumer is read for what it declares of the service, which the listing holds: a hub's
  // hundreds of consumers cost no further reads, and no contracts travel to the pool to be parsed and never read.
  const counted: (CountedText | Ref)[] = [...listing.consumers];
  const judgedAgainst = new Set([service, ...providers]);
  const refs: Ref[] = [];
  for (const name of judgedAgainst) {
    for (const place of listing.byService.get(name) ?? []) {
      const { service: s, version, live } = listing.consumers[place]!;
      refs.push((counted[place] = { service: s, version, ...(live && { live }) }));
    }
  }
  const others = new Map<string, Ref>();
  const found = await findCounted(store, [...judgedAgainst], scope);
  for (const name of judgedAgainst) {
    for (const ref of found.get(name) ?? []) {
      const k = versionKey(ref.service, ref.version);
      const place = listing.byKey.get(k);
      if (place !== undefined) Object.assign(counted[place]!, ref);
      else if (others.has(k)) Object.assign(others.get(k)!, ref);
      else {
        const added = { ...ref };
        others.set(k, added);
        refs.push(added);
        counted.push(added);
      }
    }
  }
  // Only the few versions judged against are read again, together: one read however many providers the candidate has.
  const records = await store.readVersionSet(refs);
  const judged = new Map(refs.map((ref, i) => [ref, records[i] && toJudged(records[i], ref, service)] as const));
  const deployed: CountedVersion[] = [];
  for (const entry of counted) {
    const version = 'text' in entry ? entry : judged.get(entry);
    if (version) deployed.push(version);
  }
  return { deployed, listing };
}

/**
 * A version judged against, with its declarations of `service` alone: the gate reads a deployed version's declarations
 * only where it consumes the service judged, and the others (five providers' worth each) cost every ask a larger clone.
 */
function toJudged(record: VersionWithDeclarations, ref: Ref, service: string): WireGateVersion {
  const version = toGateVersion(record, ref.live);
  // The service's own live versions keep theirs: a provider they use that the candidate drops is said (usage/dropped-uses.ts).
  if (ref.service === service) return version;
  return { ...version, declarations: version.declarations.filter((d) => d.provider === service) };
}

/** The versions of each service counted in the scope: live there, or each one's latest (one read for all, either way). */
async function findCounted(store: Store, services: string[], scope: GateScope): Promise<Map<string, Ref[]>> {
  const found = new Map<string, Ref[]>();
  if ('environment' in scope) {
    for (const deployment of await store.currentDeployments(scope.environment, services)) {
      const { service, version, live } = deployment;
      found.set(service, [...(found.get(service) ?? []), { service, version, ...(live && { live }) }]);
    }
    return found;
  }
  // A provider never registered, or with no version on the branch, has no latest version.
  for (const [service, latest] of await store.readLatestVersions(services, scope.branch)) found.set(service, [{ service, version: latest.version }]);
  return found;
}
