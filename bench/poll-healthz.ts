// How a bench watches the registry's event loop while it loads it: /healthz asked from a thread of its own
// (healthz-poller.ts), every answer's start and duration handed back when the bench stops it.
import { Worker } from 'node:worker_threads';

interface HealthzAsks {
  /** [start on the wall clock (performance.timeOrigin + now), duration] of each ask, ms, in order. */
  asks: [number, number][];
  failed: number;
}

interface HealthzPoll {
  /** Settles once the first asks are answered (the poller's connection is open). */
  ready: Promise<void>;
  stop(): Promise<HealthzAsks>;
}

export function pollHealthz(url: string, intervalMs: number): HealthzPoll {
  const poller = new Worker(new URL('./healthz-poller.js', import.meta.url), { workerData: { url, intervalMs } });
  let markReady = () => {};
  let failReady = (_error: unknown) => {};
  const ready = new Promise<void>((resolve, reject) => ((markReady = resolve), (failReady = reject)));
  // A bench that never waits for `ready` must not die of its rejection: stop() reports the failure.
  ready.catch(() => {});
  const done = new Promise<HealthzAsks>((resolve, reject) => {
    poller.on('message', (message: { ready?: true } | HealthzAsks) => ('asks' in message ? resolve(message) : markReady()));
    poller.once('error', (error) => {
      failReady(error);
      reject(error);
    });
  });
  return {
    ready,
    async stop() {
      poller.postMessage('stop');
      const result = await done;
      await poller.terminate();
      return result;
    },
  };
}

/** The durations alone, shortest first. */
export const sortedDurations = ({ asks }: HealthzAsks): number[] => asks.map(([, ms]) => ms).sort((a, b) => a - b);
