// Settings of observed usage, read once from the environment: the window, the gate's policy, the bounds on what callers send, flushing.

import { USAGE_POLICIES, type UsagePolicy } from '../../contracts/index.js';

export interface ObserveConfig {
  /** Calls last seen longer ago than this are forgotten and no longer count (OVERSEER_USAGE_WINDOW_DAYS, default 30). */
  windowDays: number;
  /** Which uses the gate counts (OVERSEER_USAGE, default both). */
  policy: UsagePolicy;
  /** Largest OTLP export accepted, in bytes (OVERSEER_MAX_TELEMETRY_BYTES, default 8 MiB). */
  maxBodyBytes: number;
  /** How often aggregated counts are written to the store, in ms (OVERSEER_USAGE_FLUSH_MS, default 2000). */
  flushMs: number;
  /** OTLP exports decoded at once, whatever the threads (OVERSEER_INGEST_DECODES, default 1): each may take hundreds of MB at worst. */
  ingestDecodes: number;
  /** OTLP exports read and waiting for a decode; one more is answered 503 with Retry-After before its body is read (OVERSEER_INGEST_QUEUE, default 8). */
  ingestQueue: number;
  /** Distinct callers kept per provider and environment; a new one past it is refused unless it is a registered service, counted in the partial success (OVERSEER_MAX_OBSERVED_CONSUMERS, default 2000). */
  maxConsumers: number;
  /** Counts kept in memory while the store refuses their write; past it the oldest are dropped (OVERSEER_MAX_UNWRITTEN_CALLS, default 100000). */
  maxUnwritten: number;
}

export const DEFAULT_OBSERVE: ObserveConfig = {
  windowDays: 30,
  policy: 'both',
  maxBodyBytes: 8 * 1024 * 1024,
  flushMs: 2000,
  ingestDecodes: 1,
  ingestQueue: 8,
  maxConsumers: 2000,
  maxUnwritten: 100_000,
};

function readWhole(
  env: Record<string, string | undefined>,
  name: string,
  fallback: number,
  fail: (m: string) => Error,
  most = Number.MAX_SAFE_INTEGER,
): number {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || !Number.isSafeInteger(n)) throw fail(`${name} must be a whole number of at least 1, got "${value}"`);
  if (n > most) throw fail(`${name} must be at most ${most}, got "${value}"`);
  return n;
}

/**
 * A hundred years: "keep every call" is written as a very large window, and one past what a date can hold (about
 * 274,000 years back) made every start, ingest and gate fail with an internal `Invalid time value`.
 */
const MAX_WINDOW_DAYS = 36_500;

export function parseObserveConfig(env: Record<string, string | undefined>, fail: (message: string) => Error): ObserveConfig {
  const policy = env.OVERSEER_USAGE || DEFAULT_OBSERVE.policy;
  if (!(USAGE_POLICIES as readonly string[]).includes(policy)) throw fail(`OVERSEER_USAGE must be one of ${USAGE_POLICIES.join(', ')}, got "${policy}"`);
  return {
    windowDays: readWhole(env, 'OVERSEER_USAGE_WINDOW_DAYS', DEFAULT_OBSERVE.windowDays, fail, MAX_WINDOW_DAYS),
    policy: policy as UsagePolicy,
    maxBodyBytes: readWhole(env, 'OVERSEER_MAX_TELEMETRY_BYTES', DEFAULT_OBSERVE.maxBodyBytes, fail),
    flushMs: readWhole(env, 'OVERSEER_USAGE_FLUSH_MS', DEFAULT_OBSERVE.flushMs, fail),
    ingestDecodes: readWhole(env, 'OVERSEER_INGEST_DECODES', DEFAULT_OBSERVE.ingestDecodes, fail),
    ingestQueue: readWhole(env, 'OVERSEER_INGEST_QUEUE', DEFAULT_OBSERVE.ingestQueue, fail),
    maxConsumers: readWhole(env, 'OVERSEER_MAX_OBSERVED_CONSUMERS', DEFAULT_OBSERVE.maxConsumers, fail),
    maxUnwritten: readWhole(env, 'OVERSEER_MAX_UNWRITTEN_CALLS', DEFAULT_OBSERVE.maxUnwritten, fail),
  };
}

/** The start of the window: calls last seen before this no longer count. */
export function windowStart(config: Pick<ObserveConfig, 'windowDays'>, now = Date.now()): string {
  return new Date(now - config.windowDays * 24 * 60 * 60 * 1000).toISOString();
}
