// Observed usage in the bench's registry, as a traced organisation's would be: spanmetrics exports posted to the
// registry's own OTLP receiver (POST /v1/metrics), so every call goes through the matching and the aggregated writes.
import { performance } from 'node:perf_hooks';
import { BENCH_ENVIRONMENTS, HUBS, nameBenchService, pickProviders, runPool } from './registry-seed.js';
import { buildCallsMetricExport } from './spanmetrics-export.js';

/** Consumers per export: one resource per consumer and environment, a few hundred data points a request. */
const CONSUMERS_PER_EXPORT = 100;
// The receiver runs on the worker pool's ingest lane; more in flight are only refused (503) and retried.
const EXPORT_CONCURRENCY = 2;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface SeededObserved {
  /** Data points posted; each one is a distinct consumer, provider, operation and environment (a store key). */
  keys: number;
  /** The first hub's consumers seen calling it in production, and those of them that declare nothing of it. */
  hubCallers: number;
  hubCallersUndeclared: number;
  seedMs: number;
}

interface Call {
  consumer: number;
  provider: number;
  method: string;
  route: string;
  environment: string;
}

/** Environments a consumer is traced in: production always, staging for half of them, dev for a fifth. */
function tracedEnvironments(i: number): string[] {
  return BENCH_ENVIRONMENTS.filter((env) => env === 'production' || (env === 'staging' && i % 2 === 0) || (env === 'dev' && i % 5 === 0));
}

/**
 * The calls consumer `i` was seen making: to seven in ten of the providers it declares, its declared reads (and for
 * one in four an undeclared create); and for one in five, a read of a hub it never declared (traces only).
 */
function observedCallsOf(i: number, count: number): Call[] {
  const calls: Call[] = [];
  const add = (provider: number, method: string, route: string) => {
    for (const environment of tracedEnvironments(i)) calls.push({ consumer: i, provider, method, route, environment });
  };
  for (const j of pickProviders(i, count)) {
    if ((i + j) % 10 >= 7) continue;
    add(j, 'GET', `/r${j}/items/{id}`);
    add(j, 'GET', `/r${j}/items`);
    if (i % 3 === 0 || i % 4 === 0) add(j, 'POST', `/r${j}/items`);
  }
  // One in five is also seen reading a hub other than its own (i % 10), which it never declares.
  const hubs = Math.min(HUBS, count);
  const other = (i % hubs) + 1 + (Math.floor(i / hubs) % (hubs - 1));
  const unseen = other % hubs;
  if (i % 5 === 3 && unseen !== i && !pickProviders(i, count).includes(unseen)) add(unseen, 'GET', `/r${unseen}/items/{id}`);
  return calls;
}

function metricsExport(calls: Call[], now: number): string {
  return JSON.stringify(
    buildCallsMetricExport(
      calls.map((call) => ({
        consumer: nameBenchService(call.consumer),
        environment: call.environment,
        provider: nameBenchService(call.provider),
        method: call.method,
        route: call.route,
        count: 1 + ((call.consumer * 31 + call.provider * 17) % 5000),
        // Last seen spread over the past two weeks, inside the default 30-day window.
        atMs: now - ((call.consumer * 7 + call.provider) % 14) * DAY_MS,
      })),
    ),
  );
}

async function postExport(baseUrl: string, body: string): Promise<void> {
  for (;;) {
    const response = await fetch(new URL('/v1/metrics', baseUrl), { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const text = await response.text();
    if (response.status === 503) {
      // As an OTLP exporter does: wait as told, then send the same export again.
      await new Promise((resolve) => setTimeout(resolve, 1000 * Number(response.headers.get('retry-after') ?? 1)));
      continue;
    }
    if (!response.ok) throw new Error(`POST /v1/metrics -> ${response.status} ${text.slice(0, 300)}`);
    const rejected = Number((JSON.parse(text) as { partialSuccess?: { rejectedDataPoints?: string | number } }).partialSuccess?.rejectedDataPoints ?? 0);
    // Every point names a deployed provider's operation: one refused means the bench measures less than it says.
    if (rejected > 0) throw new Error(`POST /v1/metrics rejected ${rejected} data points: ${text.slice(0, 300)}`);
    return;
  }
}

/** Posts every service's observed calls, `progress` told after each tenth; resolves once the registry has them. */
export async function seedObservedCalls(baseUrl: string, count: number, progress: (text: string) => void): Promise<SeededObserved> {
  const started = performance.now();
  const now = Date.now();
  const batches: Call[][] = [];
  for (let first = 0; first < count; first += CONSUMERS_PER_EXPORT) {
    batches.push(Array.from({ length: Math.min(CONSUMERS_PER_EXPORT, count - first) }, (_, k) => observedCallsOf(first + k, count)).flat());
  }
  let done = 0;
  await runPool(batches, EXPORT_CONCURRENCY, async (batch) => {
    await postExport(baseUrl, metricsExport(batch, now));
    if (++done % Math.max(1, Math.round(batches.length / 10)) === 0) progress(`  observed calls: ${done}/${batches.length} exports posted\n`);
  });
  // The usage listing writes what the receiver still aggregates first: the gate's first ask does not pay for it.
  const hub = nameBenchService(0);
  const listing = (await (await fetch(new URL(`/v1/services/${hub}/usage?asProvider=true&environment=production`, baseUrl))).json()) as {
    uses: { consumer?: string; declared: boolean; observed: unknown }[];
  };
  const seen = listing.uses.filter((u) => u.observed !== null);
  const callers = new Set(seen.map((u) => u.consumer));
  const declaring = new Set(listing.uses.filter((u) => u.declared).map((u) => u.consumer));
  return {
    keys: batches.reduce((n, b) => n + b.length, 0),
    hubCallers: callers.size,
    hubCallersUndeclared: [...callers].filter((c) => !declaring.has(c)).length,
    seedMs: performance.now() - started,
  };
}
