// The thread behind poll-healthz.ts: asks /healthz every few milliseconds, away from the bench's main thread, where
// autocannon's connections, the bodies being built and the bench's own pauses would be counted as the registry's.
import { parentPort, workerData } from 'node:worker_threads';

const { url, intervalMs } = workerData as { url: string; intervalMs: number };
let running = true;
parentPort?.once('message', () => {
  running = false;
});

// [start, duration] pairs, the start on the wall clock shared by both threads (performance.timeOrigin + now).
const asks: [number, number][] = [];
let failed = 0;
while (running) {
  const started = performance.now();
  try {
    const answer = await fetch(new URL('/healthz', url), { signal: AbortSignal.timeout(10_000) });
    await answer.arrayBuffer();
    if (!answer.ok) failed++;
  } catch {
    // A failed ask counts with the time it took, as a slow one.
    failed++;
  }
  asks.push([performance.timeOrigin + started, performance.now() - started]);
  // The first asks open the connection: a bench that times one request waits for them.
  if (asks.length === 3) parentPort?.postMessage({ ready: true });
  await new Promise((resolve) => setTimeout(resolve, intervalMs));
}
parentPort?.postMessage({ asks, failed });
