// Store suite: the outbox (notifications enqueued with their event, leased, delivered, dead-lettered) and webhooks.

import { setTimeout as pause } from 'node:timers/promises';
import { beforeEach, describe, expect, it } from 'vitest';
import type { NotificationInput, PublishResult, Store } from '../../../../overseer/store/store.js';
import { makeContract, makeVerdict, seed } from '../builders.js';
import { expectStoreError } from './assertions.js';

const note = (key: string, extra: Partial<NotificationInput> = {}): NotificationInput => ({
  key,
  event: 'version.breaking',
  channel: 'slack',
  target: '#users-alerts',
  payload: { key, nested: { list: [1, 'two'] } },
  ...extra,
});

export function describeNotifications(current: () => Store): void {
  let store: Store;
  beforeEach(() => {
    store = current();
  });

  describe('outbox', () => {
    it('enqueues each key once, keeps the payload as given, and lists newest first', async () => {
      expect(await store.enqueueNotifications([note('a'), note('b', { channel: 'webhook', target: 'https://hooks.example.com/x', verdictId: 7 })])).toBe(2);
      expect(await store.enqueueNotifications([note('a'), note('c')])).toBe(1);
      const all = await store.listNotifications();
      expect(all.map((n) => n.key)).toEqual(['c', 'b', 'a']);
      expect(all[1]).toMatchObject({ channel: 'webhook', verdictId: 7, status: 'pending', attempts: 0, lastError: null, deliveredAt: null });
      expect(all[2].payload).toEqual({ key: 'a', nested: { list: [1, 'two'] } });
      expect(all[2].verdictId).toBeUndefined();
      expect(await store.getNotification(all[0].id)).toEqual(all[0]);
      expect(await store.getNotification(999_999)).toBeUndefined();
      expect(await store.listNotifications({ limit: 1 })).toHaveLength(1);
    });

    it('leases due notifications to one claimer at a time, oldest first', async () => {
      await store.enqueueNotifications([note('a'), note('b'), note('c')]);
      const [first, second] = await Promise.all([
        store.claimNotifications({ owner: 'worker-1', limit: 2, leaseMs: 60_000 }),
        store.claimNotifications({ owner: 'worker-2', limit: 2, leaseMs: 60_000 }),
      ]);
      const keys = [...first, ...second].map((n) => n.key).sort();
      expect(keys).toEqual(['a', 'b', 'c']);
      expect(await store.claimNotifications({ owner: 'worker-3', limit: 10, leaseMs: 60_000 })).toEqual([]);
    });

    it('lets another worker claim a notification whose lease ran out (its owner died)', async () => {
      await store.enqueueNotifications([note('a')]);
      const [claimed] = await store.claimNotifications({ owner: 'dead-worker', limit: 1, leaseMs: 1 });
      await pause(20);
      const [again] = await store.claimNotifications({ owner: 'worker-2', limit: 1, leaseMs: 60_000 });
      expect(again.id).toBe(claimed.id);
      // Its lease lapsed with no outcome recorded: the worker is told it may have been sent already.
      expect([claimed.reclaimed, again.reclaimed]).toEqual([undefined, true]);
      // The dead worker's late report no longer counts: the row is someone else's now.
      expect(await store.markNotificationFailed(claimed.id, 'dead-worker', { error: 'late', retryInMs: 0 })).toBe(false);
    });

    it('counts failed attempts, waits before the next, and dead-letters after the last', async () => {
      await store.enqueueNotifications([note('a')]);
      const [n] = await store.claimNotifications({ owner: 'w', limit: 1, leaseMs: 60_000 });
      expect(await store.markNotificationFailed(n.id, 'w', { error: 'HTTP 500', retryInMs: 60_000 })).toBe(true);
      expect(await store.getNotification(n.id)).toMatchObject({ status: 'pending', attempts: 1, lastError: 'HTTP 500' });
      expect(await store.claimNotifications({ owner: 'w', limit: 1, leaseMs: 60_000 })).toEqual([]);

      await store.retryNotification(n.id);
      const [due] = await store.claimNotifications({ owner: 'w', limit: 1, leaseMs: 60_000 });
      expect(await store.markNotificationFailed(due.id, 'w', { error: 'channel_not_found', retryInMs: null })).toBe(true);
      const dead = await store.getNotification(n.id);
      expect(dead).toMatchObject({ status: 'failed', attempts: 1, lastError: 'channel_not_found' });
      expect((await store.listNotifications({ status: 'failed' })).map((x) => x.id)).toEqual([n.id]);
      expect(await store.listNotifications({ status: 'pending' })).toEqual([]);
      expect(await store.claimNotifications({ owner: 'w', limit: 1, leaseMs: 60_000 })).toEqual([]);
    });

    it('retries a dead letter by hand with fresh attempts, and never a delivered notification', async () => {
      await store.enqueueNotifications([note('a'), note('b')]);
      const claimed = await store.claimNotifications({ owner: 'w', limit: 2, leaseMs: 60_000 });
      const a = claimed.find((n) => n.key === 'a')!;
      const b = claimed.find((n) => n.key === 'b')!;
      await store.markNotificationFailed(a.id, 'w', { error: 'gone', retryInMs: null });
      expect(await store.markNotificationDelivered(b.id)).toBe(true);
      expect(await store.markNotificationDelivered(b.id)).toBe(false);

      expect(await store.retryNotification(a.id)).toMatchObject({ status: 'pending', attempts: 0, lastError: 'gone' });
      expect(await store.retryNotification(b.id)).toMatchObject({ status: 'delivered', attempts: 1 });
      expect(await store.retryNotification(999_999)).toBeUndefined();
      const due = await store.claimNotifications({ owner: 'w', limit: 5, leaseMs: 60_000 });
      expect(due.map((n) => n.key)).toEqual(['a']);
      expect(await store.getNotification(b.id)).toMatchObject({ status: 'delivered', deliveredAt: expect.any(String) });
    });

    // A retry sent twice (its answer lost) while a worker sends the notification: clearing that worker's lease let a
    // second worker claim it and post a second copy.
    it('leaves a notification a worker is sending to that worker when retried: no second worker may claim it', async () => {
      await store.enqueueNotifications([note('a')]);
      const [sending] = await store.claimNotifications({ owner: 'worker-1', limit: 1, leaseMs: 60_000 });
      const retried = await store.retryNotification(sending.id);
      expect(retried).toMatchObject({ id: sending.id, status: 'pending', sendingUntil: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
      expect(Date.parse(retried!.sendingUntil!)).toBeGreaterThan(Date.now());
      expect(await store.claimNotifications({ owner: 'worker-2', limit: 1, leaseMs: 60_000 })).toEqual([]);
      // Its worker still records the outcome: the lease is its own.
      expect(await store.markNotificationFailed(sending.id, 'worker-1', { error: 'HTTP 500', retryInMs: null })).toBe(true);
      expect(await store.retryNotification(sending.id)).toMatchObject({ status: 'pending', attempts: 0 });
      expect((await store.retryNotification(sending.id))?.sendingUntil).toBeUndefined();
    });

    it('marks a notification delivered even when its lease ran out: it was acknowledged', async () => {
      await store.enqueueNotifications([note('a')]);
      const [n] = await store.claimNotifications({ owner: 'slow', limit: 1, leaseMs: 1 });
      await pause(20);
      expect(await store.markNotificationDelivered(n.id)).toBe(true);
      expect(await store.claimNotifications({ owner: 'w', limit: 1, leaseMs: 60_000 })).toEqual([]);
    });
  });

  describe('outbox joined to writes', () => {
    beforeEach(async () => {
      await seed(store).service('users-service').done();
    });

    it('enqueues with a publication, from its result, and nothing when the publication is refused', async () => {
      const contract = makeContract(['/users']);
      const seen: PublishResult['status'][] = [];
      const outbox = (r: PublishResult) => (seen.push(r.status), r.status === 'created' ? [note(`publish:${r.version.version}`)] : []);
      await store.publishVersion({ service: 'users-service', version: '1.0.0', contract }, outbox);
      await store.publishVersion({ service: 'users-service', version: '1.0.0', contract }, outbox);
      await expectStoreError(
        store.publishVersion({ service: 'users-service', version: '1.0.0', contract: makeContract(['/other']) }, outbox),
        'ERR_VERSION_CONFLICT',
      );
      expect(seen).toEqual(['created', 'unchanged']);
      expect((await store.listNotifications()).map((n) => n.key)).toEqual(['publish:1.0.0']);
    });

    it('keeps neither the write nor its notifications when building them fails', async () => {
      const boom = () => {
        throw new Error('outbox failed');
      };
      await expect(store.publishVersion({ service: 'users-service', version: '2.0.0' }, boom)).rejects.toThrow('outbox failed');
      expect(await store.getVersion('users-service', '2.0.0')).toBeUndefined();
      await store.publishVersion({ service: 'users-service', version: '2.0.0' });
      await expect(store.recordDeployment({ service: 'users-service', version: '2.0.0', environment: 'production' }, boom)).rejects.toThrow('outbox failed');
      expect(await store.currentDeployment('users-service', 'production')).toBeUndefined();
      await expect(store.recordVerdict(makeVerdict('users-service', '2.0.0', 'production', false), 'ci', boom)).rejects.toThrow('outbox failed');
      expect(await store.listVerdicts()).toEqual([]);
      expect(await store.listNotifications()).toEqual([]);
    });

    it('enqueues with a deployment and a verdict, knowing their ids', async () => {
      await store.publishVersion({ service: 'users-service', version: '1.0.0' });
      const deployment = await store.recordDeployment({ service: 'users-service', version: '1.0.0', environment: 'production' }, (r) =>
        r.status === 'created' ? [note(`deployment:${r.deployment.id}`, { channel: 'github', target: 'acme/users@abc' })] : [],
      );
      const verdict = await store.recordVerdict(makeVerdict('users-service', '1.0.0', 'production', false), 'ci', (r) => [
        note(`verdict:${r.id}`, { verdictId: r.id }),
      ]);
      const keys = (await store.listNotifications()).map((n) => [n.key, n.verdictId]);
      expect(keys).toEqual([
        [`verdict:${verdict.id}`, verdict.id],
        [`deployment:${deployment.deployment.id}`, undefined],
      ]);
    });
  });

  describe('webhooks', () => {
    it('keeps subscriptions with their secret, by id, until deleted', async () => {
      const a = await store.createWebhook({ url: 'https://hooks.example.com/a', events: ['*'], secret: 'a-secret-of-some-length' });
      const b = await store.createWebhook({ url: 'https://hooks.example.com/b', events: ['version.breaking', 'gate.refused'], secret: 'another-secret-value' });
      expect(a).toMatchObject({ url: 'https://hooks.example.com/a', events: ['*'], secret: 'a-secret-of-some-length', createdAt: expect.any(String) });
      expect((await store.listWebhooks()).map((w) => w.id)).toEqual([a.id, b.id]);
      expect(await store.getWebhook(b.id)).toEqual(b);
      expect(await store.deleteWebhook(a.id)).toBe(true);
      expect(await store.deleteWebhook(a.id)).toBe(false);
      expect(await store.getWebhook(a.id)).toBeUndefined();
      expect((await store.listWebhooks()).map((w) => w.url)).toEqual(['https://hooks.example.com/b']);
    });

    it("never gives a deleted webhook's id to a new one, so deliveries queued for it cannot reach another URL", async () => {
      const old = await store.createWebhook({ url: 'https://hooks.example.com/old', events: ['*'], secret: 'the-old-secret-value' });
      expect(await store.deleteWebhook(old.id)).toBe(true);
      const next = await store.createWebhook({ url: 'https://hooks.example.com/new', events: ['*'], secret: 'the-new-secret-value' });
      expect(next.id).toBeGreaterThan(old.id);
      expect(await store.getWebhook(old.id)).toBeUndefined();
    });
  });
}
