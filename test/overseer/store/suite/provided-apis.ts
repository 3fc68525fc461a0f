// Store suite: the API names a service provides (a Backstage entity's providesApis), and the declarations naming them.

import { beforeEach, describe, expect, it } from 'vitest';
import type { Declaration } from '../../../../contracts/index.js';
import type { Store } from '../../../../overseer/store/store.js';
import { makeContract, seed } from '../builders.js';
import { expectStoreError } from './assertions.js';

const USERS = makeContract(['/users/{id}']);
/** What a Backstage `consumesApis: [api:<api>]` entry of `consumer` declares. */
const consumesApi = (consumer: string, api: string): Declaration => ({ consumer, provider: api, uses: '*', api });

export function describeProvidedApis(current: () => Store): void {
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
  });
}
