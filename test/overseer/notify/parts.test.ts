// The parts on their own: configuration, allowlist, signatures, backoff, fan-out, Block Kit, and how each sender
// tells a failure worth retrying from one that needs a person.

import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../../overseer/config.js';
import { findUrlProblem } from '../../../overseer/notify/allowlist.js';
import { computeBackoff } from '../../../overseer/notify/backoff.js';
import { DEFAULT_WORKER_TIMINGS, followListenAddress, type NotifyConfig, parseNotifyConfig } from '../../../overseer/notify/config.js';
import { DeliveryError } from '../../../overseer/notify/delivery-error.js';
import type { NotificationEvent } from '../../../overseer/notify/events.js';
import { fanOutEvent } from '../../../overseer/notify/fanout.js';
import { createGithubSender } from '../../../overseer/notify/github.js';
import { parseRepository } from '../../../overseer/notify/repositories.js';
import { signBody, verifySignature } from '../../../overseer/notify/signature.js';
import { createSlackSender } from '../../../overseer/notify/slack.js';
import { buildSlackMessage, escapeMrkdwn } from '../../../overseer/notify/slack-message.js';
import { startFakeGithubStatuses } from '../../helpers/fake-github-statuses.js';
import { startFakeSlack } from '../../helpers/fake-slack.js';

const fail = (message: string) => new ConfigError(message);

function makeEvent(overrides: Partial<NotificationEvent> = {}): NotificationEvent {
  return {
    schemaVersion: 2,
    id: 'version.breaking/users-service/2.0.0',
    type: 'version.breaking',
    occurredAt: '2030-01-01T00:00:00.000Z',
    headline: 'users-service 2.0.0 would break checkout-web',
    service: 'users-service',
    version: '2.0.0',
    commit: 'abcdef0123456789',
    baseVersion: '1.0.0',
    impacts: [
      {
        consumer: 'checkout-web',
        consumerVersion: '1.0.0',
        provider: 'users-service',
        providerVersion: '2.0.0',
        where: ['production'],
        providerAt: { production: '1.0.0' },
        breaks: [{ code: 'response-property-removed', operation: 'GET /users/{id}', message: 'GET /users/{id}: response property <email> & co removed' }],
      },
      {
        consumer: 'admin-ui',
        provider: 'users-service',
        where: ['production'],
        providerAt: { production: '1.0.0' },
        breaks: [{ code: 'operation-missing', message: 'gone' }],
      },
    ],
    services: {
      'users-service': {
        name: 'users-service',
        owners: ['@acme/users'],
        slack: '#shared',
        slackMention: 'S0USERS',
        repository: 'https://github.com/acme/users-service.git',
      },
      'checkout-web': { name: 'checkout-web', owners: ['@acme/checkout'], slack: '#shared' },
      'admin-ui': { name: 'admin-ui', owners: [], slack: '#admin' },
    },
    url: 'https://overseer.example.com/services/users-service?from=1.0.0&to=2.0.0',
    ...overrides,
  };
}

function makeConfig(overrides: Partial<NotifyConfig> = {}): NotifyConfig {
  return {
    ...parseNotifyConfig({ OVERSEER_SLACK_TOKEN: 'xoxb', OVERSEER_SLACK_CHANNELS: '*', OVERSEER_GITHUB_TOKEN: 'ghp', OVERSEER_GITHUB_REPOSITORIES: '*' }, fail),
    ...overrides,
  };
}

describe('notification configuration', () => {
  it('has defaults, and reads every key', () => {
    const defaults = parseConfig({}, {}).notify!;
    expect(defaults).toMatchObject({ publicUrl: 'http://127.0.0.1:4010', mainBranch: 'main', sunsetWarningDays: 14, worker: DEFAULT_WORKER_TIMINGS });
    expect(defaults.slack).toEqual({ apiUrl: 'https://slack.com/api/', webhooks: {}, channels: [] });
    expect(defaults.webhooks).toEqual({ allowedHosts: [], allowHttp: false });
    const set = parseNotifyConfig(
      {
        OVERSEER_PUBLIC_URL: 'https://overseer.acme.com',
        OVERSEER_SLACK_WEBHOOKS: '{"checkout-web": "https://hooks.slack.com/services/T/B/X"}',
        OVERSEER_WEBHOOK_ALLOWED_HOSTS: ' Hooks.Acme.com , *.ci.acme.com ',
        OVERSEER_WEBHOOK_ALLOW_HTTP: 'true',
        OVERSEER_GITHUB_API_URL: 'https://ghe.acme.com/api/v3/',
        OVERSEER_NOTIFY_BACKOFF_MS: '20',
      },
      fail,
    );
    expect(set).toMatchObject({ publicUrl: 'https://overseer.acme.com', webhooks: { allowedHosts: ['hooks.acme.com', '*.ci.acme.com'], allowHttp: true } });
    expect(set.slack.webhooks).toEqual({ 'checkout-web': 'https://hooks.slack.com/services/T/B/X' });
    expect(set.github.apiUrl).toBe('https://ghe.acme.com/api/v3');
    expect(set.worker.backoffMs).toBe(20);
  });

  // Links followed port 4010 wherever the registry listened; on every address, no name is known, so its port on loopback.
  it('starts links where the registry listens unless OVERSEER_PUBLIC_URL is set', () => {
    const unset = parseNotifyConfig({}, fail);
    expect(followListenAddress(unset, 'http://10.0.0.5:8080')).toBe('http://10.0.0.5:8080');
    expect(followListenAddress(unset, 'http://0.0.0.0:8080')).toBe('http://127.0.0.1:8080');
    expect(followListenAddress(unset, 'http://[::]:8080')).toBe('http://[::1]:8080');
    expect(followListenAddress(parseNotifyConfig({ OVERSEER_PUBLIC_URL: 'https://overseer.acme.com' }, fail), 'http://10.0.0.5:8080')).toBe(
      'https://overseer.acme.com',
    );
  });

  it('refuses what it cannot read, naming the variable', () => {
    expect(() => parseConfig({}, { OVERSEER_PUBLIC_URL: 'overseer.acme.com' })).toThrow(/OVERSEER_PUBLIC_URL must be a URL/);
    expect(() => parseConfig({}, { OVERSEER_SLACK_WEBHOOKS: '[1]' })).toThrow(ConfigError);
    expect(() => parseConfig({}, { OVERSEER_WEBHOOK_ALLOW_HTTP: 'yes' })).toThrow(/true or false/);
    expect(() => parseConfig({}, { OVERSEER_NOTIFY_MAX_ATTEMPTS: '0' })).toThrow(/at least 1/);
    expect(() => parseConfig({}, { OVERSEER_NOTIFY_TIMEOUT_MS: '5000', OVERSEER_NOTIFY_LEASE_MS: '5000' })).toThrow(/shorter than OVERSEER_NOTIFY_LEASE_MS/);
  });
});

describe('webhook allowlist and signatures', () => {
  const policy = { allowedHosts: ['hooks.example.com', '*.acme.test', '127.0.0.1:9000', '[::1]'], allowHttp: false };

  it('allows listed hosts only, over https', () => {
    expect(findUrlProblem('https://hooks.example.com/x?y=1', policy)).toBeUndefined();
    expect(findUrlProblem('https://HOOKS.example.com/x', policy)).toBeUndefined();
    expect(findUrlProblem('https://a.b.acme.test/x', policy)).toBeUndefined();
    expect(findUrlProblem('https://acme.test/x', policy)).toMatch(/not on the allowlist/);
    expect(findUrlProblem('https://hooks.example.com.evil.org/x', policy)).toMatch(/not on the allowlist/);
    expect(findUrlProblem('https://127.0.0.1:9000/x', policy)).toBeUndefined();
    expect(findUrlProblem('https://127.0.0.1:9001/x', policy)).toMatch(/not on the allowlist/);
    expect(findUrlProblem('https://[::1]:8443/x', policy)).toBeUndefined();
    expect(findUrlProblem('http://hooks.example.com/x', policy)).toMatch(/https/);
    expect(findUrlProblem('http://hooks.example.com/x', { ...policy, allowHttp: true })).toBeUndefined();
    expect(findUrlProblem('ftp://hooks.example.com/x', { ...policy, allowHttp: true })).toMatch(/https:\/\/ or http:\/\//);
    expect(findUrlProblem('https://hooks.example.com/x', { allowedHosts: [], allowHttp: false })).toMatch(/OVERSEER_WEBHOOK_ALLOWED_HOSTS/);
  });

  it('signs the exact body with HMAC-SHA256, as sha256=<hex>', () => {
    // The value any HMAC-SHA256 implementation gives for this key and message.
    expect(signBody('key', 'The quick brown fox jumps over the lazy dog')).toBe('sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8');
    expect(verifySignature('key', 'body', signBody('key', 'body'))).toBe(true);
    expect(verifySignature('key', 'body', undefined)).toBe(false);
    expect(verifySignature('key', 'body', 'sha256=00')).toBe(false);
  });
});

describe('backoff', () => {
  it('doubles from the base up to the cap, with jitter in the upper half', () => {
    expect([1, 2, 3, 4, 5].map((n) => computeBackoff(n, 100, 1000, () => 1))).toEqual([100, 200, 400, 800, 1000]);
    expect([1, 2, 3].map((n) => computeBackoff(n, 100, 1000, () => 0))).toEqual([50, 100, 200]);
  });
});

describe('fan-out', () => {
  it('sends one Slack message per channel, one commit status, and one request per subscribed webhook', () => {
    const webhooks = [
      { id: 1, url: 'https://hooks.example.com/a?token=secret', events: ['*'], secret: 's', createdAt: '' },
      { id: 2, url: 'https://hooks.example.com/b', events: ['gate.refused'], secret: 's', createdAt: '' },
    ];
    const list = fanOutEvent(makeEvent(), { config: makeConfig(), webhooks });
    expect(list.map((n) => [n.channel, n.target])).toEqual([
      ['slack', '#shared'],
      ['slack', '#admin'],
      ['github', 'acme/users-service@abcdef012345 (overseer/users-service/contract)'],
      ['webhook', '#1 https://hooks.example.com'],
    ]);
    expect(new Set(list.map((n) => n.key)).size).toBe(4);
    expect(list[2].payload).toMatchObject({
      to: { kind: 'github', owner: 'acme', repo: 'users-service', sha: 'abcdef0123456789', context: 'overseer/users-service/contract' },
    });
  });

  it("uses a service's incoming webhook instead of the bot token, and skips what is not configured", () => {
    const config = makeConfig({
      slack: { apiUrl: 'https://slack.com/api/', webhooks: { 'admin-ui': 'https://hooks.slack.com/x' }, channels: [] },
      github: { apiUrl: 'https://api.github.com', context: 'overseer', repositories: [] },
    });
    expect(fanOutEvent(makeEvent(), { config, webhooks: [] }).map((n) => n.payload)).toEqual([
      expect.objectContaining({ to: { kind: 'slack-webhook', service: 'admin-ui' } }),
    ]);
  });

  it('reads repositories as owner/repo, GitHub URLs or SSH remotes', () => {
    expect(parseRepository('acme/users')).toEqual({ owner: 'acme', repo: 'users' });
    expect(parseRepository('https://github.example.com/acme/users.git')).toEqual({ owner: 'acme', repo: 'users' });
    expect(parseRepository('git@github.com:acme/users.git')).toEqual({ owner: 'acme', repo: 'users' });
    expect(parseRepository('users')).toBeUndefined();
    expect(parseRepository(undefined)).toBeUndefined();
  });
});

describe('Block Kit message', () => {
  it("pages a service's slack_mention only in its own channel or its own incoming webhook", () => {
    const owners = (destination?: { channel: string } | { service: string }) => JSON.stringify(buildSlackMessage(makeEvent(), new Map(), destination).blocks);
    expect(owners({ channel: 'Shared' })).toContain('users-service: <!subteam^S0USERS>, @acme/users in #shared');
    expect(owners({ service: 'users-service' })).toContain('<!subteam^S0USERS>');
    for (const elsewhere of [{ channel: '#admin' }, { service: 'admin-ui' }, undefined]) {
      expect(owners(elsewhere)).toContain('users-service: @acme/users in #shared');
      expect(owners(elsewhere)).not.toContain('S0USERS');
    }
  });

  it('has a headline, what breaks per consumer and what runs where, owners, a next step and a link, with markup escaped', () => {
    const { text, blocks } = buildSlackMessage(makeEvent({ publisher: 'alice', branch: 'main', pullRequest: 42 }), new Map([['#shared', 'C0SHARED1']]), {
      channel: '#shared',
    });
    expect(text).toBe('users-service 2.0.0 would break checkout-web https://overseer.example.com/services/users-service?from=1.0.0&to=2.0.0');
    expect(blocks.map((b) => b.type)).toEqual(['header', 'context', 'section', 'section', 'context', 'section', 'actions']);
    expect((blocks[1] as { elements: Array<{ text: string }> }).elements[0].text).toBe(
      '*users-service* 2.0.0 (compared with 1.0.0) · branch main · commit <https://github.com/acme/users-service/commit/abcdef0123456789|abcdef0> · ' +
        'pull request <https://github.com/acme/users-service/pull/42|#42> · published by alice',
    );
    const section = (blocks[2] as { text: { text: string } }).text.text;
    expect(section).toBe(
      '*checkout-web* 1.0.0 would break with users-service 2.0.0 · production runs users-service 1.0.0; can-i-deploy refuses users-service 2.0.0 in production\n' +
        '• `GET /users/{id}` response property &lt;email&gt; &amp; co removed _(response-property-removed)_',
    );
    const owners = JSON.stringify(blocks[4]);
    expect(owners).toContain('users-service: <!subteam^S0USERS>, @acme/users in <#C0SHARED1|shared>');
    expect(owners).toContain('checkout-web: @acme/checkout in <#C0SHARED1|shared>');
    expect(owners).toContain('admin-ui: no owner in #admin');
    const next = (blocks[5] as { text: { text: string } }).text.text;
    expect(next).toMatch(
      /^\*Next step\* · users-service: keep what checkout-web and admin-ui use \(deprecate it first in a minor version, remove it once no consumer uses it\) or agree the change with their owners · /,
    );
    expect(next).toContain('consumers, talk to users-service in <#C0SHARED1|shared>');
    expect(next).toContain('until then can-i-deploy refuses users-service 2.0.0 in production');
    expect(escapeMrkdwn('<!channel> & <@U1>')).toBe('&lt;!channel&gt; &amp; &lt;@U1&gt;');
  });

  it("stays within Slack's limits for long headlines and many changes", () => {
    const breaks = Array.from({ length: 20 }, (_, i) => ({ code: 'x', message: `change ${i} ${'y'.repeat(400)}` }));
    const { blocks } = buildSlackMessage(
      makeEvent({ headline: 'h'.repeat(400), impacts: [{ consumer: 'c', provider: 'p', where: [], providerAt: {}, breaks, moreBreaks: 30 }] }),
    );
    expect((blocks[0] as { text: { text: string } }).text.text).toHaveLength(150);
    const section = (blocks[2] as { text: { text: string } }).text.text;
    expect(section.length).toBeLessThanOrEqual(3000);
    expect(section).toContain('…and');
  });
});

describe('senders', () => {
  it('posts to an incoming webhook, and tells a refusal from an outage', async () => {
    const fake = await startFakeSlack();
    try {
      const sender = createSlackSender({ apiUrl: fake.apiUrl, webhooks: { 'checkout-web': fake.hookUrl('checkout') }, channels: [] }, 2000);
      await sender.postToWebhook('checkout-web', buildSlackMessage(makeEvent()));
      expect(fake.hookPosts).toEqual([{ hook: 'checkout', text: expect.stringContaining('users-service 2.0.0 would break'), blocks: expect.any(Array) }]);
      fake.failNext(1, 503);
      await expect(sender.postToWebhook('checkout-web', buildSlackMessage(makeEvent()))).rejects.toMatchObject({ permanent: false });
      fake.failNext(1, 404);
      await expect(sender.postToWebhook('checkout-web', buildSlackMessage(makeEvent()))).rejects.toMatchObject({ permanent: true });
      await expect(sender.postMessage('#x', buildSlackMessage(makeEvent()))).rejects.toMatchObject({
        permanent: true,
        message: expect.stringMatching(/OVERSEER_SLACK_TOKEN/),
      });
    } finally {
      await fake.close();
    }
  });

  it('retries GitHub outages and rate limits, not an unknown repository or commit', async () => {
    const fake = await startFakeGithubStatuses();
    try {
      const sender = createGithubSender({ token: 'ghp', apiUrl: fake.url, context: 'overseer', repositories: ['acme/*'] }, 2000);
      const status = {
        owner: 'acme',
        repo: 'users',
        sha: 'abc123',
        context: 'overseer/contract',
        state: 'failure' as const,
        description: 'd'.repeat(300),
        targetUrl: 'https://x',
      };
      await sender.createStatus(status);
      expect(fake.statuses[0].description).toHaveLength(140);
      fake.failNext(1, 500);
      await expect(sender.createStatus(status)).rejects.toMatchObject({ permanent: false });
      fake.failNext(1, 422);
      const refused = await sender.createStatus(status).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(DeliveryError);
      expect(refused).toMatchObject({ permanent: true, message: expect.stringMatching(/^GitHub answered 422 for acme\/users@abc123/) });
      const unreachable = createGithubSender({ token: 'ghp', apiUrl: 'http://127.0.0.1:1', context: 'overseer', repositories: ['acme/*'] }, 2000);
      await expect(unreachable.createStatus(status)).rejects.toMatchObject({ permanent: false, message: expect.stringMatching(/could not be reached/) });
    } finally {
      await fake.close();
    }
  });
});
