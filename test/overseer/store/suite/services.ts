// Store suite: services, their descriptions, owners and hosts, and the generation and paging read over them.

import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../../overseer/store/store.js';
import { makeContract, seed } from '../builders.js';
import { expectStoreError } from './assertions.js';

const USERS_V1 = makeContract(['/users/{id}']);

export function describeServices(current: () => Store): void {
  let store: Store;
  beforeEach(() => {
    store = current();
  });

  describe('services', () => {
    it('creates, keeps and updates a service, clearing absent optional fields', async () => {
      const first = await store.upsertService({ name: 'users-service', owners: ['@acme/users'], slack: '#users', repository: 'acme/users' });
      expect(first.status).toBe('created');
      expect(first.service).toMatchObject({ name: 'users-service', owners: ['@acme/users'], slack: '#users', repository: 'acme/users' });

      const again = await store.upsertService({ name: 'users-service', owners: ['@acme/users'], slack: '#users', repository: 'acme/users' });
      expect(again.status).toBe('unchanged');

      const updated = await store.upsertService({ name: 'users-service', owners: ['@acme/users', '@alice'] });
      expect(updated.status).toBe('updated');
      expect(updated.service.createdAt).toBe(first.service.createdAt);
      expect(await store.getService('users-service')).toEqual(updated.service);
      expect(updated.service).not.toHaveProperty('slack');
      expect(updated.service).not.toHaveProperty('repository');
    });

    it('keeps whom Slack mentions for a service, and a new mention is an update', async () => {
      await store.upsertService({ name: 'users-service', owners: ['@acme/users'], slackMention: 'S0USERS' });
      expect(await store.getService('users-service')).toMatchObject({ slackMention: 'S0USERS' });
      expect((await store.upsertService({ name: 'users-service', owners: ['@acme/users'], slackMention: 'S0USERS' })).status).toBe('unchanged');
      const changed = await store.upsertService({ name: 'users-service', owners: ['@acme/users'], slackMention: 'U0ALICE' });
      expect(changed).toMatchObject({ status: 'updated', service: { slackMention: 'U0ALICE' } });
      expect((await store.listServices())[0].slackMention).toBe('U0ALICE');
    });

    it('keeps the host names a service is reached at, replaced as a whole, and refuses what is no host name', async () => {
      const hosts = ['users.internal', 'users.example.com'];
      const created = await store.upsertService({ name: 'users-service', owners: ['@acme/users'], hosts });
      expect(created.service.hosts).toEqual(hosts);
      expect((await store.upsertService({ name: 'users-service', owners: ['@acme/users'], hosts })).status).toBe('unchanged');
      const fewer = await store.upsertService({ name: 'users-service', owners: ['@acme/users'], hosts: ['users.internal'] });
      expect(fewer).toMatchObject({ status: 'updated', service: { hosts: ['users.internal'] } });
      const cleared = await store.upsertService({ name: 'users-service', owners: ['@acme/users'] });
      expect(cleared.status).toBe('updated');
      expect((await store.listServices())[0]).not.toHaveProperty('hosts');
      for (const bad of [
        ['https://users.internal'],
        ['users.internal:8080'],
        ['Users.Internal'],
        ['a', 'a'],
        Array.from({ length: 51 }, (_, i) => `h${i}.internal`),
      ]) {
        await expectStoreError(store.upsertService({ name: 'users-service', owners: [], hosts: bad }), 'ERR_SERVICE_INVALID');
      }
    });

    it('refuses a host another service lists, on its own and in a publication, and lets one of eight simultaneous claims win', async () => {
      await store.upsertService({ name: 'users-service', owners: ['@acme/users'], hosts: ['users.internal', 'users.example.com'] });
      const taken = { code: 'ERR_SERVICE_HOST_TAKEN', details: { host: 'users.example.com', service: 'users-service' } };
      await expect(store.upsertService({ name: 'orders-service', owners: ['@acme/orders'], hosts: ['users.example.com'] })).rejects.toMatchObject(taken);
      expect(await store.getService('orders-service')).toBeUndefined();
      const describe = { owners: ['@acme/orders'], hosts: ['orders.internal', 'users.example.com'] };
      await expect(store.publishVersion({ service: 'orders-service', describe, version: '1.0.0', contract: USERS_V1 })).rejects.toMatchObject(taken);
      expect(await store.getService('orders-service')).toBeUndefined();
      // The owner may keep, reorder or drop its own hosts; once dropped, another service may list them.
      expect((await store.upsertService({ name: 'users-service', owners: ['@acme/users'], hosts: ['users.example.com'] })).status).toBe('updated');
      expect((await store.upsertService({ name: 'orders-service', owners: ['@acme/orders'], hosts: ['users.internal'] })).status).toBe('created');

      // Connections opened first (PostgreSQL), so that the claims run side by side rather than one per new connection.
      await Promise.all(Array.from({ length: 8 }, () => store.listServices()));
      const claims = await Promise.allSettled(
        Array.from({ length: 8 }, (_, i) => store.upsertService({ name: `claimant-${i}`, owners: ['@acme/x'], hosts: ['shared.internal'] })),
      );
      expect(claims.filter((c) => c.status === 'fulfilled')).toHaveLength(1);
      expect(claims.find((c) => c.status === 'rejected')).toMatchObject({ reason: { code: 'ERR_SERVICE_HOST_TAKEN' } });
      expect((await store.listServices()).filter((s) => s.hosts?.includes('shared.internal'))).toHaveLength(1);
    });

    it('lists services by name and finds nothing for an unknown name', async () => {
      await seed(store).service('orders-service').service('auth-service').service('users-service').done();
      expect((await store.listServices()).map((s) => s.name)).toEqual(['auth-service', 'orders-service', 'users-service']);
      expect(await store.getService('ghost-service')).toBeUndefined();
    });

    it("lists each service's first owner by name, without the rest of its record", async () => {
      await store.upsertService({ name: 'users-service', owners: ['@acme/users', '@acme/platform'] });
      await store.upsertService({ name: 'auth-service', owners: [] });
      await store.upsertService({ name: 'orders-service', owners: ['@acme/orders'] });
      expect(await store.listServiceOwners()).toEqual([
        { name: 'auth-service' },
        { name: 'orders-service', owner: '@acme/orders' },
        { name: 'users-service', owner: '@acme/users' },
      ]);
    });

    it('moves the service generation with every write of a service record, and only then', async () => {
      const seen = [await store.readServiceGeneration()];
      const expectMoved = async (moved: boolean) => {
        const now = await store.readServiceGeneration();
        expect(now !== seen.at(-1), `the service generation ${moved ? 'moved' : 'stayed'}`).toBe(moved);
        seen.push(now);
      };
      await store.upsertService({ name: 'users-service', owners: ['@acme/users'] });
      await expectMoved(true);
      await store.upsertService({ name: 'users-service', owners: ['@acme/users'] });
      await seed(store)
        .publish('users-service', '1.0.0', { contract: makeContract(['/users']) })
        .done();
      await expectMoved(false);
      await store.upsertService({ name: 'users-service', owners: ['@acme/identity'] });
      await expectMoved(true);
      expect(await store.listServiceOwners()).toEqual([{ name: 'users-service', owner: '@acme/identity' }]);
      await store.publishVersion({ service: 'orders-service', version: '1.0.0', describe: { owners: ['@acme/orders'] } });
      await expectMoved(true);
    });

    it("lists each service's latest version, the one the edges without a scope are read from", async () => {
      await seed(store)
        .service('users-service')
        .service('web-app')
        .publish('users-service', '1.0.0')
        .publish('users-service', '1.10.0')
        .publish('users-service', '1.9.0')
        .publish('web-app', '2.0.0')
        .service('auth-service')
        .done();
      expect(await store.listLatestVersions()).toEqual([
        { service: 'users-service', version: '1.10.0' },
        { service: 'web-app', version: '2.0.0' },
      ]);
    });

    it('pages the services by name, filtered by a name or owner containing the text in any case, and counts them', async () => {
      await store.upsertService({ name: 'users-service', owners: ['@acme/Identity', '@acme/platform'] });
      await store.upsertService({ name: 'auth-service', owners: [] });
      await store.upsertService({ name: 'orders-service', owners: ['@acme/orders'] });
      await store.upsertService({ name: 'identity-web', owners: ['@acme/web'] });
      const names = (page: { services: { name: string }[] }) => page.services.map((s) => s.name);
      const all = await store.findServices();
      expect(all).toMatchObject({ matching: 4, total: 4 });
      expect(all.services).toEqual(await store.listServices());
      const identity = await store.findServices({ text: ' IDENTITY ' });
      expect([names(identity), identity.matching, identity.total]).toEqual([['identity-web', 'users-service'], 2, 4]);
      expect(names(await store.findServices({ offset: 1, limit: 2 }))).toEqual(['identity-web', 'orders-service']);
      const second = await store.findServices({ text: 'service', offset: 2, limit: 2 });
      expect([names(second), second.matching]).toEqual([['users-service'], 3]);
      const chosen = await store.findServices({ names: ['users-service', 'ghost-service', 'auth-service'] });
      expect([names(chosen), chosen.matching]).toEqual([['auth-service', 'users-service'], 2]);
      const both = await store.findServices({ names: ['users-service', 'auth-service'], text: 'platform' });
      expect([names(both), both.matching]).toEqual([['users-service'], 1]);
      expect(await store.findServices({ text: '%' })).toMatchObject({ services: [], matching: 0, total: 4 });
      expect(await store.findServices({ names: [] })).toMatchObject({ services: [], matching: 0 });
    });

    it('lists the names within a few edits of a name, letter case aside, by name, and none for a name no service holds a piece of', async () => {
      for (const name of ['billing-worker', 'billing-workers', 'killing-worker', 'app', 'api', 'ledger-service', 'orders-web'])
        await store.upsertService({ name, owners: ['@acme/team'] });
      expect(await store.listServiceNamesNear('billing-wroker', 2)).toEqual(['billing-worker', 'billing-workers', 'killing-worker']);
      // An edit at either end, and a name written in capitals.
      expect(await store.listServiceNamesNear('Xilling-Worker', 2)).toEqual(['billing-worker', 'billing-workers', 'killing-worker']);
      expect(await store.listServiceNamesNear('billing-workerz', 1)).toEqual(['billing-worker', 'billing-workers']);
      expect(await store.listServiceNamesNear('ap', 1)).toEqual(['api', 'app']);
      expect(await store.listServiceNamesNear('ledger-cron', 2)).toEqual([]);
      // A span's name may hold what no service name can (PostgreSQL's text refuses a NUL): it is one more edit, not an error.
      expect(await store.listServiceNamesNear('billing\u0000worker', 1)).toEqual(['billing-worker']);
      expect(await store.listServiceNamesNear('x'.repeat(5000), 2)).toEqual([]);
    });

    it('refuses names that are not kebab-case and owners that are not strings', async () => {
      await expectStoreError(store.upsertService({ name: 'Users_Service', owners: [] }), 'ERR_SERVICE_INVALID');
      await expectStoreError(store.upsertService({ name: 'users', owners: [''] }), 'ERR_SERVICE_INVALID');
      expect(await store.listServices()).toEqual([]);
    });
  });
}
