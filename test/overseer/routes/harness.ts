// A registry app on a real SQLite file in a temporary folder, driven with app.inject (no network, no mocks).

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { buildApp } from '../../../overseer/app.js';
import { type Config, parseConfig } from '../../../overseer/config.js';
import { openSqliteStore } from '../../../overseer/store/sqlite/index.js';
import type { Store } from '../../../overseer/store/store.js';
import { reusedSchemaController } from '../../helpers/app-schemas.js';
import { reusedWorkPool } from '../../helpers/app-work.js';
import { writeMigratedSqlite } from '../../helpers/migrated-sqlite.js';
import { countingStore } from '../ui/counting-store.js';

export const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';

export interface Harness {
  app: FastifyInstance;
  store: Store;
  config: Config;
  /** Sends a request; `token` becomes the bearer header. */
  send(method: InjectOptions['method'], url: string, body?: unknown, token?: string): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** Harness.send for `app`: a request without a token carries `defaultToken`, if any. */
export function sendTo(app: FastifyInstance, defaultToken?: string): Harness['send'] {
  return (method, url, body, token = defaultToken) =>
    app.inject({
      method,
      url,
      ...(body !== undefined && { payload: body as InjectOptions['payload'] }),
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
}

export async function startHarness(options: { adminToken?: string; env?: Record<string, string> } = {}): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'overseer-routes-'));
  const env = { ...options.env, ...(options.adminToken && { OVERSEER_ADMIN_TOKEN: options.adminToken }) };
  const config = parseConfig({ db: join(dir, 'registry.db') }, env);
  await writeMigratedSqlite(config.db);
  const store = openSqliteStore(config.db);
  const app = buildApp({ config, store, schemaController: reusedSchemaController(), work: reusedWorkPool(config, env) });
  await app.ready();
  return {
    app,
    store,
    config,
    send: sendTo(app),
    close: async () => {
      await app.close();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Posts each [url, body] in order, failing the test at the first answer that is not a success (as its body says). */
export async function postAll(h: Harness, steps: readonly (readonly [string, unknown])[]): Promise<void> {
  for (const [url, body] of steps) {
    const res = await h.send('POST', url, body);
    expect(res.statusCode, res.body).toBeLessThan(300);
  }
}

/** users-service publishing `contract` and web-app declaring `manifest`, both at 1.0.0 and deployed to production. */
export function publishPairToProduction(h: Harness, contract: string, manifest: string): Promise<void> {
  return postAll(h, [
    ['/v1/services/users-service/versions', { version: '1.0.0', contract, service: { owners: ['@acme/users'] } }],
    ['/v1/services/web-app/versions', { version: '1.0.0', manifest, service: { owners: ['@acme/web'] } }],
    ['/v1/environments', { name: 'production' }],
    ['/v1/deployments', { service: 'users-service', version: '1.0.0', environment: 'production' }],
    ['/v1/deployments', { service: 'web-app', version: '1.0.0', environment: 'production' }],
  ]);
}

/**
 * An app on `store` whose store calls are counted in `calls`, seeded by `writes` (each must succeed): the preamble of
 * every test that says how many reads an ask made. `cleanups` closes the app.
 */
export async function openCountedApp(
  store: Store,
  cleanups: (() => Promise<void>)[],
  writes: readonly (readonly [InjectOptions['method'], string, unknown])[],
): Promise<{ app: FastifyInstance; calls: Map<string, number> }> {
  const calls = new Map<string, number>();
  const config = parseConfig({ db: 'unused.db' }, {});
  const app = buildApp({ config, store: countingStore(store, calls), schemaController: reusedSchemaController(), work: reusedWorkPool(config) });
  cleanups.push(() => app.close());
  const send = sendTo(app);
  for (const [method, url, body] of writes) expect((await send(method, url, body)).statusCode).toBeLessThan(300);
  return { app, calls };
}
