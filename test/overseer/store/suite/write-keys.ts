// Store suite: a deployment and its end sent with an Idempotency-Key are done once, however often they are sent.

import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../../overseer/store/store.js';
import { fingerprintWrite } from '../../../../overseer/store/write-keys.js';
import { seed } from '../builders.js';
import { expectStoreError } from './assertions.js';

export function describeWriteKeys(current: () => Store): void {
  let store: Store;

  const keyed = (key: string, body: object, route = '/v1/deployments') => ({ key, fingerprint: fingerprintWrite(route, body) });
  const old = { service: 'users-service', version: '1.0.0', environment: 'production' };
  const newer = { ...old, version: '1.1.0' };
  const live = async () => (await store.liveDeployments('users-service', 'production')).map((d) => d.version);

  describe('write keys', () => {
    beforeEach(async () => {
      store = current();
      await seed(store).service('users-service').publish('users-service', '1.0.0').publish('users-service', '1.1.0').done();
      await store.createEnvironment('production');
    });

    it('a deployment sent again with its key after another was recorded is given its first answer, and records nothing', async () => {
      const first = await store.recordDeployment(old, undefined, keyed('k-1', old));
      await store.recordDeployment(newer);
      const again = await store.recordDeployment(old, undefined, keyed('k-1', old));
      expect(again).toEqual({ ...first, repeated: true });
      expect(await live()).toEqual(['1.1.0']);
      expect(await store.deploymentHistory({ service: 'users-service' })).toHaveLength(2);
    });

    it('a repeat enqueues nothing again: its notifications were enqueued with the first', async () => {
      const note = (key: string) => [{ key, event: 'deployment.breaking', channel: 'slack' as const, target: '#users-alerts', payload: {} }];
      await store.recordDeployment(old, () => note('deployed-users'), keyed('k-2', old));
      await store.recordDeployment(old, () => note('deployed-again'), keyed('k-2', old));
      expect((await store.listNotifications()).map((n) => n.key)).toEqual(['deployed-users']);
    });

    it('the same key with another deployment is refused, and nothing is recorded', async () => {
      await store.recordDeployment(old, undefined, keyed('k-3', old));
      const error = await expectStoreError(store.recordDeployment(newer, undefined, keyed('k-3', newer)), 'ERR_IDEMPOTENCY_KEY_REUSED');
      expect(error.message).toContain('the Idempotency-Key k-3 was sent before with another request');
      expect(await live()).toEqual(['1.0.0']);
    });

    it('the end of a deployment sent again with its key is given the ended rows again, not "not live"', async () => {
      await store.recordDeployment(old);
      await store.recordDeployment(newer);
      await store.recordDeployment({ ...old, mode: 'rolling' });
      const end = keyed('k-4', old, '/v1/deployments/end');
      const first = await store.endDeployment(old, end);
      expect(first.map((d) => d.version)).toEqual(['1.0.0']);
      await store.recordDeployment({ ...old, mode: 'rolling' });
      expect(await store.endDeployment(old, end)).toEqual(first);
      expect(await live()).toEqual(['1.1.0', '1.0.0']);
    });
  });
}
