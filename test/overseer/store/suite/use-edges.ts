// Store suite: the dependency graph's edges, the same pairs as listAllUses in every scope, without the uses.

import { beforeEach, describe, expect, it } from 'vitest';
import type { ConsumerScope, Store } from '../../../../overseer/store/store.js';
import { declare, seed, seedApiHistory } from '../builders.js';

export function describeUseEdges(current: () => Store): void {
  describe('use edges', () => {
    let store: Store;
    beforeEach(async () => {
      store = current();
      await seedApiHistory(store)
        .publish('web', '1.0.0', { branch: 'main', declarations: [declare('web', 'api', ['GET /a'])] })
        .publish('web', '1.10.0', { branch: 'next', declarations: [declare('web', 'db-proxy', '*'), declare('web', 'api', ['GET /b'])] })
        .publish('web', '1.9.0', { branch: 'next', declarations: [declare('web', 'api', ['GET /a'])] })
        .deploy('web', '1.0.0', 'production')
        .deploy('api', '1.1.0', 'production')
        .deploy('api', '1.1.0', 'staging')
        .done();
    });

    const key = (e: { consumer: string; version: string; provider: string }) => `${e.consumer}@${e.version}>${e.provider}`;

    it('lists who uses whom in the counted versions: latest by semver, on a branch, or deployed', async () => {
      // web's latest is 1.10.0 (semver, though 1.9.0 came later); api's latest, 2.0.0, declares nothing.
      expect((await store.listUseEdges()).map(key)).toEqual(['web@1.10.0>api', 'web@1.10.0>db-proxy']);
      expect((await store.listUseEdges({ branch: 'main' })).map(key)).toEqual(['api@1.1.0>db-proxy', 'web@1.0.0>api']);
      expect((await store.listUseEdges({ environment: 'production' })).map(key)).toEqual(['api@1.1.0>db-proxy', 'web@1.0.0>api']);
      expect((await store.listUseEdges({ environment: 'staging' })).map(key)).toEqual(['api@1.1.0>db-proxy']);
      expect(await store.listUseEdges({ environment: 'nowhere' })).toEqual([]);
      expect(await store.listUseEdges({ branch: 'nowhere' })).toEqual([]);
    });

    it('holds the same pairs as listAllUses, in the same order', async () => {
      const scopes: ConsumerScope[] = [{}, { branch: 'main' }, { branch: 'next' }, { environment: 'production' }];
      for (const scope of scopes) {
        const uses = await store.listAllUses(scope);
        expect(await store.listUseEdges(scope)).toEqual(uses.map((u) => ({ consumer: u.consumer, version: u.version, provider: u.declaration.provider })));
      }
    });

    it('reads only the providers asked for', async () => {
      expect((await store.listUseEdges({ environment: 'production' }, ['api'])).map(key)).toEqual(['web@1.0.0>api']);
      expect((await store.listUseEdges({ environment: 'production' }, ['db-proxy', 'nobody'])).map(key)).toEqual(['api@1.1.0>db-proxy']);
      expect((await store.listUseEdges({}, ['db-proxy'])).map(key)).toEqual(['web@1.10.0>db-proxy']);
      expect((await store.listUseEdges({ branch: 'main' }, ['db-proxy', 'web'])).map(key)).toEqual(['api@1.1.0>db-proxy']);
      expect(await store.listUseEdges({ environment: 'production' }, [])).toEqual([]);
    });

    it('keeps the latest version as versions arrive: semver while every version is semver, else publish order', async () => {
      await seed(store)
        .service('cli')
        .publish('cli', '2.0.0', { declarations: [declare('cli', 'api', ['GET /a'])] })
        .publish('cli', '1.5.0', { declarations: [declare('cli', 'db-proxy', '*')] })
        .done();
      const cliEdges = async () => (await store.listUseEdges()).filter((e) => e.consumer === 'cli').map(key);
      // 1.5.0 came later, but 2.0.0 is higher.
      expect(await cliEdges()).toEqual(['cli@2.0.0>api']);
      // A version outside semver orders the whole list by publish time: the newest is the latest.
      await seed(store)
        .publish('cli', 'nightly', { declarations: [declare('cli', 'web', '*')] })
        .done();
      expect(await cliEdges()).toEqual(['cli@nightly>web']);
      // Publishing the same version again changes nothing.
      await seed(store)
        .publish('cli', '1.5.0', { declarations: [declare('cli', 'db-proxy', '*')] })
        .done();
      expect(await cliEdges()).toEqual(['cli@nightly>web']);
      expect(await store.listUseEdges()).toEqual(
        (await store.listAllUses()).map((u) => ({ consumer: u.consumer, version: u.version, provider: u.declaration.provider })),
      );
    });

    it('follows a deployment that replaces another', async () => {
      await store.recordDeployment({ service: 'web', version: '1.10.0', environment: 'production' });
      expect((await store.listUseEdges({ environment: 'production' })).map(key)).toEqual(['api@1.1.0>db-proxy', 'web@1.10.0>api', 'web@1.10.0>db-proxy']);
    });
  });
}
