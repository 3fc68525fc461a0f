// Nothing is lost across restarts, and two workers on one database never deliver the same notification twice.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../overseer/config.js';
import { createSlackSender } from '../../../overseer/notify/slack.js';
import { buildSlackMessage } from '../../../overseer/notify/slack-message.js';
import { startDeliveryWorker } from '../../../overseer/notify/worker.js';
import { openSqliteStore } from '../../../overseer/store/sqlite/index.js';
import type { NotificationInput, NotificationRecord, Store } from '../../../overseer/store/store.js';
import { USERS_V2_BREAKING } from '../routes/fixtures.js';
import { deployAll, describeEnv, makeDbFile, openRegistry, publishUsers, type Receivers, seedServices, startReceivers, waitUntilSettled } from './harness.js';

const SECRET = 'a-webhook-secret-for-tests';

/** The least of a version.breaking event that a sender can deliver: what is sent matters here, not what it says. */
function anEvent(id: string, i: number) {
  return { id, type: 'version.breaking', headline: `event ${i}`, occurredAt: '', service: 's', version: '1', impacts: [], services: {}, url: 'https://x' };
}

async function waitForAttempt(store: Store, id: number): Promise<NotificationRecord | undefined> {
  for (let i = 0; i < 500; i++) {
    const record = await store.getNotification(id);
    if (record && record.attempts > 0) return record;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return store.getNotification(id);
}

describe('delivery across restarts and replicas', () => {
  let receivers: Receivers;
  let db: Awaited<ReturnType<typeof makeDbFile>>;
  const cleanups: Array<() => Promise<void>> = [];

  beforeEach(async () => {
    receivers = await startReceivers();
    db = await makeDbFile();
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await receivers.close();
    await db.remove();
  });

  it('delivers after a restart what could not be delivered while the receiver was down', async () => {
    // Slow retries: the notification must still be pending when the first server stops.
    const env = describeEnv(receivers, {
      OVERSEER_SLACK_TOKEN: '',
      OVERSEER_GITHUB_TOKEN: '',
      OVERSEER_NOTIFY_BACKOFF_MS: '300',
      OVERSEER_NOTIFY_MAX_BACKOFF_MS: '300',
      OVERSEER_NOTIFY_MAX_ATTEMPTS: '20',
    });
    const first = await openRegistry(db.file, env);
    await seedServices(first);
    await deployAll(first, 'production');
    const created = await first.send('POST', '/v1/webhooks', { url: `${receivers.hooks.url}/overseer`, events: ['version.breaking'], secret: SECRET });
    expect(created.statusCode).toBe(201);

    await receivers.hooks.down();
    await publishUsers(first, '2.0.0', USERS_V2_BREAKING);
    const [pending] = await first.store.listNotifications();
    const failedOnce = await waitForAttempt(first.store, pending.id);
    expect(failedOnce).toMatchObject({ status: 'pending', attempts: 1, lastError: expect.stringMatching(/ECONNREFUSED/) });
    await first.close();

    await receivers.hooks.up();
    const second = await openRegistry(db.file, env);
    cleanups.push(() => second.close());
    await receivers.hooks.waitFor(1);
    await waitUntilSettled(second.store);
    expect(receivers.hooks.received).toHaveLength(1);
    expect(receivers.hooks.received[0].headers['x-overseer-event']).toBe('version.breaking');
    expect(await second.store.getNotification(pending.id)).toMatchObject({ status: 'delivered', attempts: 2 });
  });

  it('lets two workers on one database share the work without sending anything twice', async () => {
    const env = describeEnv(receivers, { OVERSEER_GITHUB_TOKEN: '' });
    const config = parseConfig({ db: db.file }, env).notify!;
    const seeder = openSqliteStore(db.file);
    cleanups.push(() => seeder.close());
    const list: NotificationInput[] = Array.from({ length: 40 }, (_, i) => ({
      key: `test/${i}|slack|#c${i}`,
      event: 'version.breaking',
      channel: 'slack',
      target: `#c${i}`,
      payload: {
        to: { kind: 'slack', channel: `#c${i}` },
        event: anEvent(`test/${i}`, i),
      },
    }));
    await seeder.enqueueNotifications(list);
    receivers.slack.createChannels(...list.map((n) => n.target));

    const workers = [0, 1].map(() => {
      const store = openSqliteStore(db.file);
      const worker = startDeliveryWorker({
        store,
        config: { ...config, worker: { ...config.worker, batchSize: 3 } },
      });
      cleanups.push(async () => {
        await worker.stop();
        await store.close();
      });
      return worker;
    });
    workers.forEach((w) => w.wake());
    await receivers.slack.waitForPosts(40);
    await waitUntilSettled(seeder);
    // Stopped, each worker has finished the batch it was sending: a post twice would be among those counted.
    await Promise.all(workers.map((w) => w.stop()));

    const channels = receivers.slack.posts.map((p) => p.channel);
    expect(channels).toHaveLength(40);
    expect(new Set(channels).size).toBe(40);
    expect((await seeder.listNotifications({ limit: 100 })).every((n) => n.status === 'delivered' && n.attempts === 1)).toBe(true);
  });

  it('does not post again a Slack message whose worker died after Slack answered, and posts the one it never sent', async () => {
    const env = describeEnv(receivers, { OVERSEER_GITHUB_TOKEN: '' });
    const config = parseConfig({ db: db.file }, env).notify!;
    const store = openSqliteStore(db.file);
    const event = (i: number) => anEvent(`dead/${i}`, i);
    const list: NotificationInput[] = [0, 1].map((i) => ({
      key: `dead/${i}|slack|#d`,
      event: 'version.breaking',
      channel: 'slack',
      target: '#d',
      payload: { to: { kind: 'slack', channel: '#d' }, event: event(i) },
    }));
    await store.enqueueNotifications(list);
    receivers.slack.createChannels('#d');
    // A worker that dies: it claims both, Slack accepts the first, and nothing is recorded before the kill.
    const claimed = await store.claimNotifications({ owner: 'dead-worker', limit: 2, leaseMs: 1 });
    expect(claimed).toHaveLength(2);
    await createSlackSender(config.slack, 2000).postMessage('#d', buildSlackMessage(event(0) as never), list[0].key);
    await new Promise((resolve) => setTimeout(resolve, 20));

    const worker = startDeliveryWorker({ store, config });
    cleanups.push(async () => {
      await worker.stop();
      await store.close();
    });
    await waitUntilSettled(store);
    expect(receivers.slack.posts.map((p) => p.text?.split(' ')[1])).toEqual(['0', '1']);
    // The worker's post names the change's thread (`service@version`); the first, sent by hand above, named none.
    expect(receivers.slack.posts.map((p) => p.metadata)).toEqual([
      { event_type: 'overseer_notification', event_payload: { key: list[0].key } },
      { event_type: 'overseer_notification', event_payload: { key: list[1].key, thread: 's@1' } },
    ]);
    expect((await store.listNotifications()).map((n) => n.status)).toEqual(['delivered', 'delivered']);
  });
});
