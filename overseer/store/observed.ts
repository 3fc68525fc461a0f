// Observed usage as the store keeps it: calls seen in traces, aggregated per consumer, provider, operation and environment.

import type { ObservedCall } from '../../contracts/index.js';

/**
 * A batch of calls for one key; the store adds `count` and widens the first/last seen times. The wire's ObservedCall:
 * the aggregator hands the store what the traces gave, and the usage API sends back what the store keeps.
 */
export type ObservedCallInput = ObservedCall;

export type ObservedCallRecord = ObservedCallInput;

export interface ObservedCallQuery {
  consumer?: string;
  provider?: string;
  environment?: string;
  /** Only calls last seen at or after this ISO time (the window). */
  since?: string;
}

/**
 * Adds a call to a batch kept by key, the way the store adds it to a row: counts add up, first and last seen widen.
 * The aggregator batches a flush with it and PostgreSQL a write (an upsert may touch a row once).
 */
export function mergeObservedCall(byKey: Map<string, ObservedCallInput>, call: ObservedCallInput): void {
  const key = [call.consumer, call.provider, call.operation, call.environment].join('\u0000');
  const seen = byKey.get(key);
  if (!seen) byKey.set(key, { ...call });
  else {
    seen.count += call.count;
    if (call.firstSeen < seen.firstSeen) seen.firstSeen = call.firstSeen;
    if (call.lastSeen > seen.lastSeen) seen.lastSeen = call.lastSeen;
  }
}
