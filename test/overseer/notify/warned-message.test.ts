// A version that breaks one consumer and changes, with a warning, what another uses: the diff's text, JSON, SARIF and
// the Action named both, but the event and its Slack message named only the one it breaks, so the provider's owners
// reading the channel did not learn whom else to tell.

import { describe, expect, it } from 'vitest';
import type { NotificationEvent } from '../../../overseer/notify/events.js';
import { COMMIT, describeEnv, openRegistry, type Registry, type SlackPost, slackText, useReceiversAndDb, waitUntilSettled } from './harness.js';
import { ORDERS_V1, ordersReader, ordersWithScopes, SCOPE_REMOVED } from './oauth-orders.js';

// 2.0.0 drops the flow's `write` scope (a warning) and the response's optional `total` (which web reads; probe reads
// only `id`).
const V2 = ordersWithScopes('read: read orders', 'id: {type: string}');

async function seed(r: Registry): Promise<void> {
  const ok = async (method: string, url: string, body: unknown) => {
    const res = await r.send(method, url, body);
    expect(res.statusCode, res.body).toBeLessThan(300);
  };
  await ok('PUT', '/v1/services/orders', { owners: ['@acme/orders'], slack: '#users-alerts', repository: 'acme/orders' });
  await ok('PUT', '/v1/services/web', { owners: ['@acme/web'], slack: '#checkout-alerts' });
  await ok('PUT', '/v1/services/probe', { owners: ['@acme/probe'] });
  await ok('POST', '/v1/environments', { name: 'production' });
  await ok('POST', '/v1/services/orders/versions', { version: '1.0.0', branch: 'main', contract: ORDERS_V1 });
  await ok('POST', '/v1/services/web/versions', { version: '1.0.0', branch: 'main', manifest: ordersReader('web', 'id, total') });
  await ok('POST', '/v1/services/probe/versions', { version: '1.0.0', branch: 'main', manifest: ordersReader('probe', 'id') });
  for (const service of ['orders', 'web', 'probe']) await ok('POST', '/v1/deployments', { service, version: '1.0.0', environment: 'production' });
}

describe('the event and Slack message of a version whose warning reaches what a consumer uses', () => {
  const made = useReceiversAndDb();

  it('names the consumers a warning reaches under the warnings to pass on, apart from what breaks', async () => {
    const r = await openRegistry(made.db.file, describeEnv(made.receivers));
    try {
      await seed(r);
      const published = await r.send('POST', '/v1/services/orders/versions', { version: '2.0.0', branch: 'main', commit: COMMIT, contract: V2 });
      expect(published.statusCode, published.body).toBe(201);
      await waitUntilSettled(r.store);

      const [first] = await r.store.listNotifications();
      const event = (first!.payload as { event: NotificationEvent }).event;
      expect(event.type).toBe('version.breaking');
      expect(event.impacts.map((i) => i.consumer)).toEqual(['web']);
      expect(event.warned?.map((w) => [w.consumer, w.code, w.operation])).toEqual([
        ['probe', SCOPE_REMOVED, 'GET /orders'],
        ['web', SCOPE_REMOVED, 'GET /orders'],
      ]);

      const post = made.receivers.slack.posts.find((p: SlackPost) => p.channel === '#users-alerts') as SlackPost;
      const text = slackText(post);
      expect(text).toContain(
        'Warnings to pass on, by consumer (not blocking):\n• *probe* `GET /orders`: security scheme oauth (clientCredentials): scope write was removed',
      );
      expect(text).toContain(`_(${SCOPE_REMOVED})_`);
      // What breaks is still said apart, for the one consumer it breaks.
      expect(text).toContain('*web* 1.0.0 would break with orders 2.0.0');
      expect(text).not.toContain('*probe* 1.0.0 would break');
    } finally {
      await r.close();
    }
  }, 60_000);

  // Only the warning: nothing breaks, nothing is waived. No event was sent at all, so probe's and web's owners, whose
  // clients may be refused a token with `write`, heard of it only if the provider's owners read can-i-deploy's notes.
  it('announces a version whose only news is a warning reaching consumers as version.warned: webhook, Slack, a passing status', async () => {
    const r = await openRegistry(made.db.file, describeEnv(made.receivers));
    try {
      await seed(r);
      const hook = await r.send('POST', '/v1/webhooks', {
        url: `${made.receivers.hooks.url}/warned`,
        events: ['version.warned'],
        secret: 'a-secret-of-16-chars',
      });
      expect(hook.statusCode, hook.body).toBe(201);
      const V3 = ordersWithScopes('read: read orders', 'id: {type: string}, total: {type: number}');
      const published = await r.send('POST', '/v1/services/orders/versions', { version: '1.1.0', branch: 'main', commit: COMMIT, contract: V3 });
      expect(published.statusCode, published.body).toBe(201);
      await waitUntilSettled(r.store);

      const [request] = await made.receivers.hooks.waitFor(1);
      expect(request!.headers['x-overseer-event']).toBe('version.warned');
      const event = JSON.parse(request!.body) as NotificationEvent;
      expect(event).toMatchObject({ type: 'version.warned', service: 'orders', version: '1.1.0', baseVersion: '1.0.0', impacts: [] });
      expect(event.headline).toBe('orders 1.1.0 changes what probe and web use, with a warning (not refused)');
      expect(event.warned?.map((w) => [w.consumer, w.code, w.operation])).toEqual([
        ['probe', SCOPE_REMOVED, 'GET /orders'],
        ['web', SCOPE_REMOVED, 'GET /orders'],
      ]);
      expect(Object.keys(event.services).sort()).toEqual(['orders', 'probe', 'web']);

      // The provider's channel and web's hear it (probe has none); the commit status passes, as the gate lets it through.
      const posts = made.receivers.slack.posts as SlackPost[];
      expect(posts.map((p) => p.channel).sort()).toEqual(['#checkout-alerts', '#users-alerts']);
      const text = slackText(posts[0]!);
      expect(text).toContain('Warnings to pass on, by consumer (not blocking):');
      expect(text).toContain('security scheme oauth (clientCredentials): scope write was removed');
      expect(text).toContain('the gate lets orders 1.1.0 through');
      expect(made.receivers.github.statuses).toEqual([
        expect.objectContaining({ sha: COMMIT, state: 'success', context: 'overseer/orders/contract', description: event.headline }),
      ]);
    } finally {
      await r.close();
    }
  }, 60_000);

  // A base path moved from the server URL into the paths: billing's calls still land, and the gate judges them at the
  // new path, but billing's owners must declare it anew before a later version is judged by what they wrote.
  it('tells the consumer whose declared path the version moved, in version.warned', async () => {
    const accounts = (server: string, prefix: string) =>
      `openapi: 3.0.3\ninfo: {title: accounts, version: 1.0.0}\nservers: [{url: '${server}'}]\npaths:\n  ${prefix}/users/{id}:\n    get:\n      responses: {'200': {description: ok}}\n  /health:\n    get:\n      responses: {'204': {description: up}}\n`;
    const r = await openRegistry(made.db.file, describeEnv(made.receivers));
    try {
      const ok = async (method: string, url: string, body: unknown) => expect((await r.send(method, url, body)).statusCode).toBeLessThan(300);
      await ok('PUT', '/v1/services/accounts', { owners: ['@acme/accounts'], slack: '#users-alerts' });
      await ok('PUT', '/v1/services/billing', { owners: ['@acme/billing'], slack: '#checkout-alerts' });
      await ok('POST', '/v1/environments', { name: 'production' });
      await ok('POST', '/v1/services/accounts/versions', { version: '1.0.0', branch: 'main', contract: accounts('https://a.example.com/v1', '') });
      const uses = "service: billing\nowners: ['@acme/billing']\nconsumes:\n  accounts:\n    - GET /users/{id}\n";
      await ok('POST', '/v1/services/billing/versions', { version: '1.0.0', branch: 'main', manifest: uses });
      for (const service of ['accounts', 'billing']) await ok('POST', '/v1/deployments', { service, version: '1.0.0', environment: 'production' });
      const published = await r.send('POST', '/v1/services/accounts/versions', {
        version: '1.1.0',
        branch: 'main',
        commit: COMMIT,
        contract: accounts('https://a.example.com', '/v1'),
      });
      expect(published.statusCode, published.body).toBe(201);
      await waitUntilSettled(r.store);

      const [first] = await r.store.listNotifications();
      const event = (first!.payload as { event: NotificationEvent }).event;
      expect(event.type).toBe('version.warned');
      expect(event.warned).toEqual([
        expect.objectContaining({
          consumer: 'billing',
          code: 'declared-path-moved',
          message: expect.stringContaining("billing's owners should declare GET /v1/users/{id}"),
        }),
      ]);
      expect((made.receivers.slack.posts as SlackPost[]).map((p) => p.channel).sort()).toEqual(['#checkout-alerts', '#users-alerts']);
    } finally {
      await r.close();
    }
  }, 60_000);
});
