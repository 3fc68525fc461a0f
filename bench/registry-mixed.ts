// The registry under a mix: 100 connections asking can-i-deploy of the hub services (the most consumers to judge),
// 4 MB publications arriving one after another meanwhile, and /healthz timed every 20 ms all along (from a thread of its own).
import { performance } from 'node:perf_hooks';
import { pollHealthz, sortedDurations } from './poll-healthz.js';
import { LARGE_SERVICE } from './registry-large.js';
import { askCanIDeploy, autocannon, type LoadRun, toLoadRun } from './registry-load.js';
import type { SeededRegistry } from './registry-seed.js';

/** Answers by what a client saw: the status, and for a failure the body's error code (`503 ERR_BUSY`). */
type AnswerCounts = Record<string, number>;

export interface MixedResult {
  connections: number;
  duration: number;
  gate: LoadRun;
  gateAnswers: AnswerCounts;
  /** Client-side times of the 4 MB publications, and how many were not answered 2xx (503 ERR_BUSY included). */
  publishMs: number[];
  publishFailed: number;
  publishAnswers: AnswerCounts;
  healthz: { samples: number; p50: number; p99: number; max: number; failed: number };
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0);
}

/** Counts one answer; a failure is told apart by its `code`, so that a refusal for load is not mistaken for a bug. */
function countAnswer(counts: AnswerCounts, status: number, body: string): void {
  let key = String(status);
  if (status >= 300) {
    const code = /"code"\s*:\s*"([A-Z_]+)"/.exec(body.slice(0, 500))?.[1];
    if (code) key += ` ${code}`;
  }
  counts[key] = (counts[key] ?? 0) + 1;
}

/** `200 ×1,000, 503 ERR_BUSY ×12`, most frequent first. */
export function formatAnswers(counts: AnswerCounts): string {
  const entries = Object.entries(counts).sort(([, a], [, b]) => b - a);
  return entries.length === 0 ? 'none' : entries.map(([key, n]) => `${key} ×${n.toLocaleString('en-US')}`).join(', ');
}

async function publishWhile(
  url: string,
  text: string,
  running: () => boolean,
  out: Pick<MixedResult, 'publishMs' | 'publishFailed' | 'publishAnswers'>,
): Promise<void> {
  for (let n = 0; running(); n++) {
    const body = JSON.stringify({ version: `2024.1.${n}`, contract: `x-overseer-mixed-run: ${n}\n${text}`, contractFile: 'stripe.yaml' });
    const started = performance.now();
    const answer = await fetch(new URL(`/v1/services/${LARGE_SERVICE}/versions`, url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    const answered = await answer.text();
    out.publishMs.push(performance.now() - started);
    countAnswer(out.publishAnswers, answer.status, answered);
    if (!answer.ok) out.publishFailed++;
  }
}

/** Polls /healthz from a worker thread until `stop` is called (poll-healthz.ts). */
function pollHealth(url: string): { stop: () => Promise<MixedResult['healthz']> } {
  const poll = pollHealthz(url, 20);
  return {
    async stop() {
      const asked = await poll.stop();
      const times = sortedDurations(asked);
      const { failed } = asked;
      return { samples: times.length, p50: percentile(times, 50), p99: percentile(times, 99), max: times.at(-1) ?? 0, failed };
    },
  };
}

export async function measureMixed(
  url: string,
  seeded: SeededRegistry,
  text: string,
  options: { connections: number; duration: number },
): Promise<MixedResult> {
  let running = true;
  const publishing = { publishMs: [] as number[], publishFailed: 0, publishAnswers: {} as AnswerCounts };
  const gateAnswers: AnswerCounts = {};
  const health = pollHealth(url);
  const publishes = publishWhile(url, text, () => running, publishing);
  let n = 0;
  const gate = await autocannon({
    url,
    ...options,
    requests: [
      {
        ...askCanIDeploy(() => seeded.hubs[n++ % seeded.hubs.length]),
        onResponse: (status, body) => countAnswer(gateAnswers, status, body),
      },
    ],
  });
  running = false;
  await publishes;
  return { ...options, gate: toLoadRun(gate), gateAnswers, ...publishing, healthz: await health.stop() };
}
