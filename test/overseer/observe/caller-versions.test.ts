// A span's service.version is kept only for a version the registry recorded deployed in the span's environment:
// otherwise an exporter naming a new version per span would add a stored row per name, read by every gate.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { buildApp } from '../../../overseer/app.js';
import { parseConfig } from '../../../overseer/config.js';
import { openSqliteStore } from '../../../overseer/store/sqlite/index.js';
import { reusedSchemaController } from '../../helpers/app-schemas.js';
import { reusedWorkPool } from '../../helpers/app-work.js';
import { callsMetricExport, traceExport } from '../../helpers/otlp.js';
import { sendTo } from '../routes/harness.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/observe/${name}`, import.meta.url), 'utf8');
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** A registry on a new SQLite file, closed after the file's tests; `ok` asserts a write was taken. */
async function openRegistry() {
  const dir = await mkdtemp(join(tmpdir(), 'overseer-caller-versions-'));
  const config = parseConfig({ db: join(dir, 'registry.db') }, {});
  const store = openSqliteStore(config.db);
  const app = buildApp({ config, store, schemaController: reusedSchemaController(), work: reusedWorkPool(config) });
  await app.ready();
  cleanups.push(
    () => rm(dir, { recursive: true, force: true }),
    () => store.close(),
    () => app.close(),
  );
  const send = sendTo(app);
  const ok = async (method: 'PUT' | 'POST', url: string, body: unknown) => expect((await send(method, url, body)).statusCode).toBeLessThan(300);
  return { store, send, ok };
}

it('keeps the versions recorded deployed there, and writes any other as a call naming no version', async () => {
  const { store, send, ok } = await openRegistry();
  await ok('PUT', '/v1/services/users-service', { owners: ['@acme/users'] });
  await ok('PUT', '/v1/services/web-app', { owners: ['@acme/web'] });
  await ok('POST', '/v1/services/users-service/versions', { version: '1.0.0', contract: fixture('users.v1.yaml') });
  await ok('POST', '/v1/environments', { name: 'production' });
  await ok('POST', '/v1/deployments', { service: 'users-service', version: '1.0.0', environment: 'production' });
  for (const version of ['1.0.0', '1.1.0']) {
    await ok('POST', '/v1/services/web-app/versions', { version, manifest: 'service: web-app\nowners: ["@acme/web"]\n' });
    await ok('POST', '/v1/deployments', { service: 'web-app', version, environment: 'production' });
  }

  const call = { consumer: 'web-app', environment: 'production', provider: 'users-service', method: 'GET', url: 'https://users.internal/api/users/7' };
  const versions = ['1.0.0', '1.1.0', 'pod-7f9c', 'pod-81aa', '2.0.0-never-deployed'];
  expect((await send('POST', '/v1/traces', traceExport(versions.map((consumerVersion) => ({ ...call, consumerVersion }))))).statusCode).toBe(200);
  // The usage listing flushes what was counted.
  expect((await send('GET', '/v1/services/web-app/usage?environment=production')).statusCode).toBe(200);

  const rows = await store.listObservedCalls({ consumer: 'web-app' });
  expect(rows.map((r) => [r.consumerVersion ?? 'none', r.count])).toEqual([
    ['none', 3],
    ['1.0.0', 1],
    ['1.1.0', 1],
  ]);
});

it('takes an export whose caller is not registered yet, its service.version set as SDKs set it, beside the calls of one that is', async () => {
  const { store, send, ok } = await openRegistry();
  await ok('PUT', '/v1/services/users-service', { owners: ['@acme/users'] });
  await ok('POST', '/v1/services/users-service/versions', { version: '1.0.0', contract: fixture('users.v1.yaml') });
  await ok('POST', '/v1/environments', { name: 'production' });
  await ok('POST', '/v1/deployments', { service: 'users-service', version: '1.0.0', environment: 'production' });
  await ok('PUT', '/v1/services/web-app', { owners: ['@acme/web'] });
  await ok('POST', '/v1/services/web-app/versions', { version: '1.0.0', manifest: 'service: web-app\nowners: ["@acme/web"]\n' });
  await ok('POST', '/v1/deployments', { service: 'web-app', version: '1.0.0', environment: 'production' });

  const call = { environment: 'production', provider: 'users-service', method: 'GET', url: 'https://users.internal/api/users/7' };
  const spans = [
    { ...call, consumer: 'web-app', consumerVersion: '1.0.0' },
    // A typo of web-app, and a service that sends traces before its first publication: both set service.version.
    { ...call, consumer: 'webapp', consumerVersion: '1.0.0' },
    { ...call, consumer: 'billing-worker', consumerVersion: '0.3.0' },
  ];
  const traces = await send('POST', '/v1/traces', traceExport(spans));
  expect(traces.statusCode).toBe(200);
  expect(traces.json().partialSuccess.errorMessage).toContain('callers not registered, whose calls no gate counts: webapp 1: did you mean web-app?');

  const metrics = callsMetricExport([
    { consumer: 'billing-worker', environment: 'production', provider: 'users-service', method: 'GET', route: '/users/{id}', count: 4 },
  ]);
  metrics.resourceMetrics[0].resource.attributes.push({ key: 'service.version', value: { stringValue: '0.3.0' } });
  expect((await send('POST', '/v1/metrics', metrics)).statusCode).toBe(200);

  // The usage listing flushes what was counted.
  expect((await send('GET', '/v1/services/users-service/usage?asProvider=true&environment=production')).statusCode).toBe(200);
  const rows = await store.listObservedCalls({ provider: 'users-service' });
  expect(rows.map((r) => [r.consumer, r.consumerVersion ?? 'none', r.count]).sort()).toEqual([
    ['billing-worker', 'none', 5],
    ['web-app', '1.0.0', 1],
    ['webapp', 'none', 1],
  ]);
});
