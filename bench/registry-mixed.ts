// The registry under a mix: 100 connections asking can-i-deploy of the hub services (the most consumers to judge),
// 4 MB publications arriving one after another meanwhile, and /healthz timed every 20 ms all along.
import { performance } from 'node:perf_hooks';
import { LARGE_SERVICE } from './registry-large.js';
import { autocannon, type LoadRun, toLoadRun } from './registry-load.js';
import type { SeededRegistry } from './registry-seed.js';

export interface MixedResult {
  connections: number;
  duration: number;
  gate: LoadRun;
  /** Client-side times of the 4 MB publications, and how many were not answered 2xx (503 ERR_BUSY included). */
  publishMs: number[];
  publishFailed: number;
  healthz: { samples: number; p50: number; p99: number; max: number; failed: number };
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0);
}

async function publishWhile(url: string, text: string, running: () => boolean, out: Pick<MixedResult, 'publishMs' | 'publishFailed'>): Promise<void> {
  for (let n = 0; running(); n++) {
    const body = JSON.stringify({ version: `2024.1.${n}`, contract: `x-overseer-mixed-run: ${n}\n${text}`, contractFile: 'stripe.yaml' });
    const started = performance.now();
    const answer = await fetch(new URL(`/v1/services/${LARGE_SERVICE}/versions`, url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    await answer.arrayBuffer();
    out.publishMs.push(performance.now() - started);
    if (!answer.ok) out.publishFailed++;
  }
}

async function pollHealth(url: string, running: () => boolean): Promise<MixedResult['healthz']> {
  const times: number[] = [];
  let failed = 0;
  while (running()) {
    const started = performance.now();
    try {
      const answer = await fetch(new URL('/healthz', url), { signal: AbortSignal.timeout(10_000) });
      await answer.arrayBuffer();
      if (!answer.ok) failed++;
    } catch {
      failed++;
    }
    times.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  times.sort((a, b) => a - b);
  return { samples: times.length, p50: percentile(times, 50), p99: percentile(times, 99), max: times.at(-1) ?? 0, failed };
}

export async function measureMixed(
  url: string,
  seeded: SeededRegistry,
  text: string,
  options: { connections: number; duration: number },
): Promise<MixedResult> {
  let running = true;
  const publishing = { publishMs: [] as number[], publishFailed: 0 };
  const health = pollHealth(url, () => running);
  const publishes = publishWhile(url, text, () => running, publishing);
  let n = 0;
  const gate = await autocannon({
    url,
    ...options,
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => ({
          ...request,
          path: `/v1/can-i-deploy?service=${seeded.hubs[n++ % seeded.hubs.length]}&version=1.1.0&environment=production`,
        }),
      },
    ],
  });
  running = false;
  await publishes;
  return { ...options, gate: toLoadRun(gate), ...publishing, healthz: await health };
}
