// Store suite: the bulk reads the dashboard pages with (listAllVersions, listAllUses, each also for a list of names;
// getVerdict), which must give what the one-by-one verbs give, so a page reads the same as a loop over services would.

import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../../overseer/store/store.js';
import { declare, makeVerdict, seedApiHistory } from '../builders.js';

export function describeBulkReads(current: () => Store): void {
  describe('bulk reads', () => {
    let store: Store;
    beforeEach(async () => {
      store = current();
      await seedApiHistory(store)
        .publish('web', '1.0.0', { branch: 'main', declarations: [declare('web', 'api', ['GET /a'])] })
        .publish('web', '1.0.0', { branch: 'release', declarations: [declare('web', 'api', ['GET /a'])] })
        .publish('web', '2.0.0', { branch: 'next', declarations: [declare('web', 'api', ['GET /b']), declare('web', 'db-proxy', '*')] })
        .deploy('web', '1.0.0', 'production')
        .deploy('api', '1.0.0', 'production')
        .deploy('api', '1.1.0', 'staging')
        .done();
    });

    const key = (u: { consumer: string; version: string; declaration: { provider: string } }) => `${u.consumer}@${u.version}>${u.declaration.provider}`;

    it('lists every version of every service: by service, each in version order, with branches', async () => {
      const all = await store.listAllVersions();
      expect(all.map((v) => `${v.service}@${v.version}:${v.branches.join('+')}`)).toEqual([
        'api@1.0.0:main',
        'api@1.1.0:main',
        'api@2.0.0:next',
        'web@1.0.0:main+release',
        'web@2.0.0:next',
      ]);
      for (const service of ['api', 'web']) expect(all.filter((v) => v.service === service)).toEqual(await store.listVersions(service));
    });

    it('lists the uses of every provider at once, as listConsumersOf does one by one', async () => {
      // api's latest version (2.0.0) declares nothing, so api uses nobody, though 1.1.0 did.
      expect((await store.listAllUses()).map(key)).toEqual(['web@2.0.0>api', 'web@2.0.0>db-proxy']);
      expect((await store.listAllUses({ environment: 'production' })).map(key)).toEqual(['web@1.0.0>api']);
      expect((await store.listAllUses({ branch: 'main' })).map(key)).toEqual(['api@1.1.0>db-proxy', 'web@1.0.0>api']);
      expect(await store.listAllUses({ environment: 'nowhere' })).toEqual([]);
      for (const scope of [{}, { environment: 'production' }, { branch: 'main' }]) {
        const all = await store.listAllUses(scope);
        for (const provider of ['api', 'db-proxy']) {
          expect(all.filter((u) => u.declaration.provider === provider)).toEqual(await store.listConsumersOf(provider, scope));
        }
      }
    });

    it('reads only the services and providers asked for, as a page of the services list does', async () => {
      expect((await store.listAllVersions(['web', 'nobody'])).map((v) => `${v.service}@${v.version}:${v.branches.join('+')}`)).toEqual([
        'web@1.0.0:main+release',
        'web@2.0.0:next',
      ]);
      expect(await store.listAllVersions([])).toEqual([]);
      expect((await store.listAllUses({ environment: 'production' }, ['api'])).map(key)).toEqual(['web@1.0.0>api']);
      expect(await store.listAllUses({ environment: 'production' }, ['db-proxy'])).toEqual([]);
      expect((await store.listAllUses({}, ['db-proxy'])).map(key)).toEqual(['web@2.0.0>db-proxy']);
      expect((await store.listAllUses({ branch: 'main' }, ['db-proxy', 'web'])).map(key)).toEqual(['api@1.1.0>db-proxy']);
    });

    it('reads one verdict by id', async () => {
      const recorded = await store.recordVerdict(makeVerdict('api', '2.0.0', 'production', false), 'ci');
      expect(await store.getVerdict(recorded.id)).toEqual(recorded);
      expect(await store.getVerdict(recorded.id + 1)).toBeUndefined();
      expect(await store.getVerdict(2 ** 53 - 1)).toBeUndefined();
    });
  });
}
