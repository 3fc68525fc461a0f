// The bench's registry, written through the HTTP API as clients would: services, their contracts,
// 10 declarations per service (5 providers x 2 versions) and deployments to three environments.
import { performance } from 'node:perf_hooks';
import type { Declaration } from '../contracts/index.js';
import type { SeededObserved } from './registry-observed.js';

export const BENCH_ENVIRONMENTS = ['production', 'staging', 'dev'] as const;
const SEED_VERSIONS = ['1.0.0', '1.1.0'] as const;
const PROVIDERS_PER_VERSION = 5;
// A few services almost everyone calls (auth, users...): the gate's heaviest questions are about them.
export const HUBS = 10;
const SEED_CONCURRENCY = 8;

export interface SeededRegistry {
  services: string[];
  hubs: string[];
  versions: number;
  declarations: number;
  deployments: number;
  environments: readonly string[];
  seedMs: number;
  /** On PostgreSQL: the registry was seeded on SQLite, then moved by `overseer export` and `overseer import` in this time. */
  movedMs?: number;
  /** Calls posted to the OTLP receiver after the rest (absent with --declared-only). */
  observed?: SeededObserved;
  /** The first hub's can-i-deploy, asked once before the measured runs: what every hub ask of the runs answers. */
  hubAnswer?: { decision: string; reasons: number; bytes: number };
}

type JsonCall = (method: string, path: string, body?: unknown) => Promise<unknown>;

export function nameBenchService(i: number): string {
  return `svc-${String(i + 1).padStart(4, '0')}`;
}

/** Fetch with JSON in and out; anything but 2xx throws with the answer. */
export function createJsonCaller(baseUrl: string): JsonCall {
  return async (method, path, body) => {
    const response = await fetch(new URL(path, baseUrl), {
      method,
      ...(body !== undefined && { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} -> ${response.status} ${text.slice(0, 300)}`);
    return text === '' ? undefined : JSON.parse(text);
  };
}

/** Runs `work` over `items` with at most `limit` in flight. */
export async function runPool<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

/** Which services service `i` calls: one hub, and four others spread over the registry. */
export function pickProviders(i: number, count: number): number[] {
  const hubs = Math.min(HUBS, count);
  const picked = new Set<number>([i < hubs ? (i + 1) % hubs : i % hubs]);
  for (let k = 1; picked.size < Math.min(PROVIDERS_PER_VERSION, count - 1); k++) {
    // A fixed scramble of (i, k): the same registry on every run, spread over all services.
    const j = ((Math.imul(i + 1, 2654435761) ^ Math.imul(k, 40503)) >>> 0) % count;
    if (j !== i) picked.add(j);
  }
  return [...picked];
}

function declareBenchUses(i: number, count: number): Declaration[] {
  const consumer = nameBenchService(i);
  return pickProviders(i, count).map((j) => ({
    consumer,
    provider: nameBenchService(j),
    uses: [
      { operation: `GET /r${j}/items/{id}`, response: ['id', 'name', 'status'] },
      { operation: `listItems${j}`, params: ['limit'], response: ['items[].id'] },
      ...(i % 3 === 0 ? [{ operation: `POST /r${j}/items`, request: ['name'] }] : []),
    ],
  }));
}

/**
 * A small real contract: three operations over one schema; every version after 1.0.0 adds a field (safe). The `id` is
 * the server's to give (readOnly), so a consumer's create that sends only a name is met, as it would be in an
 * organisation whose deploys go through: a required `id` made every create unmet and every hub's answer a refusal.
 */
function buildBenchContract(i: number, version: string): string {
  const properties = {
    id: { type: 'string', readOnly: true },
    name: { type: 'string' },
    status: { type: 'string', enum: ['active', 'retired'] },
    ...(version !== '1.0.0' && { createdAt: { type: 'string', format: 'date-time' } }),
  };
  return JSON.stringify(buildItemsDocument(i, nameBenchService(i), version, properties), null, 2);
}

/** Three operations (list, create, get) over one `Item` schema with the given properties; the test seed uses it too. */
export function buildItemsDocument(i: number, title: string, version: string, properties: Record<string, unknown>): Record<string, unknown> {
  const item = { type: 'object', required: ['id', 'name'], properties };
  const json = (schema: unknown) => ({ content: { 'application/json': { schema } } });
  const ref = { $ref: '#/components/schemas/Item' };
  return {
    openapi: '3.0.3',
    info: { title, version },
    paths: {
      [`/r${i}/items`]: {
        get: {
          operationId: `listItems${i}`,
          parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer' } }],
          responses: { '200': { description: 'A page', ...json({ type: 'object', properties: { items: { type: 'array', items: ref } } }) } },
        },
        post: { operationId: `createItem${i}`, requestBody: { required: true, ...json(ref) }, responses: { '201': { description: 'Created', ...json(ref) } } },
      },
      [`/r${i}/items/{id}`]: {
        get: {
          operationId: `getItem${i}`,
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'One item', ...json(ref) }, '404': { description: 'None' } },
        },
      },
    },
    components: { schemas: { Item: item } },
  };
}

/** The body of a publication of service `i` at `version`. */
export function buildPublishBody(i: number, version: string, count: number): Record<string, unknown> {
  return { version, branch: 'main', contract: buildBenchContract(i, version), contractFile: 'openapi.json', declarations: declareBenchUses(i, count) };
}

/** production runs 1.0.0 of everything, staging and dev 1.1.0; `progress` hears each step as it ends. */
export async function seedBenchRegistry(baseUrl: string, count: number, progress: (done: string) => void = () => undefined): Promise<SeededRegistry> {
  const started = performance.now();
  const call = createJsonCaller(baseUrl);
  const indexes = Array.from({ length: count }, (_, i) => i);
  const describe = (i: number) => ({ owners: [`@acme/team-${i % 25}`], slack: `#team-${i % 25}` });
  const step = (what: string) => progress(`${what} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  await runPool(indexes, SEED_CONCURRENCY, (i) => call('PUT', `/v1/services/${nameBenchService(i)}`, describe(i)));
  step(`${count} services`);
  let declarations = 0;
  for (const version of SEED_VERSIONS) {
    await runPool(indexes, SEED_CONCURRENCY, async (i) => {
      const body = buildPublishBody(i, version, count);
      await call('POST', `/v1/services/${nameBenchService(i)}/versions`, body);
      declarations += (body.declarations as Declaration[]).length;
    });
    step(`version ${version} of each`);
  }
  for (const environment of BENCH_ENVIRONMENTS) {
    // Environments are created before use, never by a deployment's typo.
    await call('POST', '/v1/environments', { name: environment });
    const version = environment === 'production' ? '1.0.0' : '1.1.0';
    await runPool(indexes, SEED_CONCURRENCY, (i) => call('POST', '/v1/deployments', { service: nameBenchService(i), version, environment }));
    step(`deployments to ${environment}`);
  }
  return {
    services: indexes.map(nameBenchService),
    hubs: indexes.slice(0, Math.min(HUBS, count)).map(nameBenchService),
    versions: count * SEED_VERSIONS.length,
    declarations,
    deployments: count * BENCH_ENVIRONMENTS.length,
    environments: BENCH_ENVIRONMENTS,
    seedMs: performance.now() - started,
  };
}

/** Asks the first hub's can-i-deploy once, as the runs will, and keeps what it answered. */
export async function askHubOnce(baseUrl: string, hub: string): Promise<NonNullable<SeededRegistry['hubAnswer']>> {
  const response = await fetch(new URL(`/v1/can-i-deploy?service=${hub}&version=1.1.0&environment=production`, baseUrl));
  const text = await response.text();
  if (!response.ok) throw new Error(`can-i-deploy of ${hub} answered ${response.status}: ${text.slice(0, 300)}`);
  const answer = JSON.parse(text) as { decision: string; reasons?: unknown[] };
  return { decision: answer.decision, reasons: answer.reasons?.length ?? 0, bytes: Buffer.byteLength(text) };
}
