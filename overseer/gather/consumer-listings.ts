// A hub's consumer listing is read once per use generation (store.readUseGeneration), not on every ask: its hundreds of
// rows cost the event loop more than all the gate's other reads. Kept per store object, since a process may open several.

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

interface Kept {
  id: string;
  generation: number;
  listings: Map<string, ConsumerListing>;
  textLength: number;
  /** What one question read besides its listing (keepPerGeneration), by the question. */
  reads: Map<string, unknown>;
}

const kept = new WeakMap<Store, Kept>();
/** Questions whose reads are kept: a few per service and environment. */
const MAX_READS = 4096;

export const versionKey = (service: string, version: string): string => `${service}\u0000${version}`;

// The store's kept reads, emptied when the store reads a newer generation than they were read at.
function keptFor(store: Store, generation: number): Kept {
  let mine = kept.get(store);
  if (!mine) kept.set(store, (mine = { id: randomUUID(), generation, listings: new Map(), textLength: 0, reads: new Map() }));
  if (mine.generation < generation) Object.assign(mine, { generation, listings: new Map(), textLength: 0, reads: new Map() });
  return mine;
}

/**
 * The consumers of `provider` in `scope`, from the store's listing. The generation is read first: a listing read after
 * it is at least that recent, and is kept only while the store still reads the same generation.
 */
export async function readConsumerListing(store: Store, provider: string, scope: ConsumerScope): Promise<ConsumerListing> {
  const generation = await store.readUseGeneration();
  const mine = keptFor(store, generation);
  const scopeKey = JSON.stringify([provider, scope.environment ?? null, scope.branch ?? null]);
  const known = mine.generation === generation ? mine.listings.get(scopeKey) : undefined;
  if (known) return known;
  const listing = toListing(`${mine.id}:${generation}:${scopeKey}`, provider, await store.listConsumerTexts(provider, scope));
  // Another ask may have seen a newer generation meanwhile: a listing of an older one is used once, not kept.
  if (mine.generation === generation) keep(mine, scopeKey, listing);
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
 * What `read` gives, read once per use generation: for reads of the tables whose writes move it (versions,
 * declarations, branches, deployments) and nothing else. The value is shared between asks and must not be changed.
 */
export async function keepPerGeneration<T>(store: Store, question: string, read: () => Promise<T>): Promise<T> {
  const generation = await store.readUseGeneration();
  const mine = keptFor(store, generation);
  if (mine.generation === generation && mine.reads.has(question)) return mine.reads.get(question) as T;
  const value = await read();
  if (mine.generation === generation) {
    if (mine.reads.size >= MAX_READS) mine.reads.delete(mine.reads.keys().next().value as string);
    mine.reads.set(question, value);
  }
  return value;
}

function keep(mine: Kept, scopeKey: string, listing: ConsumerListing): void {
  // First in, first out: what a full cache drops is read again at the next ask about it.
  for (const [oldest, dropped] of mine.listings) {
    if (mine.textLength + listing.textLength <= MAX_TEXT_LENGTH) break;
    mine.listings.delete(oldest);
    mine.textLength -= dropped.textLength;
  }
  mine.listings.set(scopeKey, listing);
  mine.textLength += listing.textLength;
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
