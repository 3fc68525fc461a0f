// Store suite: the admin's move of a squatted host or API name to the service that should hold it.

import { beforeEach, describe, expect, it } from 'vitest';
import type { Declaration } from '../../../../contracts/index.js';
import type { Store } from '../../../../overseer/store/store.js';
import { seed } from '../builders.js';
import { expectStoreError } from './assertions.js';

const consumesApi = (consumer: string, api: string): Declaration => ({ consumer, provider: api, uses: '*', api });

export function describeClaimMoves(current: () => Store): void {
  let store: Store;
  describe('a claim moved by the admin', () => {
    beforeEach(async () => {
      store = current();
      await seed(store).service('users-service').service('squatter').service('checkout-web').done();
    });

    it('takes a host from the service that listed it first, and the squatter cannot list it again', async () => {
      await store.upsertService({ name: 'squatter', owners: ['@evil'], hosts: ['users.internal', 'squatter.internal'] });
      await expectStoreError(store.upsertService({ name: 'users-service', owners: ['@acme/users'], hosts: ['users.internal'] }), 'ERR_SERVICE_HOST_TAKEN');

      const moved = await store.moveClaim({ kind: 'host', name: 'users.internal', to: 'users-service' });
      expect(moved).toEqual({ kind: 'host', name: 'users.internal', to: 'users-service', from: 'squatter', status: 'moved' });
      expect((await store.getService('users-service'))?.hosts).toEqual(['users.internal']);
      expect((await store.getService('squatter'))?.hosts).toEqual(['squatter.internal']);
      const again = await expectStoreError(
        store.upsertService({ name: 'squatter', owners: ['@evil'], hosts: ['users.internal', 'squatter.internal'] }),
        'ERR_SERVICE_HOST_TAKEN',
      );
      expect(again.message).toContain('host users.internal is already listed by users-service');
      expect(await store.moveClaim({ kind: 'host', name: 'users.internal', to: 'users-service' })).toMatchObject({
        from: 'users-service',
        status: 'unchanged',
      });
    });

    it('gives a host nobody listed, and clears the hosts of a squatter left with none', async () => {
      expect(await store.moveClaim({ kind: 'host', name: 'new.internal', to: 'squatter' })).toMatchObject({ from: null, status: 'moved' });
      await store.moveClaim({ kind: 'host', name: 'new.internal', to: 'users-service' });
      expect((await store.getService('squatter'))?.hosts).toBeUndefined();
    });

    it("takes an API name with its consumers' declarations, which then name the rightful provider", async () => {
      await store.publishVersion({ service: 'squatter', version: '1.0.0', providesApis: ['users-api'] });
      await store.publishVersion({ service: 'checkout-web', version: '1.0.0', declarations: [consumesApi('checkout-web', 'users-api')] });
      expect((await store.getDeclarations('checkout-web', '1.0.0'))[0].provider).toBe('squatter');
      expect(await store.listProvidedApis()).toEqual([{ api: 'users-api', service: 'squatter' }]);

      expect(await store.moveClaim({ kind: 'api', name: 'users-api', to: 'users-service' })).toMatchObject({ from: 'squatter', status: 'moved' });
      expect((await store.getDeclarations('checkout-web', '1.0.0'))[0].provider).toBe('users-service');
      expect(await store.listProvidedApis()).toEqual([{ api: 'users-api', service: 'users-service' }]);
      expect((await store.listConsumersOf('users-service')).map((u) => u.consumer)).toEqual(['checkout-web']);
      expect(await store.listConsumersOf('squatter')).toEqual([]);
      const refused = await expectStoreError(store.publishVersion({ service: 'squatter', version: '1.1.0', providesApis: ['users-api'] }), 'ERR_API_TAKEN');
      expect(refused.message).toContain('already provided by users-service');
    });

    it("refuses a service's name as an API, and a service that does not exist, moving nothing", async () => {
      await expectStoreError(store.moveClaim({ kind: 'api', name: 'checkout-web', to: 'users-service' }), 'ERR_API_TAKEN');
      await expectStoreError(store.moveClaim({ kind: 'host', name: 'users.internal', to: 'nobody' }), 'ERR_SERVICE_UNKNOWN');
      await expectStoreError(store.moveClaim({ kind: 'host', name: 'Not A Host', to: 'users-service' }), 'ERR_SERVICE_INVALID');
      expect((await store.getService('users-service'))?.hosts).toBeUndefined();
    });
  });
}
