// Calls seen but not yet written, read with the store's: while the store refuses writes of observed calls (a full disk,
// a locked table) the gate still counts every call the registry took, instead of answering 500 to every question.

import type { ObservedCall } from '../../contracts/index.js';
import { mergeObservedCall, type ObservedCallQuery } from '../store/observed.js';

/**
 * Writes what waits (`flush`), and gives back nothing when it is written; when the write fails, what still waits,
 * kept by the aggregator for the next flush: the failure was told once already (the observer's onError).
 */
export async function flushOrKeep(flush: () => Promise<void>, unwritten: () => readonly ObservedCall[]): Promise<readonly ObservedCall[]> {
  try {
    await flush();
    return [];
  } catch {
    return unwritten();
  }
}

/** The store's rows with the unwritten calls the query asks for added, as the store adds them when it writes them. */
export function addUnwritten(stored: ObservedCall[], unwritten: readonly ObservedCall[], query: ObservedCallQuery): ObservedCall[] {
  const asked = unwritten.filter(
    (c) =>
      (query.consumer === undefined || c.consumer === query.consumer) &&
      (query.provider === undefined || c.provider === query.provider) &&
      (query.party === undefined || c.consumer === query.party || c.provider === query.party) &&
      (query.environment === undefined || c.environment === query.environment) &&
      (query.since === undefined || c.lastSeen >= query.since),
  );
  if (asked.length === 0) return stored;
  const byKey = new Map<string, ObservedCall>();
  for (const call of [...stored, ...asked]) mergeObservedCall(byKey, call);
  // In the store's order, so that the same calls read the same whether written yet or not.
  const order = (c: ObservedCall) => [c.consumer, c.provider, c.operation, c.environment, c.consumerVersion ?? ''].join('\u0000');
  return [...byKey.values()].sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
}
