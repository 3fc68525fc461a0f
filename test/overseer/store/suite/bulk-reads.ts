// Store suite: the bulk reads the dashboard pages with (listAllVersions, listAllUses, each also for a list of names;
// getVerdict) and the gate reads its versions and contracts with (readVersionSet, readContractTexts), which must give
// what the one-by-one verbs give, so a page or an ask reads the same as a loop over services would.

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

    it('reads a set of versions with their declarations in the order asked, as getVersion and getDeclarations give each', async () => {
      const asked = [
        { service: 'web', version: '2.0.0' },
        { service: 'api', version: '9.9.9' },
        { service: 'api', version: '1.1.0' },
        { service: 'nobody', version: '1.0.0' },
        { service: 'web', version: '1.0.0' },
        { service: 'web', version: '2.0.0' },
      ];
      const read = await store.readVersionSet(asked);
      expect(read.map((v) => v && `${v.service}@${v.version}:${v.declarations.map((d) => d.provider).join('+')}`)).toEqual([
        'web@2.0.0:api+db-proxy',
        undefined,
        'api@1.1.0:db-proxy',
        undefined,
        'web@1.0.0:api',
        'web@2.0.0:api+db-proxy',
      ]);
      for (const [i, { service, version }] of asked.entries()) {
        const one = await store.getVersion(service, version);
        expect(read[i]).toEqual(one && { ...one, declarations: await store.getDeclarations(service, version) });
      }
      expect(await store.readVersionSet([])).toEqual([]);
    });

    it('reads the texts of a set of contracts by hash, leaving out a hash it does not hold', async () => {
      const versions = await store.listVersions('api');
      const hashes = versions.map((v) => v.contractHash!);
      const texts = await store.readContractTexts([...hashes, 'f'.repeat(64), hashes[0]]);
      expect([...texts.keys()].sort()).toEqual([...new Set(hashes)].sort());
      for (const hash of hashes) expect(texts.get(hash)).toBe(await store.readContractText(hash));
      expect((await store.readContractTexts([])).size).toBe(0);
    });

    it('reads one verdict by id', async () => {
      const recorded = await store.recordVerdict(makeVerdict('api', '2.0.0', 'production', false), 'ci');
      expect(await store.getVerdict(recorded.id)).toEqual(recorded);
      expect(await store.getVerdict(recorded.id + 1)).toBeUndefined();
      expect(await store.getVerdict(2 ** 53 - 1)).toBeUndefined();
    });
  });
}
