// Store suite: several versions of one service live at once (rolling deploys, canaries, releases), ended one by one.

import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../../overseer/store/store.js';
import { declare, seed } from '../builders.js';
import { expectStoreError } from './assertions.js';

export function describeLiveVersions(current: () => Store): void {
  let store: Store;
  const live = async (service: string) => (await store.liveDeployments(service, 'production')).map((d) => [d.version, d.live]);

  describe('live versions', () => {
    beforeEach(async () => {
      store = current();
      await seed(store)
        .service('users-service')
        .publish('users-service', '1.0.0')
        .publish('users-service', '2.0.0')
        .publish('users-service', '3.0.0')
        .service('mobile-app')
        .publish('mobile-app', '4.1.0', { declarations: [declare('mobile-app', 'users-service', ['GET /users'])] })
        .publish('mobile-app', '4.3.0', { declarations: [declare('mobile-app', 'users-service', ['GET /users'])] })
        .done();
    });

    it('runs a rolling version beside the deployed one, and a plain deployment ends both', async () => {
      await store.recordDeployment({ service: 'users-service', version: '1.0.0', environment: 'production' });
      const rolling = await store.recordDeployment({ service: 'users-service', version: '2.0.0', environment: 'production', mode: 'rolling' });
      expect(rolling).toMatchObject({ status: 'created', deployment: { version: '2.0.0', live: 'rolling', replacedAt: null } });
      expect(await live('users-service')).toEqual([
        ['1.0.0', 'deployed'],
        ['2.0.0', 'rolling'],
      ]);
      expect((await store.currentDeployments('production')).map((d) => d.version)).toEqual(['1.0.0', '2.0.0']);

      await store.recordDeployment({ service: 'users-service', version: '2.0.0', environment: 'production' });
      expect(await live('users-service')).toEqual([['2.0.0', 'deployed']]);
    });

    it("lists the service and version of every live version of an environment, as its deployments' records name them", async () => {
      await store.recordDeployment({ service: 'users-service', version: '2.0.0', environment: 'production' });
      await store.recordDeployment({ service: 'users-service', version: '1.0.0', environment: 'production', mode: 'rolling' });
      await store.recordDeployment({ service: 'mobile-app', version: '4.3.0', environment: 'production' });
      await store.recordDeployment({ service: 'mobile-app', version: '4.1.0', environment: 'staging' });
      const expected = [
        { service: 'mobile-app', version: '4.3.0' },
        { service: 'users-service', version: '1.0.0' },
        { service: 'users-service', version: '2.0.0' },
      ];
      expect(await store.listDeployedVersions('production')).toEqual(expected);
      const records = (await store.currentDeployments('production')).map((d) => ({ service: d.service, version: d.version }));
      expect(records.sort((a, b) => a.service.localeCompare(b.service) || a.version.localeCompare(b.version))).toEqual(expected);
      await store.endDeployment({ service: 'users-service', version: '2.0.0', environment: 'production' });
      expect(await store.listDeployedVersions('production')).toEqual([expected[0], expected[1]]);
      expect(await store.listDeployedVersions('nowhere')).toEqual([]);
    });

    it('records a rolling version that is already live once', async () => {
      await store.recordDeployment({ service: 'users-service', version: '1.0.0', environment: 'production' });
      const first = await store.recordDeployment({ service: 'users-service', version: '2.0.0', environment: 'production', mode: 'rolling' });
      const again = await store.recordDeployment({ service: 'users-service', version: '2.0.0', environment: 'production', mode: 'rolling' });
      expect(again).toEqual({ status: 'unchanged', deployment: first.deployment });
      const oldAgain = await store.recordDeployment({ service: 'users-service', version: '1.0.0', environment: 'production', mode: 'rolling' });
      expect(oldAgain.status).toBe('unchanged');
    });

    it('ends one live version and reports one that is not live', async () => {
      await store.recordDeployment({ service: 'users-service', version: '1.0.0', environment: 'production' });
      await store.recordDeployment({ service: 'users-service', version: '2.0.0', environment: 'production', mode: 'rolling' });
      const ended = await store.endDeployment({ service: 'users-service', version: '1.0.0', environment: 'production' });
      expect(ended).toMatchObject([{ version: '1.0.0', live: 'deployed' }]);
      expect(ended[0]!.replacedAt).not.toBeNull();
      expect(await live('users-service')).toEqual([['2.0.0', 'rolling']]);
      await expectStoreError(store.endDeployment({ service: 'users-service', version: '1.0.0', environment: 'production' }), 'ERR_DEPLOYMENT_UNKNOWN');
      await expectStoreError(store.endDeployment({ service: 'users-service', version: '3.0.0', environment: 'production' }), 'ERR_DEPLOYMENT_UNKNOWN');
    });

    it('keeps releases supported across plain deployments until their support ends', async () => {
      await store.recordDeployment({ service: 'mobile-app', version: '4.1.0', environment: 'production', mode: 'release' });
      await store.recordDeployment({ service: 'mobile-app', version: '4.3.0', environment: 'production', mode: 'release' });
      expect((await store.recordDeployment({ service: 'mobile-app', version: '4.3.0', environment: 'production', mode: 'release' })).status).toBe('unchanged');
      expect(await live('mobile-app')).toEqual([
        ['4.1.0', 'released'],
        ['4.3.0', 'released'],
      ]);
      expect((await store.listConsumersOf('users-service', { environment: 'production' })).map((u) => [u.version, u.live])).toEqual([
        ['4.1.0', 'released'],
        ['4.3.0', 'released'],
      ]);
      // A release is not a deployment: ending "the deployment" of 4.1.0 finds none, ending its support does.
      await expectStoreError(store.endDeployment({ service: 'mobile-app', version: '4.1.0', environment: 'production' }), 'ERR_DEPLOYMENT_UNKNOWN');
      await store.endDeployment({ service: 'mobile-app', version: '4.1.0', environment: 'production', release: true });
      expect(await live('mobile-app')).toEqual([['4.3.0', 'released']]);
      expect(await store.currentDeployment('mobile-app', 'production')).toBeUndefined();
    });

    it('lists a consumer version both deployed and released once among the consumers, counted as deployed', async () => {
      await store.recordDeployment({ service: 'mobile-app', version: '4.1.0', environment: 'production' });
      await store.recordDeployment({ service: 'mobile-app', version: '4.1.0', environment: 'production', mode: 'release' });
      const listed = (uses: { consumer: string; version: string; live?: string }[]) => uses.map((u) => [u.consumer, u.version, u.live]);
      expect(listed(await store.listConsumersOf('users-service', { environment: 'production' }))).toEqual([['mobile-app', '4.1.0', 'deployed']]);
      expect(listed(await store.listConsumerTexts('users-service', { environment: 'production' }))).toEqual([['mobile-app', '4.1.0', 'deployed']]);
      expect(listed(await store.listAllUses({ environment: 'production' }))).toEqual([['mobile-app', '4.1.0', 'deployed']]);
    });

    it('exports and imports every live version with how it is live', async () => {
      await store.recordDeployment({ service: 'users-service', version: '1.0.0', environment: 'production' });
      await store.recordDeployment({ service: 'users-service', version: '2.0.0', environment: 'production', mode: 'rolling' });
      const records = [];
      for await (const r of store.exportRecords()) if (r.kind === 'deployment') records.push(r);
      expect(records.map((r) => [r.version, r.live, r.replacedAt === null])).toEqual([
        ['1.0.0', 'deployed', true],
        ['2.0.0', 'rolling', true],
      ]);
    });
  });
}
