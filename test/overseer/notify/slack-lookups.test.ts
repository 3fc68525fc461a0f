// A registry whose OVERSEER_SLACK_CHANNELS lists channel ids while manifests write names asks Slack for the ids: once
// for every publication and post while the answer is fresh, not at each of them; and a look-up Slack rate-limits
// (429 Retry-After) is retried when Slack said, not sent to the dead letter.

import { describe, expect, it } from 'vitest';
import { createSlackDirectory } from '../../../overseer/notify/slack-directory.js';
import { USERS_V2_BREAKING } from '../routes/fixtures.js';
import { deployAll, describeEnv, openRegistry, publishUsers, seedServices, useReceiversAndDb, waitUntilSettled } from './harness.js';

// The harness's workspace: #users-alerts C00000001, #checkout-alerts C00000002, #mobile-alerts C00000003.
const BY_ID = { OVERSEER_SLACK_CHANNELS: 'C00000001, C00000002, C00000003', OVERSEER_GITHUB_TOKEN: '' };

const t = useReceiversAndDb();

describe('Slack channel look-ups', () => {
  it('asks conversations.list once for twenty publications by channel name and the posts that follow', async () => {
    const r = await openRegistry(t.db.file, describeEnv(t.receivers, BY_ID));
    try {
      await seedServices(r);
      for (let i = 0; i < 20; i++) {
        const described = await r.send('PUT', `/v1/services/mobile-${i}`, { owners: ['@acme/mobile'], slack: '#mobile-alerts' });
        expect(described.statusCode).toBe(201);
      }
      await deployAll(r, 'production');
      await publishUsers(r, '2.0.0', USERS_V2_BREAKING);
      await waitUntilSettled(r.store);
      expect(t.receivers.slack.posts.map((p) => p.channel).sort()).toEqual(['#checkout-alerts', '#users-alerts']);
      expect(t.receivers.slack.asked('conversations.list')).toBe(1);
      // What Slack does not know is asked again, but not at once: a refusal is kept for a while, not for ever.
      const unknown = await r.send('PUT', '/v1/services/stranger', { owners: ['@x'], slack: '#nowhere' });
      expect(unknown.json().message).toContain('Slack knows no channel #nowhere the bot can see');
      expect(t.receivers.slack.asked('conversations.list')).toBe(1);
    } finally {
      await r.close();
    }
  });

  it('retries a post whose look-up Slack rate-limited no sooner than its Retry-After, and asks it nothing meanwhile', async () => {
    const first = await openRegistry(t.db.file, describeEnv(t.receivers, BY_ID));
    await seedServices(first);
    await deployAll(first, 'production');
    await first.close();
    // A restart forgets what Slack answered: the posts' look-up goes to Slack, which answers 429.
    const r = await openRegistry(t.db.file, describeEnv(t.receivers, BY_ID));
    try {
      const asked = t.receivers.slack.asked('conversations.list');
      t.receivers.slack.failLookupsNext(1, 429, 30);
      await publishUsers(r, '2.0.0', USERS_V2_BREAKING);
      let waiting: Awaited<ReturnType<typeof r.store.listNotifications>> = [];
      for (let i = 0; i < 500 && waiting.length < 2; i++) {
        waiting = (await r.store.listNotifications({ status: 'pending' })).filter((n) => n.channel === 'slack' && n.attempts === 1);
        if (waiting.length < 2) await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(waiting).toHaveLength(2);
      for (const n of waiting) {
        expect(n.lastError).toMatch(/Slack could not be asked for its id: .*rate-limited/);
        // Counted from the failure: no later than the Retry-After asked, however loaded the machine.
        expect(Date.parse(n.nextAttemptAt) - Date.parse(n.updatedAt)).toBeGreaterThanOrEqual(29_000);
      }
      expect(t.receivers.slack.asked('conversations.list')).toBe(asked + 1);
      expect(t.receivers.slack.posts).toHaveLength(0);
    } finally {
      await r.close();
    }
  });

  it('answers a description Slack could not be asked about 503 ERR_SLACK_UNANSWERED, writing nothing, not that the channel is refused', async () => {
    const r = await openRegistry(t.db.file, describeEnv(t.receivers, BY_ID));
    try {
      t.receivers.slack.failLookupsNext(1, 429, 0);
      const refused = await r.send('PUT', '/v1/services/users-service', { owners: ['@acme/users'], slack: '#users-alerts' });
      expect(refused.statusCode).toBe(503);
      expect(refused.json()).toEqual({
        code: 'ERR_SLACK_UNANSWERED',
        message: expect.stringMatching(
          /^Slack could not be asked whether #users-alerts is one of OVERSEER_SLACK_CHANNELS \(C00000001, C00000002, C00000003\): conversations\.list was rate-limited \(retry after 0 s\); nothing was written: try again in 0 s \(request .+\)$/,
        ),
      });
      expect((await r.send('GET', '/v1/services/users-service')).statusCode).toBe(404);
      expect((await r.send('PUT', '/v1/services/users-service', { owners: ['@acme/users'], slack: '#users-alerts' })).statusCode).toBe(201);
    } finally {
      await r.close();
    }
  });

  it('asks again about a channel it did not find after a minute, and about one it found after ten', async () => {
    let clock = 0;
    const directory = createSlackDirectory({ apiUrl: t.receivers.slack.apiUrl, token: 'xoxb-test-token' }, 2000, () => clock);
    const asked = () => [t.receivers.slack.asked('conversations.list'), t.receivers.slack.asked('conversations.info')];
    expect(await directory.idOf('#late-alerts')).toBeUndefined();
    expect(await directory.nameOf('C00000009')).toBeUndefined();
    t.receivers.slack.createChannels('#admin', '#late-alerts');
    expect([await directory.idOf('#late-alerts'), await directory.nameOf('C00000009')]).toEqual([undefined, undefined]);
    expect(asked()).toEqual([1, 1]);
    clock += 61_000;
    expect(await directory.idOf('late-alerts')).toBe('C00000006');
    expect(await directory.nameOf('C00000006')).toBe('#late-alerts');
    expect(await directory.idOf('#users-alerts')).toBe('C00000001');
    expect(asked()).toEqual([2, 1]);
    clock += 9 * 60_000;
    expect(await directory.idOf('#users-alerts')).toBe('C00000001');
    expect(asked()).toEqual([2, 1]);
    clock += 2 * 60_000;
    expect(await directory.idOf('#users-alerts')).toBe('C00000001');
    expect(asked()).toEqual([3, 1]);
  });
});
