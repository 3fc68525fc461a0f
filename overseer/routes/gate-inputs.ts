// Gathers what the gate needs from the store: only the versions that bear on one service, with their contracts by
// hash (the pool's threads keep what they parsed). Read -> decide (contracts/gate.ts, pure, in the pool) -> act in the routes.

import type { LiveKind, Verdict } from '../../contracts/index.js';
import { isStoreError, type Store, type VersionRecord } from '../store/store.js';
import type { WorkPool } from '../work/pool.js';
import type { WireGateInput, WireGateVersion } from '../work/wire.js';

/** Which version of each service counts: every version live in an environment, or the latest (on a branch). */
export type GateScope = { environment: string } | { branch?: string };

/**
 * A version counted only for what it declares of the service judged (a hub has hundreds): its WireGateVersion as JSON
 * text, written around the store's text of those declarations, so that the event loop neither parses nor clones them.
 */
export interface CountedText {
  service: string;
  version: string;
  text: string;
}

export type CountedVersion = WireGateVersion | CountedText;

/** The gate's question as gathered: the pool is sent the consumers' texts as they are. */
export type GateAsk = Omit<WireGateInput, 'deployed'> & { deployed: CountedVersion[] };

/** A counted version with its declarations parsed, for a reader on the event loop (the notifier judges few consumers). */
export function parseCounted(version: CountedVersion): WireGateVersion {
  return 'text' in version ? (JSON.parse(version.text) as WireGateVersion) : version;
}

interface Ref {
  service: string;
  version: string;
  live?: LiveKind;
}

/** A version with its declarations and its contract's hash: its text is read only when a thread of the pool lacks it. */
export async function loadGateVersion(store: Store, record: VersionRecord, live?: LiveKind): Promise<WireGateVersion> {
  const declarations = await store.getDeclarations(record.service, record.version);
  const contract = record.contractHash === null ? undefined : { hash: record.contractHash };
  return { service: record.service, version: record.version, declarations, ...(contract && { contract }), ...(live && { live }) };
}

/**
 * The pool's verdict on contracts sent by hash. A thread that has not parsed some of them says which: the question is
 * asked again with every stored text (another thread may take it), which cannot miss. A contract the store no longer
 * holds counts as none, as it would have had the texts been read first.
 */
export async function decideStored(store: Store, work: WorkPool, ask: GateAsk): Promise<Verdict> {
  const input: WireGateInput = { ...ask, deployed: ask.deployed.map((v) => ('text' in v ? v.text : v)) };
  const first = await work.decide(input);
  if (!('missing' in first)) return first;
  const texts = new Map<string, string | undefined>();
  const withText = async (version: WireGateVersion): Promise<WireGateVersion> => {
    const { contract, ...rest } = version;
    if (!contract || contract.text !== undefined) return version;
    if (!texts.has(contract.hash)) texts.set(contract.hash, (await store.getContract(contract.hash))?.text);
    const text = texts.get(contract.hash);
    return text === undefined ? rest : { ...rest, contract: { hash: contract.hash, text, stored: true } };
  };
  const candidate = input.candidate && (await withText(input.candidate));
  const deployed: WireGateInput['deployed'] = [];
  for (const version of input.deployed) deployed.push(typeof version === 'string' ? version : await withText(version));
  const second = await work.decide({ ...input, candidate, deployed });
  if ('missing' in second) throw new Error(`the worker pool lacks contracts it was sent: ${second.missing.join(', ')}`);
  return second;
}

/**
 * The counted versions of: the service itself (the base to diff against), every consumer that declares use of it,
 * and every provider in `providers`; in an environment, every version live there. The gate looks at nothing else,
 * so the rest of the environment is not read.
 */
export async function gatherCounted(store: Store, service: string, providers: string[], scope: GateScope): Promise<CountedVersion[]> {
  const refs = new Map<string, Ref>();
  const key = (name: string, version: string) => `${name}\u0000${version}`;
  const add = (ref: Ref) => refs.set(key(ref.service, ref.version), { ...refs.get(key(ref.service, ref.version)), ...ref });
  const consumerScope = 'environment' in scope ? { environment: scope.environment } : scope.branch !== undefined ? { branch: scope.branch } : {};
  const uses = await store.listConsumerTexts(service, consumerScope);
  for (const use of uses) add({ service: use.consumer, version: use.version, ...(use.live && { live: use.live }) });
  const judgedAgainst = new Set([service, ...providers]);
  for (const name of judgedAgainst) for (const ref of await findCounted(store, name, scope)) add(ref);
  // A version counted only as a consumer is read for what it declares of the service, which the listing holds: a hub's
  // hundreds of consumers cost no further reads, and no contracts travel to the pool to be parsed and never read.
  const declared = new Map<string, string[]>();
  for (const use of uses) {
    const k = key(use.consumer, use.version);
    const texts = declared.get(k);
    if (texts) texts.push(use.uses);
    else declared.set(k, [use.uses]);
  }
  // Only the few versions judged against are read again, together; the consumers' texts are written without waiting.
  const counted = [...refs.values()];
  const toRead = counted.filter((ref) => judgedAgainst.has(ref.service));
  const read = await Promise.all(toRead.map(async (ref) => [ref, await loadJudged(store, ref)] as const));
  const judged = new Map(read);
  const loaded: CountedVersion[] = [];
  for (const ref of counted) {
    const version = judgedAgainst.has(ref.service) ? judged.get(ref) : writeCountedText(ref, service, declared.get(key(ref.service, ref.version)) ?? []);
    if (version) loaded.push(version);
  }
  return loaded;
}

// The same JSON a WireGateVersion stringifies to (declarations of `provider` alone), with each `uses` text put in as stored.
function writeCountedText(ref: Ref, provider: string, uses: string[]): CountedText {
  const consumer = JSON.stringify(ref.service);
  const declarations = uses.map((text) => `{"consumer":${consumer},"provider":${JSON.stringify(provider)},"uses":${text}}`).join(',');
  const live = ref.live ? `,"live":${JSON.stringify(ref.live)}` : '';
  return {
    service: ref.service,
    version: ref.version,
    text: `{"service":${consumer},"version":${JSON.stringify(ref.version)}${live},"declarations":[${declarations}]}`,
  };
}

async function loadJudged(store: Store, ref: Ref): Promise<WireGateVersion | undefined> {
  const version = await store.getVersion(ref.service, ref.version);
  return version && loadGateVersion(store, version, ref.live);
}

async function findCounted(store: Store, service: string, scope: GateScope): Promise<Ref[]> {
  if ('environment' in scope) return store.liveDeployments(service, scope.environment);
  try {
    const latest = await store.latestVersion(service, scope.branch);
    return latest ? [latest] : [];
  } catch (error) {
    // A provider that was never registered simply has no latest version.
    if (isStoreError(error, 'ERR_SERVICE_UNKNOWN')) return [];
    throw error;
  }
}
