// What the gate keeps between asks is bounded by weight (the versions each kept read lists), and past the bound the
// questions asked least recently are dropped: a hub asked all day stays kept while asks about every other service pass
// through, and a question asked once is read again when asked again. A bound of a few questions stands in for the
// registry's; the store calls are counted on the real store (each a round trip on PostgreSQL).

import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../../contracts/model.js';
import { buildApp } from '../../../overseer/app.js';
import { parseConfig } from '../../../overseer/config.js';
import { limitKeptReads } from '../../../overseer/gather/consumer-listings.js';
import { reusedSchemaController } from '../../helpers/app-schemas.js';
import { reusedWorkPool } from '../../helpers/app-work.js';
import { eachStore, useCleanups } from '../store/each-store.js';
import { countingStore } from '../ui/counting-store.js';
import { USERS_V1, USERS_V2_BREAKING } from './fixtures.js';
import { sendTo } from './harness.js';

const STORES = eachStore();
const LEAVES = 8;

describe.each(STORES)('the reads the gate keeps on %s', (_name, open) => {
  const cleanups = useCleanups();

  it('keeps a hub asked about often past the bound, and reads a question asked once again', async () => {
    const handle = await open();
    const calls = new Map<string, number>();
    const store = countingStore(handle.store, calls);
    // The hub's read (itself and three consumers) and two leaves' fit; a third leaf's pushes out the least recently asked.
    limitKeptReads(store, 10);
    const config = parseConfig({ db: 'unused.db' }, {});
    const app = buildApp({ config, store, schemaController: reusedSchemaController(), work: reusedWorkPool(config) });
    cleanups.push(handle.cleanup, () => app.close());
    const send = sendTo(app);
    const ok = async (method: 'PUT' | 'POST', url: string, body: unknown) => expect((await send(method, url, body)).statusCode).toBeLessThan(300);
    const deploy = (service: string, version = '1.0.0') => ok('POST', '/v1/deployments', { service, version, environment: 'production' });
    await ok('POST', '/v1/environments', { name: 'production' });
    await ok('POST', '/v1/services/users-service/versions', { version: '1.0.0', contract: USERS_V1, service: { owners: ['@acme/users'] } });
    await ok('POST', '/v1/services/users-service/versions', { version: '2.0.0', contract: USERS_V2_BREAKING });
    await deploy('users-service');
    for (let i = 0; i < 3; i++) {
      const shop = `shop-${i}`;
      const uses = [{ operation: 'getUser', response: i === 0 ? ['email'] : ['id'] }];
      await ok('POST', `/v1/services/${shop}/versions`, {
        version: '1.0.0',
        declarations: [{ consumer: shop, provider: 'users-service', uses }],
        service: { owners: ['@acme/shop'] },
      });
      await deploy(shop);
    }
    for (let i = 0; i < LEAVES; i++) {
      await ok('POST', `/v1/services/leaf-${i}/versions`, { version: '1.0.0', service: { owners: ['@acme/leaf'] } });
      await deploy(`leaf-${i}`);
    }
    const ask = async (service: string, version: string) => {
      calls.clear();
      const res = await app.inject(`/v1/can-i-deploy?service=${service}&version=${version}&environment=production`);
      const refusedFor = [...new Set((res.json() as Verdict).reasons.filter((r) => r.severity === 'error').map((r) => r.consumer))];
      return { refusedFor, reads: [...calls.values()].reduce((a, b) => a + b, 0) };
    };
    const hub = () => ask('users-service', '2.0.0');

    const cold = await hub();
    const kept = await hub();
    expect([cold.refusedFor, kept.refusedFor]).toEqual([['shop-0'], ['shop-0']]);
    expect(kept.reads).toBeLessThan(cold.reads);
    const leafCold = await ask('leaf-0', '1.0.0');
    const leafKept = await ask('leaf-0', '1.0.0');
    expect(leafKept.reads).toBeLessThan(leafCold.reads);
    // Every leaf in turn between asks about the hub: the hub is never read again.
    for (let i = 1; i < LEAVES; i++) {
      expect((await ask(`leaf-${i}`, '1.0.0')).refusedFor).toEqual([]);
      expect(await hub()).toEqual(kept);
    }
    // leaf-0's read went long ago: it is read again (its listing, kept apart, is not).
    expect((await ask('leaf-0', '1.0.0')).reads).toBeGreaterThan(leafKept.reads);
  }, 120_000);
});
