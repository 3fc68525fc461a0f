// The PostgreSQL outbox, verdict trail and webhooks shared by two replicas: notifications enqueued with their write,
// leased to one worker at a time, identical asks counted on one record.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../../overseer/store/postgres/index.js';
import type { PublishResult, Store } from '../../../overseer/store/store.js';
import { useMigratedDatabases } from '../../helpers/postgres-reuse.js';
import { usePostgres } from '../../helpers/use-postgres.js';
import { makeContract, makeVerdict } from './builders.js';

const databases = useMigratedDatabases(usePostgres());
const SERVICE = 'users-service';

describe('PostgreSQL outbox shared by replicas', () => {
  let url: string;
  let a: Store;
  let b: Store;
  const notification = (key: string) => ({
    key,
    event: 'version.published',
    channel: 'webhook' as const,
    target: 'https://hooks.example.com/x',
    payload: { key },
  });

  beforeEach(async () => {
    url = await databases().take();
    [a, b] = await Promise.all([openPostgresStore(url), openPostgresStore(url)]);
    await a.upsertService({ name: SERVICE, owners: [] });
  });
  afterEach(async () => {
    await Promise.all([a?.close(), b?.close()]);
    databases().give(url);
  });

  it('enqueues notifications in the transaction of the write that causes them, once per key', async () => {
    const contract = makeContract(['/users']);
    const outbox = (r: PublishResult) => [notification(`published:${r.version.version}`)];
    await a.publishVersion({ service: SERVICE, version: '1.0.0', contract }, outbox);
    await b.publishVersion({ service: SERVICE, version: '1.0.0', contract }, outbox);
    await expect(
      a.publishVersion({ service: SERVICE, version: '1.0.0', contract: makeContract(['/x']) }, () => [notification('conflict')]),
    ).rejects.toMatchObject({
      code: 'ERR_VERSION_CONFLICT',
    });
    const failing = () => {
      throw new Error('outbox failed');
    };
    await expect(a.recordDeployment({ service: SERVICE, version: '1.0.0', environment: 'production' }, failing)).rejects.toThrow('outbox failed');
    expect(await a.currentDeployment(SERVICE, 'production')).toBeUndefined();
    const verdict = await b.recordVerdict(makeVerdict(SERVICE, '1.0.0', 'production', true), 'ci', (v) => [
      { ...notification(`verdict:${v.id}`), verdictId: v.id },
    ]);

    const stored = await a.listNotifications();
    expect(stored.map((n) => n.key)).toEqual([`verdict:${verdict.id}`, 'published:1.0.0']);
    expect(stored[0]).toMatchObject({
      verdictId: verdict.id,
      status: 'pending',
      attempts: 0,
      lastError: null,
      deliveredAt: null,
      payload: { key: `verdict:${verdict.id}` },
    });
    expect(stored[1]).not.toHaveProperty('verdictId');
    expect(await b.enqueueNotifications([notification('published:1.0.0'), notification('other')])).toBe(1);
  });

  it('counts identical can-i-deploy asks racing on two replicas on one verdict record', async () => {
    const verdict = makeVerdict(SERVICE, '1.0.0', 'production', false);
    await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? a : b).recordVerdict(verdict, 'ci')));
    expect((await b.listVerdicts()).map((v) => [v.askedBy, v.count])).toEqual([['ci', 30]]);
  });

  it('leases each due notification to one worker at a time, across replicas', async () => {
    await a.enqueueNotifications(Array.from({ length: 40 }, (_, i) => notification(`n${i}`)));
    const claims = await Promise.all(
      Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? a : b).claimNotifications({ owner: `worker-${i}`, limit: 5, leaseMs: 60_000 })),
    );
    const ids = claims.flat().map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(40);
    for (const claimed of claims) expect(claimed.map((n) => n.id)).toEqual([...claimed.map((n) => n.id)].sort((x, y) => x - y));
    expect(await b.claimNotifications({ owner: 'late', limit: 10, leaseMs: 60_000 })).toEqual([]);

    const [first] = claims.find((c) => c.length > 0)!;
    const owner = `worker-${claims.findIndex((c) => c.some((n) => n.id === first.id))}`;
    expect(await b.markNotificationFailed(first.id, 'someone-else', { error: 'x', retryInMs: 0 })).toBe(false);
    expect(await b.markNotificationFailed(first.id, owner, { error: 'HTTP 500', retryInMs: 0 })).toBe(true);
    const again = await a.claimNotifications({ owner: 'retrier', limit: 10, leaseMs: 60_000 });
    expect(again.map((n) => [n.id, n.attempts, n.lastError])).toEqual([[first.id, 1, 'HTTP 500']]);
    expect(await a.markNotificationDelivered(first.id)).toBe(true);
    expect(await b.markNotificationDelivered(first.id)).toBe(false);
    expect(await a.getNotification(first.id)).toMatchObject({ status: 'delivered', attempts: 2 });

    const [second] = claims.flat().filter((n) => n.id !== first.id);
    const secondOwner = `worker-${claims.findIndex((c) => c.some((n) => n.id === second.id))}`;
    expect(await a.markNotificationFailed(second.id, secondOwner, { error: 'gone', retryInMs: null })).toBe(true);
    expect(await a.listNotifications({ status: 'failed' })).toMatchObject([{ id: second.id, status: 'failed' }]);
    expect(await b.retryNotification(second.id)).toMatchObject({ status: 'pending', attempts: 0 });
    expect(await a.retryNotification(0.5)).toBeUndefined();
  });

  it('keeps webhook subscriptions', async () => {
    const hook = await a.createWebhook({ url: 'https://hooks.example.com/x', events: ['version.breaking', 'deploy.refused'], secret: 's3cret' });
    expect(hook).toMatchObject({ id: 1, events: ['version.breaking', 'deploy.refused'], secret: 's3cret' });
    expect(await b.listWebhooks()).toEqual([hook]);
    expect(await b.getWebhook(hook.id)).toEqual(hook);
    expect(await b.deleteWebhook(hook.id)).toBe(true);
    expect(await a.deleteWebhook(hook.id)).toBe(false);
    expect(await a.getWebhook(Number.NaN)).toBeUndefined();
  });
});
