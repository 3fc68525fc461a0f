// A hub's consumer listing, and what the gate reads besides, is read once per generation of its scope, not on every
// ask: its hundreds of rows cost the event loop more than all the gate's other reads. An environment's generation
// (store.readScopeGeneration) moves with its deployments and not with publications, so a 4 MB publication arriving
// every few seconds no longer has every hub read again; other scopes keep the use generation. Kept per store object.

import { randomUUID } from 'node:crypto';
import type { LiveKind } from '../../contracts/index.js';
import type { ConsumerScope, ConsumerUseText, Store } from '../store/store.js';

/**
 * A version counted only for what it declares of the service judged (a hub has hundreds): its WireGateVersion as JSON
 * text, written around the store's text of those declarations, so that the event loop neither parses nor clones them.
 */
export interface CountedText {
  service: string;
  version: string;
  text: string;
  live?: LiveKind;
}

/** The consumers counted for one provider in one scope, as of one use generation; nobody may change it. */
export interface ConsumerListing {
  /** Names the listing and its generation in this process: the pool's threads keep the parsed listing by it. */
  key: string;
  consumers: readonly CountedText[];
  /** Where each consumer stands in `consumers`. */
  indexOf: ReadonlyMap<CountedText, number>;
  /** The places of each service's versions, and of each `service\0version`. */
  byService: ReadonlyMap<string, readonly number[]>;
  byKey: ReadonlyMap<string, number>;
  textLength: number;
}

/** About 16 MB of text per store: every hub's listing in every environment, many times over. */
const MAX_TEXT_LENGTH = 16 * 1024 * 1024;

/** What was read, as of which generation of the scope it was read in. */
interface Entry<T> {
  generation: number;
  value: T;
}

interface Kept {
  id: string;
  /** By the scope's generation name and the scope's key. */
  listings: Map<string, Entry<ConsumerListing>>;
  textLength: number;
  /** What one question read besides its listing (keepPerGeneration), by the generation's name and the question, least recently asked first. */
  reads: Map<string, Entry<unknown> & { weight: number }>;
  readsWeight: number;
  maxReadsWeight: number;
}

const kept = new WeakMap<Store, Kept>();
/**
 * The reads kept, weighed by the versions each lists (a leaf's ask a few, a hub's its hundreds of consumers): a few
 * questions per service and environment of a 5,000-service registry fit, and a stranger's flood of distinct questions
 * about a hub holds some 100 MB at most (each version kept, with the listing it comes from, a few hundred bytes). A count of 4,096 questions was both too few for such a registry (asks
 * about every service in turn missed every time) and too many for a hub with thousands of consumers.
 */
const MAX_READS_WEIGHT = 256 * 1024;

export const versionKey = (service: string, version: string): string => `${service}\u0000${version}`;

function keptFor(store: Store): Kept {
  let mine = kept.get(store);
  if (!mine)
    kept.set(store, (mine = { id: randomUUID(), listings: new Map(), textLength: 0, reads: new Map(), readsWeight: 0, maxReadsWeight: MAX_READS_WEIGHT }));
  return mine;
}

/** A smaller weight of reads kept for `store`: a test fills it with a few questions rather than thousands. */
export function limitKeptReads(store: Store, maxWeight: number): void {
  keptFor(store).maxReadsWeight = maxWeight;
}

/** The number reads in a scope are kept by, and its name, as read once. */
export interface Generation {
  name: string;
  generation: number;
}

/**
 * The number reads in `scope` are kept by, and its name: an environment's own generation (its deployments, and any
 * rewrite of a stored version: migrations 15 and 20), else the use generation (every publication moves it).
 */
export async function readGeneration(store: Store, scope: ConsumerScope): Promise<Generation> {
  const name = generationName(scope);
  if (scope.environment === undefined) return { name, generation: await store.readUseGeneration() };
  return { name, generation: await store.readScopeGeneration({ environment: scope.environment }) };
}

const generationName = (scope: ConsumerScope) => (scope.environment === undefined ? 'uses' : JSON.stringify(['environment', scope.environment]));

/**
 * `seen` where it is the generation `scope`'s reads are kept by, else that generation read now. An ask reads its scope's
 * generation once and hands it on: every read kept after it is read after it, so at least as recent.
 */
function seenOrRead(store: Store, scope: ConsumerScope, seen: Generation | undefined): Promise<Generation> | Generation {
  return seen?.name === generationName(scope) ? seen : readGeneration(store, scope);
}

/**
 * Whether a value read at `generation` may replace `known`: generations only grow, and an ask that read an older one
 * while another read a newer one must not put its older value back.
 */
const mayKeep = (known: Entry<unknown> | undefined, generation: number) => !known || known.generation < generation;

/**
 * The consumers of `provider` in `scope`, from the store's listing. The generation is read first: a listing read after
 * it is at least that recent, and is kept only while the store still reads the same generation.
 */
export async function readConsumerListing(store: Store, provider: string, scope: ConsumerScope, seen?: Generation): Promise<ConsumerListing> {
  // A generation the caller read before (keepPerGeneration's) serves as well: the listing is read after it all the same.
  const { name, generation } = seen ?? (await readGeneration(store, scope));
  const mine = keptFor(store);
  const scopeKey = JSON.stringify([provider, scope.environment ?? null, scope.branch ?? null]);
  const entryKey = `${name}\u0000${scopeKey}`;
  const known = mine.listings.get(entryKey);
  if (known?.generation === generation) return known.value;
  const listing = toListing(`${mine.id}:${name}:${generation}:${scopeKey}`, provider, await store.listConsumerTexts(provider, scope));
  if (mayKeep(mine.listings.get(entryKey), generation)) keep(mine, entryKey, { generation, value: listing });
  return listing;
}

let extensions = 0;

/**
 * `listing` with `extra` after its consumers (a hub's callers that declare nothing of it), under a key of its own: a
 * thread keeps it as it keeps the listing, and asks about the hub send its key instead of the callers' texts. Each
 * extension gets a new key, since two asks that share a listing may count different callers.
 */
export function extendListing(listing: ConsumerListing, extra: readonly CountedText[]): ConsumerListing {
  const consumers = [...listing.consumers, ...extra];
  const indexOf = new Map(listing.indexOf);
  const byService = new Map(listing.byService);
  const byKey = new Map(listing.byKey);
  extra.forEach((counted, i) => {
    const place = listing.consumers.length + i;
    indexOf.set(counted, place);
    byService.set(counted.service, [...(byService.get(counted.service) ?? []), place]);
    byKey.set(versionKey(counted.service, counted.version), place);
  });
  const textLength = extra.reduce((sum, counted) => sum + counted.text.length, listing.textLength);
  return { key: `${listing.key}+${++extensions}`, consumers, indexOf, byService, byKey, textLength };
}

/**
 * What `read` gives, read once per generation of `scope` (readGeneration, or `asked`, that generation as the ask read
 * it): for reads of the tables whose writes move it (versions, declarations, branches, deployments) in
 * that scope and nothing else. The value is shared between asks and must not be changed.
 */
export async function keepPerGeneration<T>(
  store: Store,
  scope: ConsumerScope,
  question: string,
  read: (seen: Generation) => Promise<T>,
  asked?: Generation,
): Promise<T> {
  // The ask's generation of the same scope (gatherGateInputs gives it) is not read again.
  const seen = await seenOrRead(store, scope, asked);
  const { name, generation } = seen;
  const mine = keptFor(store);
  const entryKey = `${name}\u0000${question}`;
  const known = mine.reads.get(entryKey);
  if (known?.generation === generation) {
    // Asked again: the last to be dropped, so that a hub asked all day stays kept while one-off questions pass through.
    mine.reads.delete(entryKey);
    mine.reads.set(entryKey, known);
    return known.value as T;
  }
  const value = await read(seen);
  if (mayKeep(mine.reads.get(entryKey), generation)) keepRead(mine, entryKey, { generation, value, weight: weigh(value) + Math.floor(entryKey.length / 256) });
  return value;
}

/** Past the weight kept, the least recently asked questions are dropped (and read again when next asked). */
function keepRead(mine: Kept, entryKey: string, entry: Entry<unknown> & { weight: number }): void {
  const replaced = mine.reads.get(entryKey);
  if (replaced) {
    mine.reads.delete(entryKey);
    mine.readsWeight -= replaced.weight;
  }
  // One heavier than all that may be kept is not kept: it would only push every other out.
  if (entry.weight > mine.maxReadsWeight) return;
  for (const [oldest, dropped] of mine.reads) {
    if (mine.readsWeight + entry.weight <= mine.maxReadsWeight) break;
    mine.reads.delete(oldest);
    mine.readsWeight -= dropped.weight;
  }
  mine.reads.set(entryKey, entry);
  mine.readsWeight += entry.weight;
}

/** One, and one more per version (or entry) a read lists: the gate's counted versions, a map of callers, a list; its key's length too. */
function weigh(value: unknown): number {
  const listed = (value as { deployed?: unknown } | null)?.deployed ?? value;
  return 1 + (Array.isArray(listed) ? listed.length : listed instanceof Map ? listed.size : 0);
}

function keep(mine: Kept, entryKey: string, entry: Entry<ConsumerListing>): void {
  const replaced = mine.listings.get(entryKey);
  if (replaced) {
    mine.listings.delete(entryKey);
    mine.textLength -= replaced.value.textLength;
  }
  // First in, first out: what a full cache drops is read again at the next ask about it.
  for (const [oldest, dropped] of mine.listings) {
    if (mine.textLength + entry.value.textLength <= MAX_TEXT_LENGTH) break;
    mine.listings.delete(oldest);
    mine.textLength -= dropped.value.textLength;
  }
  mine.listings.set(entryKey, entry);
  mine.textLength += entry.value.textLength;
}

// One entry per consumer version, in the store's order; a version listed twice (live twice) declares its uses twice,
// and is live as its last row says.
function toListing(key: string, provider: string, rows: ConsumerUseText[]): ConsumerListing {
  const grouped = new Map<string, { service: string; version: string; live?: LiveKind; uses: string[] }>();
  for (const row of rows) {
    const k = versionKey(row.consumer, row.version);
    const group = grouped.get(k);
    if (!group) grouped.set(k, { service: row.consumer, version: row.version, ...(row.live && { live: row.live }), uses: [row.uses] });
    else {
      group.uses.push(row.uses);
      if (row.live) group.live = row.live;
    }
  }
  const consumers: CountedText[] = [];
  const indexOf = new Map<CountedText, number>();
  const byService = new Map<string, number[]>();
  const byKey = new Map<string, number>();
  let textLength = 0;
  for (const [k, group] of grouped) {
    const counted = writeCountedText(group, provider, group.uses);
    indexOf.set(counted, consumers.length);
    byKey.set(k, consumers.length);
    const places = byService.get(group.service);
    if (places) places.push(consumers.length);
    else byService.set(group.service, [consumers.length]);
    consumers.push(counted);
    textLength += counted.text.length;
  }
  return { key, consumers, indexOf, byService, byKey, textLength };
}

// The same JSON a WireGateVersion stringifies to (declarations of `provider` alone), with each `uses` text put in as stored.
function writeCountedText(ref: { service: string; version: string; live?: LiveKind }, provider: string, uses: string[]): CountedText {
  const consumer = JSON.stringify(ref.service);
  const declarations = uses.map((text) => `{"consumer":${consumer},"provider":${JSON.stringify(provider)},"uses":${text}}`).join(',');
  const live = ref.live ? `,"live":${JSON.stringify(ref.live)}` : '';
  return {
    service: ref.service,
    version: ref.version,
    ...(ref.live && { live: ref.live }),
    text: `{"service":${consumer},"version":${JSON.stringify(ref.version)}${live},"declarations":[${declarations}]}`,
  };
}
