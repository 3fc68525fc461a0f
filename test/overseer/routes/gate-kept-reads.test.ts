// A hub's gate in an environment reads its consumers once per generation of that environment: a publication that
// deploys nothing (4 MB of contract arriving every few seconds) must not have every hub's consumers read again on the
// event loop, and a deployment must have them read at the next ask. The store underneath is the real SQLite one, its
// consumer listings counted.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../overseer/app.js';
import { parseConfig } from '../../../overseer/config.js';
import { openSqliteStore } from '../../../overseer/store/sqlite/index.js';
import type { Store } from '../../../overseer/store/store.js';
import { reusedSchemaController } from '../../helpers/app-schemas.js';
import { USERS_V1, USERS_V2_BREAKING } from './fixtures.js';
import { type Harness, sendTo } from './harness.js';

const CONSUMERS = 5;
const nameOf = (i: number) => `shop-${i}`;

/** The real store, each consumer listing read of a provider written down. */
function countingStore(store: Store, listings: string[]): Store {
  return new Proxy(store, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (key === 'listConsumerTexts') return (provider: string, ...rest: unknown[]) => (listings.push(provider), value.call(target, provider, ...rest));
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe("a hub's gate and the reads it keeps", () => {
  let dir: string;
  let store: Store;
  let app: FastifyInstance;
  let send: Harness['send'];
  const listings: string[] = [];
  const ok = async (res: Promise<{ statusCode: number; body: string }>) => expect((await res).statusCode, (await res).body).toBeLessThan(300);
  const readsEmail = (consumer: string) => [{ consumer, provider: 'users-service', uses: [{ operation: 'getUser', response: ['email'] }] }];
  const readsId = (consumer: string) => [{ consumer, provider: 'users-service', uses: [{ operation: 'getUser', response: ['id'] }] }];

  /** users-service 2.0.0 (drops `email`) to production: whom it breaks, and how many listings of users-service were read for it. */
  async function ask(): Promise<{ broken: string[]; listed: number }> {
    const before = listings.filter((p) => p === 'users-service').length;
    const res = await app.inject('/v1/can-i-deploy?service=users-service&version=2.0.0&environment=production');
    expect(res.statusCode).toBe(200);
    const reasons = (res.json() as { reasons: { code: string; consumer?: string }[] }).reasons;
    const broken = reasons.filter((r) => r.code === 'breaks-consumer').map((r) => r.consumer!);
    return { broken, listed: listings.filter((p) => p === 'users-service').length - before };
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'overseer-gate-kept-reads-'));
    const config = parseConfig({ db: join(dir, 'registry.db') }, {});
    store = openSqliteStore(config.db);
    app = buildApp({ config, store: countingStore(store, listings), schemaController: reusedSchemaController() });
    send = sendTo(app);
    await ok(send('POST', '/v1/environments', { name: 'production' }));
    await ok(send('PUT', '/v1/services/users-service', { owners: ['@acme/users'] }));
    await ok(send('POST', '/v1/services/users-service/versions', { version: '1.0.0', contract: USERS_V1 }));
    await ok(send('POST', '/v1/deployments', { service: 'users-service', version: '1.0.0', environment: 'production' }));
    await ok(send('POST', '/v1/services/users-service/versions', { version: '2.0.0', contract: USERS_V2_BREAKING }));
    for (let i = 0; i < CONSUMERS; i++) {
      await ok(send('PUT', `/v1/services/${nameOf(i)}`, { owners: ['@acme/shop'] }));
      await ok(send('POST', `/v1/services/${nameOf(i)}/versions`, { version: '1.0.0', declarations: readsId(nameOf(i)) }));
      await ok(send('POST', '/v1/deployments', { service: nameOf(i), version: '1.0.0', environment: 'production' }));
    }
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the consumers again after a deployment, not after publications that deploy nothing', async () => {
    expect(await ask()).toEqual({ broken: [], listed: 1 });
    expect(await ask()).toEqual({ broken: [], listed: 0 });

    // New versions, of the hub and of a consumer, deployed nowhere: production is as it was, and so is its listing.
    await ok(send('POST', '/v1/services/users-service/versions', { version: '2.1.0', contract: USERS_V1.replace('version: 1.0.0', 'version: 2.1.0') }));
    await ok(send('POST', `/v1/services/${nameOf(0)}/versions`, { version: '1.1.0', declarations: readsEmail(nameOf(0)) }));
    expect(await ask()).toEqual({ broken: [], listed: 0 });

    await ok(send('POST', '/v1/deployments', { service: nameOf(0), version: '1.1.0', environment: 'production' }));
    expect(await ask()).toEqual({ broken: [nameOf(0)], listed: 1 });
    expect(await ask()).toEqual({ broken: [nameOf(0)], listed: 0 });
  });
});
