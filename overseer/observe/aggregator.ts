// Observed calls counted in memory and written in batches: one store write per key per flush, however many spans.

import type { ObservedCall } from '../../contracts/index.js';
import { mergeObservedCall } from '../store/observed.js';
import type { Store } from '../store/store.js';

export interface Aggregator {
  add(calls: readonly ObservedCall[]): void;
  /** Writes what is pending; concurrent calls share one write. */
  flush(): Promise<void>;
  /** Keys waiting for the next flush. */
  readonly pending: number;
  /** The calls waiting for the next flush: those a failed write took back and those added since. */
  unwritten(): readonly ObservedCall[];
  /** What happened to counts that did not reach the store, since the start. */
  readonly losses: AggregatorLosses;
  /**
   * Flushes what is left and stops the timer. A store that refuses that last write does not fail the stop (the registry
   * must still close): the keys it held are lost, counted as dropped, and given back with the refusal.
   */
  stop(): Promise<StopLoss | undefined>;
}

/** What a stop could not write: the process ends, so these counts are gone. */
export interface StopLoss {
  lost: number;
  error: unknown;
}

export interface AggregatorLosses {
  /** Keys dropped, oldest first, while the store refused writes and more than `maxUnwritten` waited. */
  dropped: number;
  /** Calls the store refused: their caller was new to a provider and environment that had `maxConsumers` already. */
  refused: number;
}

interface AggregatorOptions {
  store: Store;
  flushMs: number;
  /** A flush starts early once this many keys wait. */
  maxPending?: number;
  /** Keys kept while the store refuses writes; past it the oldest go (OVERSEER_MAX_UNWRITTEN_CALLS). */
  maxUnwritten?: number;
  /** Passed to every write: new callers past it are refused by the store (OVERSEER_MAX_OBSERVED_CONSUMERS). */
  maxConsumers?: number;
  /** Told of the first failed write after a good one, not of each retry: a store down for an hour is one line. */
  onError?: (error: unknown) => void;
  /** Told when keys are first dropped in a run of failed writes, with how many were dropped so far. */
  onDropped?: (dropped: number) => void;
  /** Told after each batch the store took: what was read of it before is out of date. */
  onWritten?: () => void;
}

export function createAggregator(options: AggregatorOptions): Aggregator {
  const { store, flushMs, maxPending = 10_000, maxUnwritten = 100_000, onError = () => {}, onDropped = () => {}, onWritten = () => {} } = options;
  const write = options.maxConsumers === undefined ? {} : { maxConsumers: options.maxConsumers };
  let batch = new Map<string, ObservedCall>();
  let writing: Promise<void> | undefined;
  const losses: AggregatorLosses = { dropped: 0, refused: 0 };
  let failing = false;
  let droppedInRun = false;
  // The last write's refusal is said by whoever stops (the counts are lost, not kept): not as a failure to retry.
  let stopping = false;
  const timer = setInterval(() => void flush().catch(() => {}), flushMs);
  timer.unref();

  function add(calls: readonly ObservedCall[]): void {
    for (const call of calls) mergeObservedCall(batch, call);
    if (batch.size >= maxPending && !failing) void flush().catch(() => {});
  }

  /** The counts a failed write took back, ahead of those added meanwhile (they are older), the oldest dropped past the bound. */
  function keep(taken: readonly ObservedCall[]): void {
    const meanwhile = batch;
    batch = new Map();
    for (const call of taken) mergeObservedCall(batch, call);
    for (const call of meanwhile.values()) mergeObservedCall(batch, call);
    let dropped = 0;
    for (const key of batch.keys()) {
      if (batch.size <= maxUnwritten) break;
      batch.delete(key);
      dropped++;
    }
    if (dropped === 0) return;
    losses.dropped += dropped;
    if (!droppedInRun && !stopping) onDropped(losses.dropped);
    droppedInRun = true;
  }

  async function writeAll(): Promise<void> {
    while (batch.size > 0) {
      const taken = [...batch.values()];
      batch = new Map();
      try {
        const { refused } = await store.recordObservedCalls(taken, write);
        losses.refused += refused;
      } catch (error) {
        // Counts are kept for the next flush rather than lost with a busy store, up to the bound.
        keep(taken);
        if (!failing && !stopping) onError(error);
        failing = true;
        throw error;
      }
      failing = false;
      droppedInRun = false;
      onWritten();
    }
  }

  function flush(): Promise<void> {
    writing ??= writeAll().finally(() => (writing = undefined));
    return writing;
  }

  return {
    add,
    flush,
    get pending() {
      return batch.size;
    },
    unwritten: () => [...batch.values()],
    losses,
    async stop() {
      clearInterval(timer);
      await writing?.catch(() => {});
      stopping = true;
      const before = losses.dropped;
      try {
        await flush();
        return undefined;
      } catch (error) {
        losses.dropped += batch.size;
        batch = new Map();
        return { lost: losses.dropped - before, error };
      }
    },
  };
}
