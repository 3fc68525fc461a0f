// A write sent with an Idempotency-Key is remembered with its answer (migration 25): sent again after its answer was
// lost, it is given that answer rather than done twice; the key sent with another body is refused. Both stores keep
// the keys by these rules, so a replica of either answers a repeat the same way. A key belongs to the token that sent it
// and the route it was sent to: the same key from another token is another write.

import { createHash } from 'node:crypto';
import { StoreError } from './errors.js';

/** How long a key is remembered: far past any client's retry window (the CLI's OVERSEER_RETRY_MS is seconds). */
const WRITE_KEY_KEEP_MS = 24 * 60 * 60 * 1000;
/** How many keys are kept at most, the oldest forgotten first: a flood of keyed writes cannot grow the table without end. */
const WRITE_KEYS_KEPT = 10_000;

/**
 * What a store keeps its write keys by, each defaulted: the count (a day's worth of keys is only known by waiting a
 * day, so a test sets a few) and the clock a key is stamped and aged by (the store's own: a test moves one of its own).
 */
export interface WriteKeyOptions {
  kept?: number;
  /** The time now, as an ISO string. */
  clock?: () => string;
}

/** The bounds with their defaults filled in. */
export function writeKeyBounds(options: WriteKeyOptions = {}): { kept: number; clock?: () => string } {
  const kept = options.kept === undefined || !Number.isFinite(options.kept) ? WRITE_KEYS_KEPT : Math.max(1, Math.floor(options.kept));
  return { kept, ...(options.clock && { clock: options.clock }) };
}

/** The key a write was sent with, what it is kept under, and what identifies that write (its route and body). */
export interface WriteKey {
  /** The key as sent: what a refusal names. */
  key: string;
  /**
   * What the key is kept under: the writer's and the route's with it (a hash of the three). A key is the writer's own: a
   * key another token sent (copied from a log, or drawn alike) is another write, never told this one's answer or refused.
   */
  scoped: string;
  fingerprint: string;
}

/** Who sent a keyed write (the SHA-256 of its bearer token, or `anonymous`), where, and what. */
interface KeyedWrite {
  writer: string;
  route: string;
  body: unknown;
}

/** The write's key, from its Idempotency-Key header (its shape checked by the route's schema), with what identifies it. */
export function writeKeyOf(header: unknown, { writer, route, body }: KeyedWrite): WriteKey | undefined {
  if (typeof header !== 'string') return undefined;
  const scoped = createHash('sha256')
    .update(JSON.stringify([writer, route, header]), 'utf8')
    .digest('hex');
  return { key: header, scoped, fingerprint: fingerprintWrite(route, body) };
}

/** What identifies a write: the same route and the same body, whatever the order of its fields. */
function fingerprintWrite(route: string, body: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify([route, sortKeys(body)]), 'utf8')
    .digest('hex');
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((name) => [name, sortKeys((value as Record<string, unknown>)[name])]),
  );
}

/** A kept key's row, as both stores read it. */
export interface KeptWrite {
  fingerprint: string;
  answer: string;
  createdAt: string;
}

/**
 * The answer remembered for the key, parsed, or undefined when the key is new or older than a day at `now` (a key
 * outlives its day until the next keyed write forgets it: it counts as forgotten all the same). The same key with
 * another write is refused: a client that reuses its keys would otherwise be told another write's answer as its own.
 */
export function readRemembered<T>(written: WriteKey, stored: KeptWrite | undefined, now: string): T | undefined {
  if (stored === undefined || Date.parse(stored.createdAt) < Date.parse(writeKeyCutoff(now))) return undefined;
  if (stored.fingerprint !== written.fingerprint) throw keyReused(written.key);
  return JSON.parse(stored.answer) as T;
}

export function keyReused(key: string): StoreError {
  return new StoreError(
    'ERR_IDEMPOTENCY_KEY_REUSED',
    `the Idempotency-Key ${key} was sent before with another request: a key names one write; send this one with a new key`,
    { key },
  );
}

/** The oldest time a kept key may have been written at, before `now` (an ISO time). */
export function writeKeyCutoff(now: string): string {
  return new Date(Date.parse(now) - WRITE_KEY_KEEP_MS).toISOString();
}
