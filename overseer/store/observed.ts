// Observed usage as the store keeps it: calls seen in traces, aggregated per consumer, provider, operation and environment.

import { addCallCounts, type ObservedCall } from '../../contracts/index.js';

/**
 * A batch of calls for one key; the store adds `count` and widens the first/last seen times. The wire's ObservedCall:
 * the aggregator hands the store what the traces gave, and the usage API sends back what the store keeps.
 */
export type ObservedCallInput = ObservedCall;

/** A stored row as the wire has it: `''`, the column's value for a call that named no version, is no version. */
export function readObservedRow({ consumerVersion, ...call }: ObservedCall & { consumerVersion: string }): ObservedCallRecord {
  return consumerVersion === '' ? call : { ...call, consumerVersion };
}

export type ObservedCallRecord = ObservedCallInput;

export interface ObservedCallQuery {
  consumer?: string;
  provider?: string;
  /** Calls this service made or was made: its consumer or its provider (a leaf's gate reads both ways at once). */
  party?: string;
  environment?: string;
  /** Only calls last seen at or after this ISO time (the window). */
  since?: string;
}

/**
 * Adds a call to a batch kept by key, the way the store adds it to a row: counts add up, first and last seen widen.
 * The aggregator batches a flush with it and PostgreSQL a write (an upsert may touch a row once).
 */
export function mergeObservedCall(byKey: Map<string, ObservedCallInput>, call: ObservedCallInput): void {
  const key = [call.consumer, call.provider, call.operation, call.environment, call.consumerVersion ?? ''].join('\u0000');
  const seen = byKey.get(key);
  if (!seen) byKey.set(key, { ...call });
  else {
    seen.count = addCallCounts(seen.count, call.count);
    if (call.firstSeen < seen.firstSeen) seen.firstSeen = call.firstSeen;
    if (call.lastSeen > seen.lastSeen) seen.lastSeen = call.lastSeen;
  }
}

/**
 * How a batch is written: new callers of a provider and environment past `maxConsumers` are refused, never stored, unless
 * they are registered services (pod names filling the bound must not keep a real consumer's calls from the gate).
 */
export interface ObservedWriteOptions {
  maxConsumers?: number;
}

/** What a write left out: calls of callers new to their provider and environment once it had `maxConsumers` of them. */
export interface ObservedWriteResult {
  refused: number;
}

export const pairKeyOf = (call: Pick<ObservedCallInput, 'provider' | 'environment'>) => `${call.provider}\u0000${call.environment}`;
export const callerKeyOf = (call: Pick<ObservedCallInput, 'consumer' | 'provider' | 'environment'>) =>
  `${call.consumer}\u0000${call.provider}\u0000${call.environment}`;

/** The providers and environments of a batch that name a caller the store does not hold for them: only those are counted. */
export function pairsWithNewCallers(calls: readonly ObservedCallInput[], stored: ReadonlySet<string>): { provider: string; environment: string }[] {
  const pairs = new Map<string, { provider: string; environment: string }>();
  for (const call of calls) if (!stored.has(callerKeyOf(call))) pairs.set(pairKeyOf(call), { provider: call.provider, environment: call.environment });
  return [...pairs.values()];
}

/**
 * The calls a store writes: those of callers it holds (a registered service counts as held: the bound is on names no
 * service is published under, which a misconfigured SDK makes up by the pod), and of new callers while their provider
 * and environment have room. One made-up `service.name` per span would otherwise add a row per name, read by every gate
 * and usage answer.
 */
export function boundCallers(
  calls: readonly ObservedCallInput[],
  stored: ReadonlySet<string>,
  counts: ReadonlyMap<string, number>,
  maxConsumers: number,
): { kept: ObservedCallInput[]; refused: number } {
  const admitted = new Set(stored);
  const held = new Map(counts);
  const kept: ObservedCallInput[] = [];
  let refused = 0;
  for (const call of calls) {
    const key = callerKeyOf(call);
    if (!admitted.has(key)) {
      const pair = pairKeyOf(call);
      const count = held.get(pair) ?? 0;
      if (count >= maxConsumers) {
        refused++;
        continue;
      }
      held.set(pair, count + 1);
      admitted.add(key);
    }
    kept.push(call);
  }
  return { kept, refused };
}
