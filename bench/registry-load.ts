// Load on the running registry with autocannon's programmatic API: can-i-deploy and publish of new versions.
import { createRequire } from 'node:module';
import { buildPublishBody, createJsonCaller, nameBenchService, runPool, type SeededRegistry } from './registry-seed.js';

// autocannon ships no types: the little of its API used here, typed by hand.
interface Histogram {
  average: number;
  p50: number;
  p99: number;
  max: number;
}
interface AutocannonResult {
  latency: Histogram;
  requests: Histogram & { total: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  duration: number;
}
interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (request: AutocannonRequest) => AutocannonRequest;
  /** Called with each answer; autocannon keeps the body only when this is given. */
  onResponse?: (status: number, body: string) => void;
}
type Autocannon = (options: { url: string; connections: number; duration: number; requests: AutocannonRequest[] }) => Promise<AutocannonResult>;
export const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

interface LoadOptions {
  connections: number;
  /** Seconds. */
  duration: number;
}

/** One autocannon run, in milliseconds and requests. */
export interface LoadRun {
  requests: number;
  /** Requests answered per second, on average over the run. */
  rps: number;
  p50: number;
  p99: number;
  max: number;
  /** Connection errors and timeouts. */
  errors: number;
  /** Answers that were not 2xx. */
  non2xx: number;
  /** The registry's CPU milliseconds per request over the run (its process and its worker processes), where /proc tells. */
  serverCpuMs?: number | null;
}

export type LoadKind = 'can-i-deploy' | 'can-i-deploy-hubs' | 'publish';

/** The runs of one kind of request at one number of connections. */
export interface LoadSeries {
  kind: LoadKind;
  connections: number;
  runs: LoadRun[];
}

export function toLoadRun(result: AutocannonResult): LoadRun {
  return {
    requests: result.requests.total,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

// A fixed walk over the services (a stride coprime with most counts) so that every run asks the same questions.
function stepThrough(count: number): () => number {
  let n = 0;
  return () => (n++ * 7919) % count;
}

/**
 * can-i-deploy of 1.1.0 to production, where 1.0.0 runs: the provider side judges every deployed consumer. Asked of
 * every service in turn, or of `services` only (the hubs, each used by about a tenth of the registry).
 */
export async function measureCanIDeploy(url: string, seeded: SeededRegistry, options: LoadOptions, services = seeded.services): Promise<LoadRun> {
  const next = stepThrough(services.length);
  const result = await autocannon({ url, ...options, requests: [askCanIDeploy(() => services[next()])] });
  return toLoadRun(result);
}

/** The gate's question every load bench asks: may 1.1.0 of the service `pick` names go to production, where 1.0.0 runs. */
export function askCanIDeploy(pick: () => string): AutocannonRequest {
  return {
    method: 'GET',
    setupRequest: (request) => ({ ...request, path: `/v1/can-i-deploy?service=${pick()}&version=1.1.0&environment=production` }),
  };
}

/** Publication of new versions (a new contract each, five declarations): `tag` keeps versions unique across runs. */
export async function measurePublish(url: string, seeded: SeededRegistry, tag: string, options: LoadOptions): Promise<LoadRun> {
  const count = seeded.services.length;
  const next = stepThrough(count);
  let sent = 0;
  const result = await autocannon({
    url,
    ...options,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        setupRequest: (request) => {
          const i = next();
          const body = buildPublishBody(i, `3.${tag}.${sent++}`, count);
          return { ...request, path: `/v1/services/${nameBenchService(i)}/versions`, body: JSON.stringify(body) };
        },
      },
    ],
  });
  return toLoadRun(result);
}

/** Versions the registry holds for the seeded services: each publication under load must have added one (not `unchanged`). */
export async function countStoredVersions(url: string, seeded: SeededRegistry): Promise<number> {
  const call = createJsonCaller(url);
  let total = 0;
  await runPool(seeded.services, 8, async (service) => {
    const { versions } = (await call('GET', `/v1/services/${service}/versions`)) as { versions: unknown[] };
    total += versions.length;
  });
  return total;
}
