// What people read: Slack messages that say what would break and what runs where, one line per thing that breaks,
// linked provenance, real mentions, a next step, one thread per change; webhooks with a schema version and places.

import { describe, expect, it } from 'vitest';
import { startWebhookReceiver } from '../../helpers/webhook-receiver.js';
import { USERS_V2_BREAKING } from '../routes/fixtures.js';
import { COMMIT, useDeployedRegistry, waitUntilSettled } from './harness.js';

const SECRET = 'a-webhook-secret-for-message-tests';

describe('Slack messages and webhook payloads', () => {
  const fixture = useDeployedRegistry();

  const publish = (body: Record<string, unknown> = {}) =>
    fixture.r.send('POST', '/v1/services/users-service/versions', {
      version: '2.0.0',
      branch: 'main',
      commit: COMMIT,
      contract: USERS_V2_BREAKING,
      ...body,
    });
  const textOf = (blocks: Array<Record<string, any>>) => blocks.map((b) => b.text?.text ?? b.elements?.map((e: any) => e.text ?? '').join(' ')).join('\n');

  it('says the new version would break, what runs where, and each broken thing once, with provenance and a next step', async () => {
    await fixture.r.send('PUT', '/v1/services/checkout-web', { owners: ['@acme/checkout'], slack: '#checkout-alerts', slackMention: 'S0CHECKOUT' });
    expect((await publish({ publisher: 'release-bot', pullRequest: 7 })).statusCode).toBe(201);
    await waitUntilSettled(fixture.r.store);

    const post = fixture.receivers.slack.posts.find((p) => p.channel === '#checkout-alerts')!;
    expect(post.blocks[0].text.text).toBe('users-service 2.0.0 would break billing-worker and checkout-web');
    const text = textOf(post.blocks);
    expect(text).toContain(
      '*checkout-web* 1.0.0 would break with users-service 2.0.0 · the previous users-service on main is 1.0.0 · production runs users-service 1.0.0; ' +
        'can-i-deploy refuses users-service 2.0.0 in production\n• `GET /users/{id}` response property `email` was removed',
    );
    // The removal is the one line: the consumer's missing field says the same thing again.
    expect(text).not.toContain('field-missing');
    expect(text).not.toMatch(/`GET \/users\/\{id\}` GET/);
    expect(text).toContain(`commit <https://github.com/acme/users-service/commit/${COMMIT}|0123456>`);
    expect(text).toContain('pull request <https://github.com/acme/users-service/pull/7|#7>');
    expect(text).toContain('published by release-bot');
    expect(text).toContain('checkout-web: <!subteam^S0CHECKOUT>, @acme/checkout in ');
    // checkout-web's manifest chose its group: it is paged in checkout-web's channel, named as text in the provider's.
    const provider = textOf(fixture.receivers.slack.posts.find((p) => p.channel === '#users-alerts')!.blocks);
    expect(provider).toContain('checkout-web: @acme/checkout in ');
    expect(provider).not.toContain('S0CHECKOUT');
    expect(text).toMatch(
      /\*Next step\* · users-service: keep what billing-worker and checkout-web use \(deprecate it first in a minor version, remove it once no consumer uses it\) or agree the change with their owners · .* · until then can-i-deploy refuses users-service 2\.0\.0 in production/,
    );

    const version = (await fixture.r.send('GET', '/v1/services/users-service/versions/2.0.0')).json();
    expect(version.publisher).toBe('release-bot');
  });

  it("records a service token's own name as publisher, keeping the caller's text only as a note", async () => {
    const issued = await fixture.r.send('POST', '/v1/tokens', { name: 'users-ci', service: 'users-service' });
    const token = issued.json().token as string;
    const body = { version: '2.0.0', branch: 'main', commit: COMMIT, contract: USERS_V2_BREAKING, publisher: 'the-admin' };
    expect((await fixture.r.send('POST', '/v1/services/users-service/versions', body, token)).statusCode).toBe(201);
    await waitUntilSettled(fixture.r.store);
    const post = fixture.receivers.slack.posts.find((p) => p.channel === '#checkout-alerts')!;
    expect(textOf(post.blocks)).toContain('published by users-ci (stated: the-admin)');
    const version = (await fixture.r.send('GET', '/v1/services/users-service/versions/2.0.0')).json();
    expect(version.publisher).toBe('users-ci (stated: the-admin)');
  });

  it('calls what main had the previous version when the version is published on main, and main’s latest when not', async () => {
    // Published on main, 2.0.0 is main's latest as soon as anyone reads the message: "the latest on main is 1.0.0" read as if it were not.
    await publish({ branch: 'feature/drop-email' });
    await publish({ version: '2.0.1', commit: 'fedcba9876543210fedcba9876543210fedcba98' });
    await waitUntilSettled(fixture.r.store);
    const texts = fixture.receivers.slack.posts.filter((p) => p.channel === '#checkout-alerts').map((p) => textOf(p.blocks));
    expect(texts.map((t) => /with users-service (\S+) · (.+?) ·/.exec(t)?.slice(1))).toEqual([
      ['2.0.0', 'the latest users-service on main is 1.0.0'],
      ['2.0.1', 'the previous users-service on main is 1.0.0'],
    ]);
  });

  it('names the token as publisher when the request names no one', async () => {
    await publish();
    await waitUntilSettled(fixture.r.store);
    expect((await fixture.r.send('GET', '/v1/services/users-service/versions/2.0.0')).json().publisher).toBe('admin');
    expect(textOf(fixture.receivers.slack.posts[0].blocks)).toContain('published by admin');
  });

  it('threads what happens next to the version under its first message, in each channel, and links channels it knows', async () => {
    await publish();
    await waitUntilSettled(fixture.r.store);
    const question = { service: 'users-service', version: '2.0.0', environment: 'production' };
    expect((await fixture.r.send('POST', '/v1/can-i-deploy', question)).json().deployable).toBe(false);
    await waitUntilSettled(fixture.r.store);
    await fixture.r.send('POST', '/v1/deployments', { service: 'users-service', version: '2.0.0', environment: 'production' });
    await waitUntilSettled(fixture.r.store);

    const { posts } = fixture.receivers.slack;
    for (const channel of ['#checkout-alerts', '#users-alerts']) {
      const [first, ...rest] = posts.filter((p) => p.channel === channel);
      expect(first.threadTs).toBeUndefined();
      expect(rest.map((p) => p.blocks[0].text.text)).toEqual([
        'can-i-deploy said no: users-service 2.0.0 to production',
        expect.stringMatching(/^users-service 2\.0\.0 was deployed to production and breaks/),
      ]);
      expect(rest.every((p) => p.threadTs === first.ts)).toBe(true);
    }
    const deployed = posts.filter((p) => p.channel === '#checkout-alerts').at(-1)!;
    // Both channels are in the workspace, so conversations.list finds them and they are links.
    expect(textOf(deployed.blocks)).toMatch(/consumers, talk to users-service in <#C\d+\|users-alerts>/);
    expect(textOf(deployed.blocks)).toContain('*checkout-web* 1.0.0 breaks now · production runs users-service 2.0.0');
  });

  // The walkthrough's whole sequence: a version that would break, the gate's refusal, the deploy that breaks.
  const runSequence = async () => {
    await publish();
    await waitUntilSettled(fixture.r.store);
    await fixture.r.send('POST', '/v1/can-i-deploy', { service: 'users-service', version: '2.0.0', environment: 'production' });
    await waitUntilSettled(fixture.r.store);
    await fixture.r.send('POST', '/v1/deployments', { service: 'users-service', version: '2.0.0', environment: 'production' });
    await waitUntilSettled(fixture.r.store);
    return fixture.receivers.slack.posts.filter((p) => p.channel === '#checkout-alerts').map((p) => textOf(p.blocks));
  };

  it('links a channel the workspace has from the first message on, not only once something was posted there', async () => {
    const texts = await runSequence();
    expect(texts).toHaveLength(3);
    for (const text of texts) expect(text).toMatch(/consumers, talk to users-service in <#C\d+\|users-alerts>/);
  });

  it('writes a channel as #name in every message when the token cannot look channels up (no channels:read)', async () => {
    fixture.receivers.slack.withoutListScope();
    const texts = await runSequence();
    expect(texts).toHaveLength(3);
    for (const text of texts) {
      expect(text).toContain('consumers, talk to users-service in #users-alerts');
      expect(text).not.toContain('<#C');
    }
  });

  it('waits as long as Slack asks when it answers 429 with Retry-After', async () => {
    fixture.receivers.slack.failNext(1, 429, 30);
    await publish();
    let failed: { attempts: number; nextAttemptAt: string; updatedAt: string; lastError: string | null } | undefined;
    for (let i = 0; i < 500 && !failed; i++) {
      failed = (await fixture.r.store.listNotifications()).find((n) => n.channel === 'slack' && n.attempts === 1 && n.status === 'pending');
      if (!failed) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(failed?.lastError).toMatch(/rate-limited.*retry after 30 s/);
    // The worker's own backoff tops out at 100 ms here: only Retry-After puts the next attempt half a minute after the
    // failure was recorded. Counted from the failure, not from now: a loaded machine may read it back seconds later.
    expect(Date.parse(failed!.nextAttemptAt) - Date.parse(failed!.updatedAt)).toBe(30_000);
  });

  it('sends webhooks a signed payload with its schema version, the publisher, the branch and what runs where', async () => {
    const receiver = await startWebhookReceiver({ secret: SECRET, schemaVersion: 2 });
    try {
      const hook = await fixture.r.send('POST', '/v1/webhooks', { url: `${receiver.url}/overseer`, events: ['*'], secret: SECRET });
      expect(hook.statusCode).toBe(201);
      await publish({ publisher: 'release-bot' });
      const [request] = await receiver.waitFor(1);
      const event = JSON.parse(request.body);
      expect(event).toMatchObject({ schemaVersion: 2, type: 'version.breaking', publisher: 'release-bot', branch: 'main', commit: COMMIT });
      const checkout = event.impacts.find((i: { consumer: string }) => i.consumer === 'checkout-web');
      expect(checkout.providerAt).toEqual({ production: '1.0.0', 'branch main': '1.0.0' });
      expect(checkout.breaks.map((b: { code: string }) => b.code)).toEqual(['response-optional-property-removed']);
    } finally {
      await receiver.close();
    }
  });
});
