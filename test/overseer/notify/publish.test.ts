// A breaking publication against deployed consumers, end to end: the real route, the outbox in SQLite, the worker,
// @slack/web-api and octokit against fakes on loopback.

import { describe, expect, it } from 'vitest';
import type { NotificationEvent } from '../../../overseer/notify/events.js';
import { USERS_V1_1_SAFE, USERS_V2_BREAKING } from '../routes/fixtures.js';
import { COMMIT, PUBLIC_URL, publishUsers, removalWaiver, useDeployedRegistry, waitUntilSettled } from './harness.js';

describe('notifications of a publication', () => {
  const fixture = useDeployedRegistry();

  it('posts exactly one Slack message in each concerned channel and one commit status for a breaking publish', async () => {
    await publishUsers(fixture.r, '2.0.0', USERS_V2_BREAKING);
    await waitUntilSettled(fixture.r.store);

    const { posts } = fixture.receivers.slack;
    // billing-worker has no channel; the provider and checkout-web each hear it once.
    expect(posts.map((p) => p.channel).sort()).toEqual(['#checkout-alerts', '#users-alerts']);
    expect(posts.every((p) => p.token === 'xoxb-test-token')).toBe(true);
    const blocks = posts[0].blocks;
    expect(blocks[0]).toMatchObject({
      type: 'header',
      text: { type: 'plain_text', text: expect.stringMatching(/^users-service 2\.0\.0 would break .*checkout-web/) },
    });
    const text = JSON.stringify(blocks);
    expect(text).toContain('*checkout-web* 1.0.0');
    expect(text).toMatch(/email/);
    expect(text).toContain('production');
    expect(text).toContain('@acme/checkout');
    expect(text).toContain('@acme/users');
    const button = blocks.find((b) => b.type === 'actions')?.elements[0];
    expect(button.url).toBe(`${PUBLIC_URL}/services/users-service?from=1.0.0&to=2.0.0`);

    expect(fixture.receivers.github.statuses).toEqual([
      expect.objectContaining({
        owner: 'acme',
        repo: 'users-service',
        sha: COMMIT,
        state: 'failure',
        context: 'overseer/users-service/contract',
        description: expect.stringContaining('users-service 2.0.0 would break'),
        target_url: `${PUBLIC_URL}/services/users-service?from=1.0.0&to=2.0.0`,
        authorization: 'token ghp_test_token',
      }),
    ]);

    const listed = await fixture.r.send('GET', '/v1/notifications');
    expect(listed.statusCode).toBe(200);
    const notifications = listed.json().notifications as Array<{ status: string; channel: string; attempts: number }>;
    expect(notifications).toHaveLength(3);
    expect(notifications.every((n) => n.status === 'delivered' && n.attempts === 1)).toBe(true);
  });

  it('names the provider, versions, environment, consumers and what breaks in the event', async () => {
    await publishUsers(fixture.r, '2.0.0', USERS_V2_BREAKING);
    const [first] = await fixture.r.store.listNotifications();
    const event = (first.payload as { event: NotificationEvent }).event;
    expect(event).toMatchObject({ type: 'version.breaking', service: 'users-service', version: '2.0.0', baseVersion: '1.0.0', commit: COMMIT });
    const checkout = event.impacts.find((i) => i.consumer === 'checkout-web');
    expect(checkout).toMatchObject({ consumerVersion: '1.0.0', provider: 'users-service', providerVersion: '2.0.0', where: ['branch main', 'production'] });
    expect(checkout?.breaks.some((b) => /email/.test(b.message))).toBe(true);
    expect(event.services['checkout-web']).toEqual({ name: 'checkout-web', owners: ['@acme/checkout'], slack: '#checkout-alerts' });
  });

  it('posts nothing for a safe change, nor for publishing the same version again', async () => {
    await publishUsers(fixture.r, '1.1.0', USERS_V1_1_SAFE);
    await publishUsers(fixture.r, '1.1.0', USERS_V1_1_SAFE);
    await fixture.r.worker.checkSunsets();
    // A publication's notifications are written in its own transaction: any it made are listed once it is answered.
    expect(await fixture.r.store.listNotifications()).toEqual([]);
    expect(fixture.receivers.slack.attempts).toBe(0);
    expect(fixture.receivers.github.attempts).toBe(0);
  });

  it('delivers once when Slack answers 500 three times first', async () => {
    fixture.receivers.slack.failNext(3);
    fixture.receivers.github.failNext(2, 502);
    await publishUsers(fixture.r, '2.0.0', USERS_V2_BREAKING);
    await waitUntilSettled(fixture.r.store);

    expect(fixture.receivers.slack.attempts).toBe(5);
    expect(fixture.receivers.slack.posts).toHaveLength(2);
    expect(new Set(fixture.receivers.slack.posts.map((p) => p.channel)).size).toBe(2);
    expect(fixture.receivers.github.statuses).toHaveLength(1);
    const all = await fixture.r.store.listNotifications();
    expect(all.every((n) => n.status === 'delivered')).toBe(true);
    expect(all.reduce((sum, n) => sum + n.attempts, 0)).toBe(5 + 3);
    expect(all.find((n) => n.channel === 'github')?.lastError).toMatch(/502/);
  });

  it("sends a commit status again no sooner than GitHub's rate limit asks: its Retry-After, or the limit's reset", async () => {
    const github = fixture.receivers.github;
    const seen = new Set<number>();
    const waitOf = async () => {
      let failed: { id: number; nextAttemptAt: string; updatedAt: string; lastError: string | null } | undefined;
      for (let i = 0; i < 500 && !failed; i++) {
        const all = await fixture.r.store.listNotifications();
        failed = all.find((n) => n.channel === 'github' && n.status === 'pending' && n.attempts === 1 && !seen.has(n.id));
        if (!failed) await new Promise((resolve) => setTimeout(resolve, 10));
      }
      seen.add(failed!.id);
      return { error: failed?.lastError, waitMs: Date.parse(failed!.nextAttemptAt) - Date.parse(failed!.updatedAt) };
    };
    // A secondary rate limit: 403 with Retry-After. The worker's own backoff tops out at 100 ms here.
    github.failNext(1, 403, { 'retry-after': '45' }, 'You have exceeded a secondary rate limit.');
    await publishUsers(fixture.r, '2.0.0', USERS_V2_BREAKING);
    expect(await waitOf()).toEqual({ error: expect.stringContaining('GitHub answered 403'), waitMs: 45_000 });

    // The primary limit spent: 429 until x-ratelimit-reset, two minutes from the answer (less what a loaded machine took).
    const reset = String(Math.floor(Date.now() / 1000) + 120);
    github.failNext(1, 429, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }, 'API rate limit exceeded for user ID 1.');
    await publishUsers(fixture.r, '2.0.1', USERS_V2_BREAKING, 'fedcba9876543210fedcba9876543210fedcba98');
    const primary = await waitOf();
    expect(primary.waitMs).toBeGreaterThan(100_000);
    expect(primary.waitMs).toBeLessThanOrEqual(121_000);
  });

  it("leaves out what the version's waivers accept, and says in the event and in Slack what was accepted and why", async () => {
    const waiver = removalWaiver('checkout moves to /v2/me first', { consumer: 'checkout-web', line: 3 });
    await publishUsers(fixture.r, '2.0.0', USERS_V2_BREAKING, COMMIT, [waiver]);
    await waitUntilSettled(fixture.r.store);

    const [first] = await fixture.r.store.listNotifications();
    const event = (first.payload as { event: NotificationEvent }).event;
    expect(event.impacts.map((i) => i.consumer)).toEqual(['billing-worker']);
    expect(event.waived).toEqual([
      { consumer: 'checkout-web', code: 'response-optional-property-removed', operation: 'GET /users/{id}', reason: waiver.reason, expires: '2999-01-31' },
    ]);
    // checkout-web's channel is not told its consumer breaks: its owners' waiver says they accepted it.
    const { posts } = fixture.receivers.slack;
    expect(posts.map((p) => p.channel)).toEqual(['#users-alerts']);
    const text = JSON.stringify(posts[0].blocks);
    expect(text).toContain("Accepted by this version's waivers");
    expect(text).toContain('checkout moves to /v2/me first, until 2999-01-31 24:00 UTC');
  });

  it('announces a publication whose every break is waived as version.waived: Slack, a passing commit status and the webhook', async () => {
    const { hooks, slack, github } = fixture.receivers;
    const hook = await fixture.r.send('POST', '/v1/webhooks', { url: `${hooks.url}/waived`, events: ['version.waived'], secret: 'a-secret-of-16-chars' });
    expect(hook.statusCode).toBe(201);
    // No consumer named: it accepts the removal for checkout-web and billing-worker alike, so nothing is left breaking.
    // Written in Tokyo's time: the event keeps the text, Slack says the instant in UTC.
    await publishUsers(fixture.r, '2.0.0', USERS_V2_BREAKING, COMMIT, [removalWaiver('email moves to /v2/me', { expires: '2999-01-31T18:00:00+09:00' })]);
    await waitUntilSettled(fixture.r.store);

    const [request] = await hooks.waitFor(1);
    expect(request.headers['x-overseer-event']).toBe('version.waived');
    const event = JSON.parse(request.body) as NotificationEvent;
    expect(event).toMatchObject({ type: 'version.waived', service: 'users-service', version: '2.0.0', baseVersion: '1.0.0', commit: COMMIT, impacts: [] });
    expect(event.headline).toBe('users-service 2.0.0 would break billing-worker and checkout-web: its waivers let it through');
    const accepted = {
      code: 'response-optional-property-removed',
      operation: 'GET /users/{id}',
      reason: 'email moves to /v2/me',
      expires: '2999-01-31T18:00:00+09:00',
    };
    expect(event.waived).toEqual([
      { consumer: 'billing-worker', ...accepted },
      { consumer: 'checkout-web', ...accepted },
    ]);

    // The consumers whose break was waived hear it (billing-worker has no channel), and the provider.
    expect(slack.posts.map((p) => p.channel).sort()).toEqual(['#checkout-alerts', '#users-alerts']);
    const text = JSON.stringify(slack.posts[0].blocks);
    expect(text).toContain("Accepted by this version's waivers");
    expect(text).toContain('email moves to /v2/me, until 2999-01-31 09:00 UTC');
    expect(text).toContain('the gate lets users-service 2.0.0 through while its waivers last');
    // The gate lets it through, so the contract's status passes, and says why.
    expect(github.statuses).toEqual([
      expect.objectContaining({ sha: COMMIT, state: 'success', context: 'overseer/users-service/contract', description: event.headline }),
    ]);
  });

  it('announces the next version that waives a break already announced as waived, not as breaking again', async () => {
    // The README walkthrough: 2.0.0 drops email and is refused; 2.0.1, the same contract with a waiver, is let through.
    await publishUsers(fixture.r, '2.0.0', USERS_V2_BREAKING);
    await waitUntilSettled(fixture.r.store);
    const later = 'fedcba9876543210fedcba9876543210fedcba98';
    await publishUsers(fixture.r, '2.0.1', USERS_V2_BREAKING, later, [removalWaiver('email moves to /v2/me')]);
    await waitUntilSettled(fixture.r.store);

    const asked = await fixture.r.send('POST', '/v1/can-i-deploy', { service: 'users-service', version: '2.0.1', environment: 'production' });
    expect(asked.json().decision).toBe('deployable');
    // On main, 2.0.0 lacked email already: that is no break of 2.0.1's, and its red status said the gate would refuse.
    const statuses = fixture.receivers.github.statuses.filter((s) => s.sha === later);
    expect(statuses.map((s) => [s.state, s.description])).toEqual([
      ['success', 'users-service 2.0.1 would break billing-worker and checkout-web: its waivers let it through'],
    ]);
    const headlines = fixture.receivers.slack.posts.map((p) => p.blocks[0].text.text as string).filter((h) => h.includes('2.0.1'));
    expect([...new Set(headlines)]).toEqual(['users-service 2.0.1 would break billing-worker and checkout-web: its waivers let it through']);
  });

  it('enqueues nothing when publishing fails, and nothing is posted', async () => {
    const conflict = await fixture.r.send('POST', '/v1/services/users-service/versions', { version: '1.0.0', contract: USERS_V2_BREAKING });
    expect(conflict.statusCode).toBe(409);
    expect(await fixture.r.store.listNotifications()).toEqual([]);
  });
});
