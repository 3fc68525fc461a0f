// Ingest of observed usage: OTLP/JSON trace exports and spanmetrics exports posted to a real `overseer serve`,
// as spans (or data points) per second. Run by hand (`node dist/bench/observe-ingest.js`) or by `npm run bench`.
// BENCH_OBSERVE_POSTGRES=1 puts the registry on a throwaway PostgreSQL cluster (docs/BENCHMARKS.md keeps SQLite's
// numbers, so such a run writes nothing there); BENCH_OBSERVE_BIN runs another build's `cli/bin.js`, to alternate old
// against new in one window.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { measureLargeExports, type StallResult } from './observe-stall.js';
import { buildTraceExport } from './otlp-traces.js';
import { type BenchPostgres, startBenchPostgres } from './registry-postgres.js';
import { spliceMarkedSection } from './registry-report.js';
import { type BenchServer, startBenchServer } from './registry-server.js';
import { buildCallsMetricExport } from './spanmetrics-export.js';

const MARKERS = { start: '<!-- observe:start -->', end: '<!-- observe:end -->' } as const;
const DOC = fileURLToPath(new URL('../../docs/BENCHMARKS.md', import.meta.url));

const SPANS_PER_EXPORT = 1000;
const CONCURRENCY = 4;
const DURATION_MS = Number(process.env.BENCH_OBSERVE_MS ?? 10_000);
const CONSUMERS = 20;
const CONTRACT = readFileSync(fileURLToPath(new URL('../../test/fixtures/observe/users.v1.yaml', import.meta.url)), 'utf8');

/** One export as an SDK batch would send it: many resources, CLIENT spans with the attributes of HTTP semantic conventions. */
function traceExport(seed: number): string {
  const perResource = SPANS_PER_EXPORT / CONSUMERS;
  const at = Date.now();
  const calls = Array.from({ length: CONSUMERS }, (_, c) =>
    Array.from({ length: perResource }, (_, i) => ({
      consumer: `consumer-${c}`,
      environment: 'production',
      provider: 'users-service',
      method: 'GET',
      url: i % 3 === 0 ? 'https://users.internal/api/users' : `https://users.internal/api/users/${seed + i}`,
      status: 200,
      at,
      traceId: (seed * 1e6 + c * 1000 + i).toString(16).padStart(32, '0'),
      spanId: (c * 1000 + i + 1).toString(16).padStart(16, '0'),
    })),
  ).flat();
  return JSON.stringify(buildTraceExport(calls));
}

function metricsExport(): string {
  const now = Date.now();
  const series = Array.from({ length: CONSUMERS }, (_, c) =>
    Array.from({ length: SPANS_PER_EXPORT / CONSUMERS }, (_, i) => ({
      consumer: `consumer-${c}`,
      environment: 'production',
      provider: 'users-service',
      method: 'GET',
      route: i % 2 === 0 ? '/api/users' : '/api/users/{id}',
      count: 17,
      atMs: now,
    })),
  ).flat();
  return JSON.stringify(buildCallsMetricExport(series));
}

async function send(url: string, method: string, body: unknown): Promise<void> {
  const response = await fetch(url, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (response.status >= 300) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
}

async function seed(server: BenchServer): Promise<void> {
  await send(`${server.url}/v1/services/users-service`, 'PUT', { owners: ['@acme/users'] });
  await send(`${server.url}/v1/services/users-service/versions`, 'POST', { version: '1.0.0', contract: CONTRACT });
  // Environments are created, never guessed from a deployment (issue #15).
  await send(`${server.url}/v1/environments`, 'POST', { name: 'production' });
  await send(`${server.url}/v1/deployments`, 'POST', { service: 'users-service', version: '1.0.0', environment: 'production' });
}

/** Posts prepared bodies from CONCURRENCY clients for DURATION_MS; returns items per second and the gate's latency meanwhile. */
async function blast(url: string, bodies: string[], gateUrl: string): Promise<{ perSecond: number; exports: number; rejected: number; gateMs: number }> {
  const until = Date.now() + DURATION_MS;
  let exports = 0;
  let rejected = 0;
  const client = async (k: number) => {
    for (let i = k; Date.now() < until; i += CONCURRENCY) {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bodies[i % bodies.length] });
      if (response.status !== 200) throw new Error(`POST ${url}: ${response.status} ${await response.text()}`);
      // A span the registry could not use is counted as rejected (OTLP partial success): the rate counts only the used ones.
      const answer = (await response.json()) as { partialSuccess?: { rejectedSpans?: string | number; rejectedDataPoints?: string | number } };
      rejected += Number(answer.partialSuccess?.rejectedSpans ?? answer.partialSuccess?.rejectedDataPoints ?? 0);
      exports++;
    }
  };
  const started = Date.now();
  // The gate keeps answering while spans pour in: its slowest answer is printed beside the rate.
  let gateMs = 0;
  const gate = (async () => {
    while (Date.now() < until) {
      const t = Date.now();
      await (await fetch(gateUrl)).arrayBuffer();
      gateMs = Math.max(gateMs, Date.now() - t);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  })();
  await Promise.all([...Array.from({ length: CONCURRENCY }, (_, k) => client(k)), gate]);
  const seconds = (Date.now() - started) / 1000;
  return { perSecond: Math.round((exports * SPANS_PER_EXPORT - rejected) / seconds), exports, rejected, gateMs };
}

const USAGE = `usage: node dist/bench/observe-ingest.js
  Posts OTLP/JSON trace and spanmetrics exports to one \`overseer serve\` and prints spans (data points) per second,
  after 5 exports of 10,000 spans posted one at a time; writes docs/BENCHMARKS.md's ingest section (SQLite only).
  BENCH_OBSERVE_MS=10000       how long each rate is measured
  BENCH_OBSERVE_STALL_ONLY=1   the 5 large exports only
  BENCH_OBSERVE_POSTGRES=1     the registry on a throwaway PostgreSQL cluster (writes no docs)
  BENCH_OBSERVE_BIN=PATH       another build's cli/bin.js, to alternate old against new
  BENCH_NO_WRITE=1             print only`;

async function main(): Promise<void> {
  const postgres: BenchPostgres | undefined = process.env.BENCH_OBSERVE_POSTGRES === '1' ? await startBenchPostgres() : undefined;
  const env: Record<string, string> = postgres ? { OVERSEER_DATABASE_URL: await postgres.createDatabase() } : {};
  const server = await startBenchServer(env, process.env.BENCH_OBSERVE_BIN || undefined);
  const store = postgres ? 'PostgreSQL' : 'SQLite';
  try {
    await seed(server);
    // First, on a fresh registry: the event loop's stall while exports of 8 MB are read (observe-stall.ts).
    const stall = await measureLargeExports(server.url, server.pid);
    const stallLine =
      `  ${stall.exports} exports of ${stall.megabytes} MB (OTLP/JSON), one at a time: ${stall.exportMs.join(', ')} ms each` +
      `${stall.serverCpuMs === undefined ? '' : `, ${stall.serverCpuMs} ms of server CPU each`}; slowest /healthz meanwhile ${stall.healthz.max} ms (${stall.healthz.samples} asks, ${stall.healthz.failed} failed)`;
    if (process.env.BENCH_OBSERVE_STALL_ONLY === '1') {
      console.log(stallLine);
      return;
    }
    const gateUrl = `${server.url}/v1/can-i-deploy?service=users-service&version=1.0.0&environment=production`;
    const traces = await blast(
      `${server.url}/v1/traces`,
      Array.from({ length: 8 }, (_, i) => traceExport(i)),
      gateUrl,
    );
    const metrics = await blast(`${server.url}/v1/metrics`, [metricsExport()], gateUrl);
    const lines = [
      `observed usage ingest (${CONCURRENCY} clients, ${SPANS_PER_EXPORT} per export, ${DURATION_MS / 1000} s each, one replica on ${store})`,
      `  POST /v1/traces  (OTLP/JSON spans):          ${traces.perSecond} spans/s (${traces.exports} exports, ${traces.rejected} rejected; slowest can-i-deploy meanwhile ${traces.gateMs} ms)`,
      `  POST /v1/metrics (spanmetrics data points):  ${metrics.perSecond} points/s (${metrics.exports} exports, ${metrics.rejected} rejected; slowest can-i-deploy meanwhile ${metrics.gateMs} ms)`,
      stallLine,
    ];
    console.log(lines.join('\n'));
    if (process.env.BENCH_NO_WRITE !== '1' && !postgres) writeSection(traces, metrics, stall);
  } finally {
    await server.stop();
    await postgres?.stop();
  }
}

type Rate = Awaited<ReturnType<typeof blast>>;

/** The ingest section of docs/BENCHMARKS.md, between its markers, rewritten by every run. */
function writeSection(traces: Rate, metrics: Rate, stall: StallResult): void {
  const section = [
    MARKERS.start,
    '## Observed usage: ingest',
    '',
    `Generated by \`node dist/bench/observe-ingest.js\` (part of \`npm run bench\`) on ${new Date().toISOString().slice(0, 10)}, load average`,
    `${loadavg()[0].toFixed(1)} at the end: ${CONCURRENCY} clients post exports of ${SPANS_PER_EXPORT} spans (or data points) for ${DURATION_MS / 1000} s`,
    'to one `overseer serve` on SQLite while a can-i-deploy is asked every 250 ms. Goal (issue #20): 10,000 spans/s without stalling the gate.',
    '',
    'Only spans and points the registry used count (those it rejects as partial success are left out).',
    '',
    '| route | used per second | exports | rejected | slowest can-i-deploy meanwhile |',
    '| --- | --- | --- | --- | --- |',
    `| \`POST /v1/traces\` (OTLP/JSON spans) | ${traces.perSecond} spans | ${traces.exports} | ${traces.rejected} | ${traces.gateMs} ms |`,
    `| \`POST /v1/metrics\` (spanmetrics data points) | ${metrics.perSecond} points | ${metrics.exports} | ${metrics.rejected} | ${metrics.gateMs} ms |`,
    '',
    `Large exports, read before the rates above on the same registry: ${stall.exports} OTLP/JSON exports of ${stall.megabytes} MB`,
    '(10,000 CLIENT spans each) posted one after another while `/healthz` is asked every 20 ms from a thread of its own.',
    'Decoding and matching run in the worker pool, so the event loop should answer `/healthz` throughout.',
    '',
    '| each export answered in | server CPU per export | slowest `/healthz` meanwhile | `/healthz` asks |',
    '| --- | --- | --- | --- |',
    `| ${stall.exportMs.join(', ')} ms | ${stall.serverCpuMs ?? '-'} ms | ${stall.healthz.max} ms | ${stall.healthz.samples} (${stall.healthz.failed} failed) |`,
    MARKERS.end,
  ].join('\n');
  writeFileSync(DOC, spliceMarkedSection(existsSync(DOC) ? readFileSync(DOC, 'utf8') : null, MARKERS, section));
}

if (process.argv.includes('--help')) console.log(USAGE);
else await main();
