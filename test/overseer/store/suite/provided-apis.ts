// Store suite: the API names a service provides (a Backstage entity's providesApis), and the declarations naming them.

import { beforeEach, describe, expect, it } from 'vitest';
import type { Declaration } from '../../../../contracts/index.js';
import { exportStore, importDump } from '../../../../overseer/store/dump.js';
import type { Store } from '../../../../overseer/store/store.js';
import { makeContract, seed } from '../builders.js';
import { collect, sealDump } from '../dump-seed.js';
import { expectStoreError } from './assertions.js';

const USERS = makeContract(['/users/{id}']);
/** What a Backstage `consumesApis: [api:<api>]` entry of `consumer` declares. */
const consumesApi = (consumer: string, api: string): Declaration => ({ consumer, provider: api, uses: '*', api });

export function describeProvidedApis(current: () => Store, another: () => Promise<Store>): void {
  let store: Store;
  beforeEach(() => {
    store = current();
  });

  describe('APIs a service provides', () => {
    beforeEach(async () => {
      await seed(store).service('users-service').service('accounts-service').service('checkout-web').done();
    });

    it('resolves a declaration of the API to its service, whichever was published first, for every reader', async () => {
      await store.publishVersion({ service: 'checkout-web', version: '1.0.0', declarations: [consumesApi('checkout-web', 'users-api')] });
      expect(await store.getDeclarations('checkout-web', '1.0.0')).toEqual([consumesApi('checkout-web', 'users-api')]);
      expect(await store.listConsumersOf('users-service')).toEqual([]);

      await store.publishVersion({ service: 'users-service', version: '1.0.0', contract: USERS, providesApis: ['users-api'] });
      const resolved = { consumer: 'checkout-web', provider: 'users-service', uses: '*', api: 'users-api' };
      expect(await store.getDeclarations('checkout-web', '1.0.0')).toEqual([resolved]);
      expect((await store.listConsumersOf('users-service')).map((u) => [u.consumer, u.version])).toEqual([['checkout-web', '1.0.0']]);

      // A later consumer is resolved as it is published; the same entity again is unchanged, not a conflict.
      await store.publishVersion({ service: 'checkout-web', version: '1.1.0', declarations: [consumesApi('checkout-web', 'users-api')] });
      expect(await store.getDeclarations('checkout-web', '1.1.0')).toEqual([resolved]);
      const again = await store.publishVersion({ service: 'checkout-web', version: '1.1.0', declarations: [consumesApi('checkout-web', 'users-api')] });
      expect(again.status).toBe('unchanged');
    });

    it('merges an API declaration with a declaration of its service by name into one use of everything', async () => {
      await store.publishVersion({ service: 'users-service', version: '1.0.0', providesApis: ['users-api'] });
      const both = [consumesApi('checkout-web', 'users-api'), consumesApi('checkout-web', 'users-service')];
      await store.publishVersion({ service: 'checkout-web', version: '1.0.0', declarations: both });
      expect(await store.getDeclarations('checkout-web', '1.0.0')).toEqual([
        { consumer: 'checkout-web', provider: 'users-service', uses: '*', api: 'users-api' },
      ]);
    });

    it("refuses a name another service provides or goes by, writing nothing; a plain publication keeps the service's claims", async () => {
      await store.publishVersion({ service: 'users-service', version: '1.0.0', providesApis: ['users-api'] });
      const taken = await expectStoreError(
        store.publishVersion({ service: 'accounts-service', version: '1.0.0', providesApis: ['users-api'] }),
        'ERR_API_TAKEN',
      );
      expect(taken.message).toContain('the API users-api is already provided by users-service');
      await expectStoreError(store.publishVersion({ service: 'accounts-service', version: '1.0.0', providesApis: ['checkout-web'] }), 'ERR_API_TAKEN');
      expect(await store.getVersion('accounts-service', '1.0.0')).toBeUndefined();

      await store.publishVersion({ service: 'users-service', version: '1.1.0', contract: USERS });
      await store.publishVersion({ service: 'checkout-web', version: '1.0.0', declarations: [consumesApi('checkout-web', 'users-api')] });
      expect((await store.getDeclarations('checkout-web', '1.0.0'))[0].provider).toBe('users-service');
    });

    it('gives a name claimed by two publications at once to one of them; the other is refused and writes nothing', async () => {
      // Several rounds, each API claimed by both at once, in both orders: the claims interleave on a store with a pool.
      for (let round = 0; round < 6; round++) {
        const api = `race-api-${round}`;
        const apis = round % 2 === 0 ? [api, `${api}-b`] : [`${api}-b`, api];
        const version = `1.0.${round}`;
        const results = await Promise.allSettled([
          store.publishVersion({ service: 'users-service', version, providesApis: [api, `${api}-b`] }),
          store.publishVersion({ service: 'accounts-service', version, providesApis: apis }),
        ]);
        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as { code?: string }] : []));
        expect(won).toHaveLength(1);
        expect(lost.map((e) => e.code)).toEqual(['ERR_API_TAKEN']);
        const winner = results[0].status === 'fulfilled' ? 'users-service' : 'accounts-service';
        const loser = winner === 'users-service' ? 'accounts-service' : 'users-service';
        expect(await store.getVersion(loser, version)).toBeUndefined();
        await store.publishVersion({
          service: 'checkout-web',
          version,
          declarations: [consumesApi('checkout-web', api), consumesApi('checkout-web', `${api}-b`)],
        });
        expect((await store.getDeclarations('checkout-web', version)).map((d) => d.provider)).toEqual([winner]);
      }
    });

    it('gives a name back to its consumers as written when the entity stops listing it, and lets another service take it', async () => {
      await store.publishVersion({ service: 'users-service', version: '1.0.0', providesApis: ['users-api'] });
      await store.publishVersion({ service: 'checkout-web', version: '1.0.0', declarations: [consumesApi('checkout-web', 'users-api')] });
      await store.publishVersion({ service: 'users-service', version: '2.0.0', providesApis: [] });
      expect(await store.getDeclarations('checkout-web', '1.0.0')).toEqual([consumesApi('checkout-web', 'users-api')]);
      await store.publishVersion({ service: 'accounts-service', version: '1.0.0', providesApis: ['users-api'] });
      expect((await store.getDeclarations('checkout-web', '1.0.0'))[0].provider).toBe('accounts-service');
    });

    it('refuses a new service named as an API another service provides, saying whose; the owner and a free name are accepted', async () => {
      await store.publishVersion({ service: 'users-service', version: '1.0.0', providesApis: ['users-api'] });
      const taken = await expectStoreError(store.upsertService({ name: 'users-api', owners: ['@acme/team'] }), 'ERR_API_TAKEN');
      expect(taken.message).toBe(
        "the name users-api is an API users-service provides (its spec.providesApis), and consumers naming users-api mean users-service: register the service under another name, or publish users-service's entity without users-api first",
      );
      expect(taken.details).toEqual({ api: 'users-api', service: 'users-service' });
      expect(await store.getService('users-api')).toBeUndefined();
      // A publication describing the service (a Backstage entity named so) is refused the same way and writes nothing.
      const described = { owners: ['@acme/team'] };
      await expectStoreError(store.publishVersion({ service: 'users-api', version: '1.0.0', describe: described }), 'ERR_API_TAKEN');
      expect(await store.getService('users-api')).toBeUndefined();
      // The service itself may be written again, and a name nobody claims is free.
      expect((await store.upsertService({ name: 'users-service', owners: ['@acme/other'] })).status).toBe('updated');
      expect((await store.upsertService({ name: 'billing-service', owners: ['@acme/team'] })).status).toBe('created');
    });

    it('gives a name registered as a service and claimed as an API at once to one of them', async () => {
      for (let round = 0; round < 6; round++) {
        const name = `both-${round}`;
        const results = await Promise.allSettled([
          store.upsertService({ name, owners: ['@acme/team'] }),
          store.publishVersion({ service: 'users-service', version: `1.0.${round}`, providesApis: [name] }),
        ]);
        const lost = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as { code?: string }).code] : []));
        expect(lost).toEqual(['ERR_API_TAKEN']);
        const serviceWon = results[0].status === 'fulfilled';
        expect((await store.getService(name)) !== undefined).toBe(serviceWon);
        expect((await store.getVersion('users-service', `1.0.${round}`)) !== undefined).toBe(!serviceWon);
      }
    });

    it('moves the generation of an environment and of the latest scope whose listings a claim rewrites, though no deployment moved', async () => {
      await store.publishVersion({ service: 'checkout-web', version: '1.0.0', declarations: [consumesApi('checkout-web', 'users-api')] });
      await store.recordDeployment({ service: 'checkout-web', version: '1.0.0', environment: 'production' });
      await store.publishVersion({ service: 'users-service', version: '1.0.0', contract: USERS });
      const before = { production: await store.readScopeGeneration({ environment: 'production' }), latest: await store.readScopeGeneration() };
      expect(await store.listConsumersOf('users-service', { environment: 'production' })).toEqual([]);

      // users-service's own latest version is not new: only the claim rewrote what both scopes list.
      await store.publishVersion({ service: 'users-service', version: '0.9.0', contract: USERS, providesApis: ['users-api'] });
      expect((await store.listConsumersOf('users-service', { environment: 'production' })).map((u) => u.consumer)).toEqual(['checkout-web']);
      expect((await store.listConsumersOf('users-service')).map((u) => u.consumer)).toEqual(['checkout-web']);
      expect(await store.readScopeGeneration({ environment: 'production' })).not.toBe(before.production);
      expect(await store.readScopeGeneration()).not.toBe(before.latest);
    });

    it('restores a dump in which a service goes by a name another service provides as an API, as it was', async () => {
      await store.publishVersion({ service: 'users-service', version: '1.0.0', contract: USERS, providesApis: ['users-api'] });
      await store.publishVersion({ service: 'checkout-web', version: '1.0.0', declarations: [consumesApi('checkout-web', 'users-api')] });
      // Such a registry was written before both ways were refused: the dump holds the service users-api too.
      const records = await collect(exportStore(store));
      const service = records.findIndex((line) => line.includes('"name":"users-service"'));
      const conflicting = records[service].replace('"name":"users-service"', '"name":"users-api"').replace(/,"apis":\[[^\]]*\]/, '');
      const end = records.findIndex((line) => line.startsWith('{"kind":"end"'));
      const counted = records[end].replace(/"service":(\d+)/, (_, n: string) => `"service":${Number(n) + 1}`);
      const restored = await another();
      await importDump(sealDump([...records.slice(0, service), conflicting, ...records.slice(service, end), counted]), restored);
      expect((await restored.getService('users-api'))?.name).toBe('users-api');
      // Each declaration keeps the provider it had: the Backstage one names the API's owner.
      expect((await restored.getDeclarations('checkout-web', '1.0.0'))[0].provider).toBe('users-service');
      // The owner's entity can be published again; nothing new may take the other's name.
      expect((await restored.publishVersion({ service: 'users-service', version: '1.1.0', providesApis: ['users-api'] })).status).toBe('created');
      await expectStoreError(restored.publishVersion({ service: 'accounts-service', version: '1.0.0', providesApis: ['checkout-web'] }), 'ERR_API_TAKEN');
    });
  });
}
