// A write sent with an Idempotency-Key is remembered with its answer (migration 25): sent again after its answer was
// lost, it is given that answer rather than done twice; the key sent with another body is refused. Both stores keep
// the keys by these rules, so a replica of either answers a repeat the same way.

import { createHash } from 'node:crypto';
import { StoreError } from './errors.js';

/** How long a key is remembered: far past any client's retry window (the CLI's OVERSEER_RETRY_MS is seconds). */
const WRITE_KEY_KEEP_MS = 24 * 60 * 60 * 1000;
/** How many keys are kept at most, the oldest forgotten first: a flood of keyed writes cannot grow the table without end. */
export const WRITE_KEYS_KEPT = 10_000;

/** The key a write was sent with, and what identifies that write (its route and body). */
export interface WriteKey {
  key: string;
  fingerprint: string;
}

/** What identifies a write: the same route and the same body, whatever the order of its fields. */
export function fingerprintWrite(route: string, body: unknown): string {
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

/**
 * The answer remembered for the key, parsed, or undefined when the key is new. The same key with another write is
 * refused: a client that reuses its keys would otherwise be told another write's answer as its own.
 */
export function readRemembered<T>(written: WriteKey, stored: { fingerprint: string; answer: string } | undefined): T | undefined {
  if (stored === undefined) return undefined;
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
