// Store suite: a deployment, its end, a token, its revocation, an environment and a notification's retry sent with an
// Idempotency-Key are done once, however often they are sent, within the bounds the keys are kept by (a day, a count).

import { beforeEach, describe, expect, it } from 'vitest';
import type { RepeatedToken, Store } from '../../../../overseer/store/store.js';
import { type WriteKey, writeKeyOf } from '../../../../overseer/store/write-keys.js';
import { seed } from '../builders.js';
import type { SuiteStoreOptions } from '../store-suite.js';
import { expectStoreError } from './assertions.js';

export function describeWriteKeys(current: () => Store, another: (options?: SuiteStoreOptions) => Promise<Store>): void {
  let store: Store;

  // One writer (a token's hash) unless a test says another: a key is kept per writer and route.
  const keyed = (key: string, body: object, route = '/v1/deployments', writer = 'a1'.repeat(32)) => writeKeyOf(key, { writer, route, body }) as WriteKey;
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

    // The secret is made anew by each sending (the route draws it); the repeat is told of the first token, no hash.
    it('a token sent again with its key is told the token it made, without a hash, and no second token is made', async () => {
      const body = { name: 'users-ci', service: 'users-service' };
      const key = keyed('k-5', body, '/v1/tokens');
      const made = await store.createToken({ ...body, hash: 'a'.repeat(64) }, key);
      const again = await store.createToken({ ...body, hash: 'b'.repeat(64) }, key);
      expect(again).toEqual({ name: 'users-ci', service: 'users-service', createdAt: made.createdAt, repeated: true } satisfies RepeatedToken);
      expect((await store.listTokens()).map((t) => [t.name, t.hash])).toEqual([['users-ci', 'a'.repeat(64)]]);
      expect(await store.findTokenByHash('b'.repeat(64))).toBeUndefined();
    });

    it('the same key with another token is refused, and that token is not made', async () => {
      await store.createToken({ name: 'users-ci', service: 'users-service', hash: 'a'.repeat(64) }, keyed('k-6', { name: 'users-ci' }, '/v1/tokens'));
      const other = { name: 'ingest-1', service: null, scope: 'ingest' as const, hash: 'c'.repeat(64) };
      await expectStoreError(store.createToken(other, keyed('k-6', { name: 'ingest-1' }, '/v1/tokens')), 'ERR_IDEMPOTENCY_KEY_REUSED');
      expect((await store.listTokens()).map((t) => t.name)).toEqual(['users-ci']);
    });

    // A key is its writer's: another token that sends the same key (copied from a log) is not told the first one's answer.
    it('the same key from another writer is another write: recorded, and told its own answer', async () => {
      const first = await store.recordDeployment(old, undefined, keyed('k-7', old));
      await store.recordDeployment(newer, undefined, keyed('k-7', newer, '/v1/deployments', 'b2'.repeat(32)));
      expect(await live()).toEqual(['1.1.0']);
      const theirs = await store.recordDeployment(old, undefined, keyed('k-7', old, '/v1/deployments', 'c3'.repeat(32)));
      expect(theirs).toMatchObject({ status: 'created', deployment: { version: '1.0.0' } });
      expect(theirs.repeated).toBeUndefined();
      expect(theirs.deployment.id).not.toBe(first.deployment.id);
      expect(await live()).toEqual(['1.0.0']);
    });

    it('the same key on another route is another write', async () => {
      await store.recordDeployment(old, undefined, keyed('k-8', old));
      expect(await store.endDeployment(old, keyed('k-8', old, '/v1/deployments/end'))).toMatchObject([{ version: '1.0.0' }]);
      expect(await live()).toEqual([]);
    });

    it('an environment sent again with its key is told "created" again, and the same key with another name is refused', async () => {
      const key = keyed('k-9', { name: 'staging' }, '/v1/environments');
      const made = await store.createEnvironment('staging', key);
      expect(made.status).toBe('created');
      expect(await store.createEnvironment('staging', key)).toEqual({ ...made, repeated: true });
      expect((await store.createEnvironment('staging')).status).toBe('unchanged');
      await expectStoreError(store.createEnvironment('qa', keyed('k-9', { name: 'qa' }, '/v1/environments')), 'ERR_IDEMPOTENCY_KEY_REUSED');
      expect(await store.getEnvironment('qa')).toBeUndefined();
    });

    // Sent again without its key, a revocation that was done is told 410 (revoked already) as if by someone else.
    it('a revocation sent again with its key is told it revoked the token; without the key it is told "already"', async () => {
      await store.createToken({ name: 'users-ci', service: 'users-service', hash: 'a'.repeat(64) });
      const key = keyed('k-10', {}, '/v1/tokens/users-ci');
      const first = await store.revokeToken('users-ci', 'admin', key);
      expect(first).toMatchObject({ already: false, token: { name: 'users-ci', revokedBy: 'admin' } });
      expect(await store.revokeToken('users-ci', 'admin', key)).toEqual({ ...first, repeated: true });
      expect(await store.revokeToken('users-ci', 'admin')).toMatchObject({ already: true });
      expect(await store.revokeToken('users-ci', 'admin', keyed('k-11', {}, '/v1/tokens/users-ci'))).toMatchObject({ already: true });
      expect(await store.listRevokedTokens()).toHaveLength(1);
    });

    // The retry woke a worker that holds the notification now: sent again without its key, it is told "being sent".
    it('a notification retry sent again with its key is told its first answer, not that a worker is sending it', async () => {
      await store.enqueueNotifications([{ key: 'n-1', event: 'version.breaking', channel: 'slack', target: '#users-alerts', payload: {} }]);
      const [n] = await store.claimNotifications({ owner: 'w', limit: 1, leaseMs: 60_000 });
      await store.markNotificationFailed(n.id, 'w', { error: 'HTTP 500', retryInMs: null });
      const key = keyed('k-12', {}, `/v1/notifications/${n.id}/retry`);
      const first = await store.retryNotification(n.id, key);
      expect(first).toMatchObject({ status: 'pending', attempts: 0 });
      expect(first?.sendingUntil).toBeUndefined();
      expect(await store.claimNotifications({ owner: 'worker-2', limit: 1, leaseMs: 60_000 })).toHaveLength(1);
      expect(await store.retryNotification(n.id, key)).toEqual({ ...first, repeated: true });
      expect(await store.retryNotification(n.id)).toMatchObject({ sendingUntil: expect.any(String) });
    });
  });

  describe('write keys, at their bounds', () => {
    const DAY = 24 * 60 * 60 * 1000;
    let time: number;
    const clock = () => new Date(time).toISOString();

    /** A store of its own whose keys are stamped by the test's clock and kept three at most; users-service published. */
    async function openBounded(): Promise<Store> {
      time = Date.parse('2026-03-01T12:00:00.000Z');
      const bounded = await another({ writeKeys: { kept: 3, clock } });
      await seed(bounded).service('users-service').publish('users-service', '1.0.0').publish('users-service', '1.1.0').done();
      return bounded;
    }
    const liveIn = async (bounded: Store, environment = 'production') => (await bounded.liveDeployments('users-service', environment)).map((d) => d.version);

    it('a key a day old is still remembered; a key older than a day is a new write, recorded over the newer version', async () => {
      const bounded = await openBounded();
      await bounded.recordDeployment(old, undefined, keyed('day-1', old));
      await bounded.recordDeployment(newer);
      time += DAY;
      expect(await bounded.recordDeployment(old, undefined, keyed('day-1', old))).toMatchObject({ status: 'created', repeated: true });
      expect(await liveIn(bounded)).toEqual(['1.1.0']);
      time += 1;
      const late = await bounded.recordDeployment(old, undefined, keyed('day-1', old));
      expect(late).toMatchObject({ status: 'created', deployment: { version: '1.0.0' } });
      expect(late.repeated).toBeUndefined();
      expect(await liveIn(bounded)).toEqual(['1.0.0']);
      // Kept again from now: its next repeat is given this answer.
      expect(await bounded.recordDeployment(old, undefined, keyed('day-1', old))).toEqual({ ...late, repeated: true });
    });

    it('past the count, the oldest key is forgotten and its write done again; the newer keys are still remembered', async () => {
      const bounded = await openBounded();
      const to = (environment: string) => ({ ...old, environment });
      for (const n of [1, 2, 3, 4]) await bounded.recordDeployment(to(`env-${n}`), undefined, keyed(`count-${n}`, to(`env-${n}`)));
      for (const n of [1, 2]) await bounded.endDeployment(to(`env-${n}`));
      expect(await bounded.recordDeployment(to('env-2'), undefined, keyed('count-2', to('env-2')))).toMatchObject({ repeated: true });
      expect(await liveIn(bounded, 'env-2')).toEqual([]);
      const forgotten = await bounded.recordDeployment(to('env-1'), undefined, keyed('count-1', to('env-1')));
      expect([forgotten.status, forgotten.repeated]).toEqual(['created', undefined]);
      expect(await liveIn(bounded, 'env-1')).toEqual(['1.0.0']);
    });
  });
}
