// A Collector's exporter waits for the registry's answer: where its spans meet those counted before (span_meets) is
// written after that answer, yet nothing answered is lost or counted twice, and a stop waits for it.
import pg from 'pg';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../../overseer/app.js';
import { parseConfig } from '../../../overseer/config.js';
import { openPostgresStore } from '../../../overseer/store/postgres/index.js';
import { reusedSchemaController } from '../../helpers/app-schemas.js';
import { reusedWorkPool } from '../../helpers/app-work.js';
import { type ClientCall, traceExport } from '../../helpers/otlp.js';
import { POSTGRES_START_TIMEOUT_MS, type PostgresCluster, startPostgres } from '../../helpers/postgres.js';
import { seedUsersAndCallers } from './replica-pair.js';

const cleanups: (() => Promise<void>)[] = [];
let cluster: PostgresCluster;
beforeAll(async () => {
  cluster = await startPostgres();
}, POSTGRES_START_TIMEOUT_MS);
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  await cluster?.stop();
});

async function startRegistry(databaseUrl: string) {
  const config = parseConfig({ databaseUrl }, {});
  const store = await openPostgresStore(databaseUrl);
  const app = buildApp({ config, store, schemaController: reusedSchemaController(), work: reusedWorkPool(config) });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await app.close();
    await store.close();
  };
  cleanups.push(close);
  return { url: await app.listen({ host: '127.0.0.1', port: 0 }), close };
}

async function send(url: string, method: string, path: string, body?: unknown): Promise<Response> {
  const init = body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  return fetch(`${url}${path}`, { method, ...init });
}

/** Another session holds span_meets: no span's meeting point can be written until `release`. */
async function holdSpanMeets(databaseUrl: string): Promise<() => Promise<void>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query('BEGIN');
  await client.query('LOCK TABLE span_meets IN EXCLUSIVE MODE');
  let released = false;
  const release = async () => {
    if (released) return;
    released = true;
    await client.query('COMMIT');
    await client.end();
  };
  cleanups.push(release);
  return release;
}

/** The answer, or a failure naming what never came while the table was held (before: the answer waited for it). */
async function answered(what: string, response: Promise<Response>): Promise<Response> {
  let timer: NodeJS.Timeout | undefined;
  const never = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} was not answered while span_meets was held`)), 20_000);
  });
  try {
    return await Promise.race([response, never]);
  } finally {
    clearTimeout(timer);
  }
}

const call = { consumer: 'web-app', environment: 'production', provider: 'users-service', method: 'GET', url: 'https://users.internal/api/users/7' };
const trace = '5b8efff798038103d269b633813fc601';
// The HTTP client's span, then the library's span around it: one call.
const inner: ClientCall = { ...call, traceId: trace, spanId: '00000000000000b2', parentSpanId: '00000000000000a1' };
const outer: ClientCall = { ...call, traceId: trace, spanId: '00000000000000a1', parentSpanId: '0000000000000001' };

const postSpans = (url: string, calls: ClientCall[]) =>
  fetch(`${url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(traceExport(calls)) });

async function countsOf(url: string): Promise<string[]> {
  const response = await send(url, 'GET', '/v1/services/users-service/usage?environment=production&asProvider=true');
  expect(response.status).toBe(200);
  const { uses } = (await response.json()) as { uses: { consumer: string; operation: string; observed?: { count: number } }[] };
  return uses.map((u) => `${u.consumer} ${u.operation} ${u.observed?.count}`);
}

it('answers an export while its meeting points wait for the database, and counts a nested pair once after', async () => {
  const databaseUrl = await cluster.createDatabase();
  const { url } = await startRegistry(databaseUrl);
  await seedUsersAndCallers(url, ['web-app']);
  const release = await holdSpanMeets(databaseUrl);
  const first = await answered('the first export', postSpans(url, [inner]));
  expect(first.status).toBe(200);
  expect(await first.json()).toEqual({ partialSuccess: {} });
  // A read of the calls waits for what is settling: the call answered is there once the table is free.
  const counts = countsOf(url);
  await release();
  expect(await counts).toEqual(['web-app GET /users/{userId} 1']);
  expect((await postSpans(url, [outer])).status).toBe(200);
  expect(await countsOf(url)).toEqual(['web-app GET /users/{userId} 1']);
}, 120_000);

it('writes a call answered before its meeting points were written when the registry stops', async () => {
  const databaseUrl = await cluster.createDatabase();
  const registry = await startRegistry(databaseUrl);
  await seedUsersAndCallers(registry.url, ['web-app']);
  const release = await holdSpanMeets(databaseUrl);
  expect((await answered('the export', postSpans(registry.url, [inner]))).status).toBe(200);
  const stopped = registry.close();
  await release();
  await stopped;
  // Another process on the same database finds the call written, once.
  const next = await startRegistry(databaseUrl);
  expect(await countsOf(next.url)).toEqual(['web-app GET /users/{userId} 1']);
  expect((await postSpans(next.url, [outer])).status).toBe(200);
  expect(await countsOf(next.url)).toEqual(['web-app GET /users/{userId} 1']);
}, 120_000);
