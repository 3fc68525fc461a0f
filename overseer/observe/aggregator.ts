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
  /** Flushes what is left and stops the timer. */
  stop(): Promise<void>;
}

export interface AggregatorOptions {
  store: Store;
  flushMs: number;
  /** A flush starts early once this many keys wait. */
  maxPending?: number;
  onError?: (error: unknown) => void;
  /** Told after each batch the store took: what was read of it before is out of date. */
  onWritten?: () => void;
}

export function createAggregator({ store, flushMs, maxPending = 10_000, onError = () => {}, onWritten = () => {} }: AggregatorOptions): Aggregator {
  let batch = new Map<string, ObservedCall>();
  let writing: Promise<void> | undefined;
  const timer = setInterval(() => void flush().catch(onError), flushMs);
  timer.unref();

  function add(calls: readonly ObservedCall[]): void {
    for (const call of calls) mergeObservedCall(batch, call);
    if (batch.size >= maxPending) void flush().catch(onError);
  }

  async function write(): Promise<void> {
    while (batch.size > 0) {
      const taken = [...batch.values()];
      batch = new Map();
      try {
        await store.recordObservedCalls(taken);
      } catch (error) {
        // Counts are kept for the next flush rather than lost with a busy store.
        add(taken);
        throw error;
      }
      onWritten();
    }
  }

  function flush(): Promise<void> {
    writing ??= write().finally(() => (writing = undefined));
    return writing;
  }

  return {
    add,
    flush,
    get pending() {
      return batch.size;
    },
    async stop() {
      clearInterval(timer);
      await writing?.catch(() => {});
      await flush();
    },
  };
}
