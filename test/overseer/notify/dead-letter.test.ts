// What is stuck and why: dead letters after the last attempt or a permanent refusal, listed by the API and the CLI,
// and retried by hand (never twice once delivered).

import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { Io } from '../../../cli/io.js';
import { run } from '../../../cli/main.js';
import { startHostileProxy } from '../../e2e/hostile-proxy.js';
import { USERS_V2_BREAKING } from '../routes/fixtures.js';
import { ADMIN_TOKEN, publishUsers, useDeployedRegistry, waitUntilSettled } from './harness.js';

async function runCli(argv: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env, cwd: process.cwd(), isTTY: false };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}

describe('dead letters and retries by hand', () => {
  const fixture = useDeployedRegistry({ OVERSEER_GITHUB_TOKEN: '' });

  it('gives up after the last attempt, shows why, and delivers once when retried by hand', async () => {
    fixture.receivers.slack.failNext(1000);
    await publishUsers(fixture.r, '2.0.0', USERS_V2_BREAKING);
    await waitUntilSettled(fixture.r.store);

    const failed = await fixture.r.send('GET', '/v1/notifications?status=failed');
    const stuck = failed.json().notifications as Array<{ id: number; attempts: number; lastError: string; headline: string; status: string }>;
    expect(stuck).toHaveLength(2);
    expect(stuck.every((n) => n.status === 'failed' && n.attempts === 6 && n.lastError === 'Slack answered HTTP 500')).toBe(true);
    expect(stuck[0].headline).toMatch(/^users-service 2\.0\.0 would break/);
    expect(fixture.receivers.slack.attempts).toBe(12);

    fixture.receivers.slack.failNext(0);
    const retried = await fixture.r.send('POST', `/v1/notifications/${stuck[0].id}/retry`);
    expect(retried.statusCode).toBe(200);
    expect(retried.json().notification).toMatchObject({ id: stuck[0].id, status: 'pending', attempts: 0 });
    await fixture.receivers.slack.waitForPosts(1);
    await waitUntilSettled(fixture.r.store);
    expect(await fixture.r.store.getNotification(stuck[0].id)).toMatchObject({ status: 'delivered', attempts: 1 });

    const again = await fixture.r.send('POST', `/v1/notifications/${stuck[0].id}/retry`);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('ERR_NOTIFICATION_DELIVERED');
    expect((await fixture.r.send('POST', '/v1/notifications/99999/retry')).json().code).toBe('ERR_NOTIFICATION_UNKNOWN');
    expect((await fixture.r.send('POST', `/v1/notifications/${stuck[1].id}/retry`, undefined, '')).statusCode).toBe(401);
    expect(fixture.receivers.slack.posts).toHaveLength(1);
  });

  // A retry whose answer was lost is sent again by hand; meanwhile a worker may be sending the notification. That retry
  // took the worker's lease away, so a second worker claimed it and Slack got a second copy.
  it('refuses to retry a notification a worker is sending, saying until when, and posts nothing more', async () => {
    fixture.receivers.slack.failNext(1000);
    await publishUsers(fixture.r, '2.0.0', USERS_V2_BREAKING);
    await waitUntilSettled(fixture.r.store);
    const [stuck, other] = await fixture.r.store.listNotifications({ status: 'failed' });
    await fixture.r.store.retryNotification(stuck.id);
    // A worker of another replica holds it, as one sending it now would.
    const [held] = await fixture.r.store.claimNotifications({ owner: 'other-replica', limit: 1, leaseMs: 60_000 });
    expect(held.id).toBe(stuck.id);
    fixture.receivers.slack.failNext(0);

    const again = await fixture.r.send('POST', `/v1/notifications/${stuck.id}/retry`);
    const { sendingUntil } = (await fixture.r.store.retryNotification(stuck.id))!;
    expect([again.statusCode, again.json()]).toEqual([
      409,
      {
        code: 'ERR_NOTIFICATION_SENDING',
        message:
          `notification #${stuck.id} is being sent now (a worker holds it until ${sendingUntil}): it is not sent twice; ` +
          `look at how it went (GET /v1/notifications/${stuck.id}), and retry it after that time if it failed`,
      },
    ]);
    // The other one retried after it is delivered: the worker has claimed what was due since, the held one not among it.
    expect((await fixture.r.send('POST', `/v1/notifications/${other.id}/retry`)).statusCode).toBe(200);
    await fixture.receivers.slack.waitForPosts(1);
    while ((await fixture.r.store.getNotification(other.id))?.status !== 'delivered') await new Promise((resolve) => setTimeout(resolve, 10));
    expect(fixture.receivers.slack.posts.map((p) => p.channel)).toEqual([other.target]);
    expect(await fixture.r.store.getNotification(stuck.id)).toMatchObject({ status: 'pending', attempts: 0 });
  });

  // The retry reached the registry, a worker took the notification at once, and a proxy answered 502: sent again without
  // its key, the retry was told the worker it had woken was another sender (409), and `--retry` exited 2.
  it('sends a retry whose answer a proxy lost again with its key, and says it will be sent, not that someone is sending it', async () => {
    fixture.receivers.slack.failNext(1000);
    await publishUsers(fixture.r, '2.0.0', USERS_V2_BREAKING);
    await waitUntilSettled(fixture.r.store);
    const [stuck] = await fixture.r.store.listNotifications({ status: 'failed' });
    await fixture.r.app.listen({ port: 0, host: '127.0.0.1' });
    const registry = `http://127.0.0.1:${(fixture.r.app.server.address() as AddressInfo).port}`;
    const claim = () => fixture.r.store.claimNotifications({ owner: 'other-replica', limit: 1, leaseMs: 60_000 });
    const proxy = await startHostileProxy(registry, (request, before) =>
      request.path.endsWith('/retry') && before === 0 ? { afterForward: { status: 502, body: '<html>Bad Gateway</html>' }, meanwhile: claim } : 'forward',
    );
    try {
      const retried = await runCli(['notifications', '--retry', String(stuck.id), '--registry', proxy.url], { OVERSEER_TOKEN: ADMIN_TOKEN });
      expect(retried).toMatchObject({ code: 0, stderr: '', stdout: expect.stringContaining(`notification #${stuck.id} will be sent again now`) });
      const sent = proxy.seen.filter((s) => s.path.endsWith('/retry'));
      expect(sent).toHaveLength(2);
      expect(sent[1]!.key).toBe(sent[0]!.key);
    } finally {
      await proxy.close();
    }
  });

  it('sends a message Slack refuses for good (an unknown channel) straight to the dead letter', async () => {
    fixture.receivers.slack.refuseNext(2, 'channel_not_found');
    await publishUsers(fixture.r, '2.0.0', USERS_V2_BREAKING);
    await waitUntilSettled(fixture.r.store);
    const stuck = await fixture.r.store.listNotifications({ status: 'failed' });
    // Each says which channel and what a person does about it: a bare `channel_not_found` sent new users to Slack's docs.
    expect(stuck.map((n) => [n.attempts, n.lastError]).sort()).toEqual(
      ['#checkout-alerts', '#users-alerts'].map((channel) => [
        1,
        `Slack refused the message: channel_not_found: the bot sees no channel ${channel}: check \`slack:\` in the manifests ` +
          'that name it, and invite the bot if the channel is private; then overseer notifications --retry ID',
      ]),
    );
  });

  it('posts to a channel given by id in that channel, and sends one the workspace lacks, by name or by id, to the dead letter', async () => {
    // The harness's workspace: #users-alerts is C00000001, #checkout-alerts C00000002; Slack resolves an id as an id.
    await fixture.r.send('PUT', '/v1/services/users-service', { owners: ['@acme/users'], slack: 'C00000001', repository: 'acme/users-service' });
    await fixture.r.send('PUT', '/v1/services/checkout-web', { owners: ['@acme/checkout'], slack: '#gone-alerts' });
    await fixture.r.send('PUT', '/v1/services/billing-worker', { owners: ['@acme/billing'], slack: 'C09999999' });
    await publishUsers(fixture.r, '2.0.0', USERS_V2_BREAKING);
    await waitUntilSettled(fixture.r.store);
    const outcomes = (await fixture.r.store.listNotifications({ limit: 10 })).filter((n) => n.channel === 'slack');
    expect(outcomes.map((n) => [n.target, n.status, n.lastError?.split(':').slice(0, 2).join(':') ?? null]).sort()).toEqual([
      ['#gone-alerts', 'failed', 'Slack refused the message: channel_not_found'],
      ['C00000001', 'delivered', null],
      ['C09999999', 'failed', 'Slack refused the message: channel_not_found'],
    ]);
    expect(fixture.receivers.slack.posts.map((p) => p.channel)).toEqual(['C00000001']);
  });

  it('lists what is stuck with `overseer notifications` and retries with --retry', async () => {
    fixture.receivers.slack.refuseNext(2, 'not_in_channel');
    await publishUsers(fixture.r, '2.0.0', USERS_V2_BREAKING);
    await waitUntilSettled(fixture.r.store);
    await fixture.r.app.listen({ port: 0, host: '127.0.0.1' });
    const registry = `http://127.0.0.1:${(fixture.r.app.server.address() as AddressInfo).port}`;

    const listed = await runCli(['notifications', '--status', 'failed', '--registry', registry]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^#\d+ failed slack #(users|checkout)-alerts \(version\.breaking, 1 attempt, gave up .+\)$/m);
    expect(listed.stdout).toContain('    users-service 2.0.0 would break');
    expect(listed.stdout).toMatch(
      /^ {4}last error: Slack refused the message: not_in_channel: the bot is not in #(users|checkout)-alerts: invite it \(\/invite @your-bot in #\1-alerts\); then overseer notifications --retry ID$/m,
    );

    const json = await runCli(['notifications', '--status', 'failed', '--format', 'json', '--registry', registry]);
    const [first] = JSON.parse(json.stdout) as Array<{ id: number }>;
    expect((await runCli(['notifications', '--retry', String(first.id), '--registry', registry])).code).toBe(2);
    const retried = await runCli(['notifications', '--retry', String(first.id), '--registry', registry], { OVERSEER_TOKEN: ADMIN_TOKEN });
    expect(retried).toMatchObject({ code: 0, stdout: expect.stringContaining(`notification #${first.id} will be sent again now`) });
    await fixture.receivers.slack.waitForPosts(1);

    expect((await runCli(['notifications', '--retry', 'x', '--registry', registry])).code).toBe(2);
    expect((await runCli(['notifications', '--status', 'stuck', '--registry', registry])).code).toBe(2);
    const none = await runCli(['notifications', '--status', 'pending', '--registry', registry]);
    expect(none).toMatchObject({ code: 0, stdout: 'no pending notifications\n' });
  });
});
