// An exporter is answered once its spans are matched and their callers admitted: whether a counted span repeats one
// counted before (nested-calls.ts) is a round trip to the store that the answer need not wait for. Reads of calls and a
// stop wait for what is still settling, so that a verdict sees every span answered and a stop writes them all.

/**
 * Settled at once past it, the answer waiting: while the store is slower than the exports come, the exporters wait as
 * they did, and the counts held in memory stay bounded (a few exports' calls).
 */
const MAX_SETTLING = 8;

interface Settling {
  /** Starts `count`; resolves at once, or when it is done if MAX_SETTLING are already under way. */
  start(count: () => Promise<void>): Promise<void>;
  /** Resolves when every count started before it is done. */
  settled(): Promise<void>;
}

/** `count` never rejects: each catches its own failure (what it cannot settle it counts as it is). */
export function createSettling(): Settling {
  const under = new Set<Promise<void>>();
  return {
    start(count) {
      const done = count();
      under.add(done);
      void done.finally(() => under.delete(done));
      return under.size > MAX_SETTLING ? done : Promise.resolve();
    },
    async settled() {
      await Promise.all([...under]);
    },
  };
}
