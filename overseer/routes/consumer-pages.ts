// Where a page of a provider's consumers starts: a cursor names the consumer version and how many of its uses earlier
// pages listed, so that one consumer of 100,000 uses is sent a page at a time, never built whole on the event loop.

import { randomUUID } from 'node:crypto';
import { ApiError } from '../errors.js';
import type { ConsumerEntry, ConsumerScope, Store } from '../store/store.js';
import { pageCursor } from './schemas.js';

/** A page's place in the listing: the consumer version it starts in and the uses of it already listed. */
interface UseCursor {
  consumer: string;
  version: string;
  offset: number;
  /** The entry's place when the cursor was written: a consumer version live twice is listed twice, alike. */
  index: number;
}

/** Uses per page: a page of 1,000 is ~40 KB of JSON; 5,000 at most keeps each answer a few milliseconds of the loop. */
export const USE_LIMIT = { type: 'integer', minimum: 1, maximum: 5000, default: 1000 } as const;

export const USE_CURSOR = pageCursor(600);

export function writeUseCursor(cursor: UseCursor): string {
  return Buffer.from(JSON.stringify([cursor.consumer, cursor.version, cursor.offset, cursor.index]), 'utf8').toString('base64url');
}

export function readUseCursor(text: string): UseCursor {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  if (!Array.isArray(value) || value.length !== 4) throw notOurs();
  const [consumer, version, offset, index] = value;
  if (typeof consumer !== 'string' || typeof version !== 'string' || !isPlace(offset) || !isPlace(index)) throw notOurs();
  return { consumer, version, offset, index };
}

function isPlace(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

function notOurs(): ApiError {
  return new ApiError('ERR_REQUEST_INVALID', 'invalid request: querystring/cursor is not a cursor this registry gave: send the `next` of the page before');
}

/**
 * Where the cursor's page starts among the entries (by consumer, then version, as the store lists them): at its
 * consumer version, or, when that is gone since (a redeployment), after that consumer's other versions.
 */
export function findPageStart(entries: readonly { consumer: string; version: string }[], cursor: UseCursor | undefined): { index: number; offset: number } {
  if (!cursor) return { index: 0, offset: 0 };
  const there = entries[cursor.index];
  if (there?.consumer === cursor.consumer && there.version === cursor.version) return { index: cursor.index, offset: cursor.offset };
  const same = entries.findIndex((e) => e.consumer === cursor.consumer && e.version === cursor.version);
  if (same !== -1) return { index: same, offset: cursor.offset };
  const after = entries.findIndex((e) => e.consumer > cursor.consumer);
  return { index: after === -1 ? entries.length : after, offset: 0 };
}

/** A provider's consumers in a scope as of one store generation; `key` names its texts for the workers (paged-uses.ts). */
interface KeptEntries {
  key: string;
  entries: readonly ConsumerEntry[];
}

/** Entries kept per store, listings of generations gone leaving first: a few hubs' listings of 100,000 consumers. */
const MAX_KEPT_ENTRIES = 500_000;

const keptByStore = new WeakMap<Store, { id: string; listings: Map<string, KeptEntries>; count: number }>();

/**
 * The listing's consumer versions, read from the store once per scope generation (store.readScopeGeneration) and
 * without their uses: a page reads the texts of its own entries alone, and only when a worker lacks them.
 */
export async function readKeptEntries(store: Store, provider: string, scope: ConsumerScope): Promise<KeptEntries> {
  const generation = await store.readScopeGeneration(scope);
  let mine = keptByStore.get(store);
  if (!mine) keptByStore.set(store, (mine = { id: randomUUID(), listings: new Map(), count: 0 }));
  const key = `${mine.id}:${JSON.stringify([provider, scope.environment ?? null, scope.branch ?? null, generation])}`;
  const known = mine.listings.get(key);
  if (known) return known;
  const entries = await store.listConsumerEntries(provider, scope);
  // First in, first out: a listing of a generation gone is not asked for again and leaves first.
  for (const [oldest, dropped] of mine.listings) {
    if (mine.count + entries.length <= MAX_KEPT_ENTRIES) break;
    mine.listings.delete(oldest);
    mine.count -= dropped.entries.length;
  }
  const kept = { key, entries };
  mine.listings.set(key, kept);
  mine.count += entries.length;
  return kept;
}
