// The gate keeps a provider's observed calls between asks while nothing writes them: a call that leaves the window
// meanwhile must stop counting at the next ask, though nothing was written.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { Verdict } from '../../../contracts/model.js';
import { buildApp } from '../../../overseer/app.js';
import { parseConfig } from '../../../overseer/config.js';
import { openSqliteStore } from '../../../overseer/store/sqlite/index.js';
import { reusedSchemaController } from '../../helpers/app-schemas.js';
import { reusedWorkPool } from '../../helpers/app-work.js';
import { traceExport } from '../../helpers/otlp.js';
import { sendTo } from '../routes/harness.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/observe/${name}`, import.meta.url), 'utf8');
const DAY_MS = 24 * 60 * 60 * 1000;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

it('stops counting a kept call once it leaves the window, with nothing written in between', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'overseer-gate-calls-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  // A window of one day; the flush interval long, so that only the call's age can end what the gate keeps.
  const config = parseConfig({ db: join(dir, 'registry.db') }, { OVERSEER_USAGE_WINDOW_DAYS: '1', OVERSEER_USAGE_FLUSH_MS: '600000' });
  const store = openSqliteStore(config.db);
  // The registry's clock, moved on by the test: the call ages out of the window without the test waiting for it.
  let clock = Date.now();
  const app = buildApp({ config, store, schemaController: reusedSchemaController(), work: reusedWorkPool(config), now: () => clock });
  await app.ready();
  cleanups.push(async () => {
    await app.close();
    await store.close();
  });
  const send = sendTo(app);
  const ok = async (method: 'PUT' | 'POST', url: string, body: unknown) => expect((await send(method, url, body)).statusCode).toBeLessThan(300);
  await ok('PUT', '/v1/services/users-service', { owners: ['@acme/users'] });
  await ok('PUT', '/v1/services/web-app', { owners: ['@acme/web'] });
  await ok('POST', '/v1/services/users-service/versions', { version: '1.0.0', contract: fixture('users.v1.yaml') });
  await ok('POST', '/v1/services/users-service/versions', { version: '2.0.0', contract: fixture('users.v2-no-get-user.yaml') });
  await ok('POST', '/v1/services/web-app/versions', { version: '1.0.0', manifest: 'service: web-app\nowners: ["@acme/web"]\n' });
  await ok('POST', '/v1/environments', { name: 'production' });
  for (const service of ['users-service', 'web-app']) await ok('POST', '/v1/deployments', { service, version: '1.0.0', environment: 'production' });
  const ask = async () => (await send('GET', '/v1/can-i-deploy?service=users-service&version=2.0.0&environment=production')).json() as Verdict;
  // Deployable before the call is seen: the call alone is what refuses it below.
  expect((await ask()).deployable).toBe(true);
  // Seen a day ago less three seconds: it counts now, and no longer three seconds from now.
  const at = clock - DAY_MS + 3000;
  const call = { consumer: 'web-app', environment: 'production', provider: 'users-service', method: 'GET', url: 'https://users.internal/api/users/7', at };
  expect((await send('POST', '/v1/traces', traceExport([call]))).statusCode).toBe(200);

  const first = await ask();
  expect(first.deployable).toBe(false);
  expect(first.reasons.some((r) => r.consumer === 'web-app' && r.basis === 'observed')).toBe(true);
  clock = at + DAY_MS + 100;
  const later = await ask();
  expect(later.deployable).toBe(true);
});
