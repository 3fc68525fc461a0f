// Asks /healthz every few milliseconds from a thread of its own and keeps when each ask started and how long it took,
// so the bench can tell which answers were held up while one dashboard page was built (dashboard-stalls.ts).
import { parentPort, workerData } from 'node:worker_threads';

const { url, intervalMs } = workerData as { url: string; intervalMs: number };
let running = true;
parentPort?.on('message', () => {
  running = false;
});

// [start, duration] pairs, the start on the wall clock shared by both threads (performance.timeOrigin + now).
const asks: [number, number][] = [];
while (running) {
  const started = performance.now();
  try {
    const answer = await fetch(new URL('/healthz', url), { signal: AbortSignal.timeout(10_000) });
    await answer.arrayBuffer();
  } catch {
    // A failed ask counts with the time it took, as a slow one.
  }
  asks.push([performance.timeOrigin + started, performance.now() - started]);
  if (asks.length === 3) parentPort?.postMessage('ready');
  await new Promise((resolve) => setTimeout(resolve, intervalMs));
}
parentPort?.postMessage(asks);
