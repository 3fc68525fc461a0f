// Store suite: the providers declarations name that no service is named (a misspelling, an API nobody claims), which the
// gate reads on every ask after a write to find consumers that misspell the service asked about.

import { beforeEach, describe, expect, it } from 'vitest';
import { exportStore, importDump } from '../../../../overseer/store/dump.js';
import type { Store } from '../../../../overseer/store/store.js';
import { declare, seed } from '../builders.js';
import { collect } from '../dump-seed.js';

export function describeUnknownProviders(current: () => Store, another: () => Promise<Store>): void {
  describe('providers no service is named', () => {
    let store: Store;
    beforeEach(async () => {
      store = current();
      await seed(store).service('users-service').service('web-app').service('billing').done();
    });

    it('lists none while every declaration names a service', async () => {
      await seed(store)
        .publish('web-app', '1.0.0', { declarations: [declare('web-app', 'users-service', '*')] })
        .done();
      expect(await store.listUnknownProviders()).toEqual([]);
    });

    it('lists each misspelled provider once, in order, until a service takes the name', async () => {
      await seed(store)
        .publish('web-app', '1.0.0', { declarations: [declare('web-app', 'user-service', '*'), declare('web-app', 'users-service', '*')] })
        .publish('billing', '1.0.0', { declarations: [declare('billing', 'user-service', ['GET /a']), declare('billing', 'acounts', '*')] })
        .done();
      expect(await store.listUnknownProviders()).toEqual(['acounts', 'user-service']);
      // Registered under the misspelled name: the declarations are right after all.
      await seed(store).service('user-service').done();
      expect(await store.listUnknownProviders()).toEqual(['acounts']);
      // Declared again after the registration: still a service's name.
      await seed(store)
        .publish('web-app', '1.1.0', { declarations: [declare('web-app', 'user-service', '*')] })
        .done();
      expect(await store.listUnknownProviders()).toEqual(['acounts']);
    });

    it('leaves out an API name once its service claims it, and lists it again when the claim is given up', async () => {
      const consumesApi = { consumer: 'web-app', provider: 'users-api', uses: '*' as const, api: 'users-api' };
      await store.publishVersion({ service: 'web-app', version: '1.0.0', declarations: [consumesApi] });
      expect(await store.listUnknownProviders()).toEqual(['users-api']);
      await store.publishVersion({ service: 'users-service', version: '1.0.0', providesApis: ['users-api'] });
      expect(await store.listUnknownProviders()).toEqual([]);
      await store.publishVersion({ service: 'users-service', version: '2.0.0', providesApis: [] });
      expect(await store.listUnknownProviders()).toEqual(['users-api']);
    });

    it('lists an API name declared only while claimed once the claim is given up', async () => {
      await store.publishVersion({ service: 'users-service', version: '1.0.0', providesApis: ['users-api'] });
      await store.publishVersion({
        service: 'web-app',
        version: '1.0.0',
        declarations: [{ consumer: 'web-app', provider: 'users-api', uses: '*', api: 'users-api' }],
      });
      expect(await store.listUnknownProviders()).toEqual([]);
      await store.publishVersion({ service: 'users-service', version: '2.0.0', providesApis: [] });
      expect(await store.listUnknownProviders()).toEqual(['users-api']);
    });

    it('lists the same providers in a store restored from a dump', async () => {
      await seed(store)
        .publish('web-app', '1.0.0', { declarations: [declare('web-app', 'user-service', '*'), declare('web-app', 'billing', '*')] })
        .done();
      const restored = await another();
      await importDump(await collect(exportStore(store)), restored);
      expect(await restored.listUnknownProviders()).toEqual(['user-service']);
      await seed(restored).service('user-service').done();
      expect(await restored.listUnknownProviders()).toEqual([]);
    });
  });
}
