// Two replicas on one SQLite file: calls one received count at the other's gate once written, though the other had
// just read (and kept) the provider's calls for an earlier ask.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as pause } from 'node:timers/promises';
import { afterEach, expect, it } from 'vitest';
import type { Verdict } from '../../../contracts/model.js';
import { buildApp } from '../../../overseer/app.js';
import { parseConfig } from '../../../overseer/config.js';
import { openSqliteStore } from '../../../overseer/store/sqlite/index.js';
import { reusedSchemaController } from '../../helpers/app-schemas.js';
import { traceExport } from '../../helpers/otlp.js';
import { sendTo } from '../routes/harness.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/observe/${name}`, import.meta.url), 'utf8');
const FLUSH_MS = 200;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startReplica(db: string) {
  const config = parseConfig({ db }, { OVERSEER_USAGE_FLUSH_MS: String(FLUSH_MS) });
  const store = openSqliteStore(config.db);
  const app = buildApp({ config, store, schemaController: reusedSchemaController() });
  await app.ready();
  cleanups.push(async () => {
    await app.close();
    await store.close();
  });
  return sendTo(app);
}

it("counts calls another replica received, though this one had kept the provider's calls read for an earlier ask", async () => {
  const dir = await mkdtemp(join(tmpdir(), 'overseer-replica-calls-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const a = await startReplica(join(dir, 'registry.db'));
  const b = await startReplica(join(dir, 'registry.db'));
  const ok = async (method: 'PUT' | 'POST', url: string, body: unknown) => expect((await a(method, url, body)).statusCode).toBeLessThan(300);
  await ok('PUT', '/v1/services/users-service', { owners: ['@acme/users'] });
  await ok('PUT', '/v1/services/web-app', { owners: ['@acme/web'] });
  await ok('POST', '/v1/services/users-service/versions', { version: '1.0.0', contract: fixture('users.v1.yaml') });
  await ok('POST', '/v1/services/users-service/versions', { version: '2.0.0', contract: fixture('users.v2-no-get-user.yaml') });
  await ok('POST', '/v1/services/web-app/versions', { version: '1.0.0', manifest: 'service: web-app\nowners: ["@acme/web"]\n' });
  await ok('POST', '/v1/environments', { name: 'production' });
  for (const service of ['users-service', 'web-app']) await ok('POST', '/v1/deployments', { service, version: '1.0.0', environment: 'production' });
  const ask = async () => (await b('GET', '/v1/can-i-deploy?service=users-service&version=2.0.0&environment=production')).json() as Verdict;

  // B reads users-service's calls (none yet) and keeps them.
  expect((await ask()).deployable).toBe(true);
  const call = { consumer: 'web-app', environment: 'production', provider: 'users-service', method: 'GET', url: 'https://users.internal/api/users/7' };
  expect((await a('POST', '/v1/traces', traceExport([call]))).statusCode).toBe(200);
  // A writes what it received (its usage listing flushes first).
  expect((await a('GET', '/v1/services/web-app/usage?environment=production')).statusCode).toBe(200);
  // 2.0.0 drops GET /users/{userId}, which web-app was seen calling: B refuses once its kept read is out of date.
  let verdict = await ask();
  for (let waited = 0; verdict.deployable && waited < 20 * FLUSH_MS; waited += FLUSH_MS / 4) {
    await pause(FLUSH_MS / 4);
    verdict = await ask();
  }
  expect(verdict.deployable).toBe(false);
  expect(verdict.reasons.some((r) => r.consumer === 'web-app' && r.basis === 'observed')).toBe(true);
});
