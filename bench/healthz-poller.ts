// Times /healthz every 20 ms from a thread of its own: on the bench's main thread, autocannon's 100 connections and
// the 4 MB bodies being built there delayed the probe, and the bench's own pauses were counted as the registry's.
import { parentPort, workerData } from 'node:worker_threads';

const { url, intervalMs } = workerData as { url: string; intervalMs: number };
let running = true;
parentPort?.once('message', () => {
  running = false;
});

const times: number[] = [];
let failed = 0;
while (running) {
  const started = performance.now();
  try {
    const answer = await fetch(new URL('/healthz', url), { signal: AbortSignal.timeout(10_000) });
    await answer.arrayBuffer();
    if (!answer.ok) failed++;
  } catch {
    failed++;
  }
  times.push(performance.now() - started);
  await new Promise((resolve) => setTimeout(resolve, intervalMs));
}
parentPort?.postMessage({ times, failed });
