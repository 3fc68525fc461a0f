// What a recorded deployment tells, besides a break: a consumer whose provider live there lacks what it uses (a field it
// reads) was recorded in silence, and a provider version that only warns its consumers was announced at publication
// and never again when it started to run where they run.

import { describe, expect, it } from 'vitest';
import type { NotificationEvent } from '../../../overseer/notify/events.js';
import { COMMIT, describeEnv, openRegistry, type Registry, type SlackPost, slackText, useReceiversAndDb, waitUntilSettled } from './harness.js';
import { ORDERS_V1, ordersReader, ordersWithScopes, SCOPE_REMOVED } from './oauth-orders.js';

async function seed(r: Registry, hookUrl: string, events: string[]): Promise<void> {
  const ok = async (method: string, url: string, body: unknown) => {
    const res = await r.send(method, url, body);
    expect(res.statusCode, res.body).toBeLessThan(300);
  };
  await ok('PUT', '/v1/services/orders', { owners: ['@acme/orders'], slack: '#users-alerts', repository: 'acme/orders' });
  await ok('PUT', '/v1/services/web', { owners: ['@acme/web'], slack: '#checkout-alerts', repository: 'acme/web' });
  await ok('POST', '/v1/environments', { name: 'production' });
  await ok('POST', '/v1/services/orders/versions', { version: '1.0.0', branch: 'main', contract: ORDERS_V1 });
  await ok('POST', '/v1/services/web/versions', { version: '1.0.0', branch: 'main', manifest: ordersReader('web', 'id, total') });
  for (const service of ['orders', 'web']) await ok('POST', '/v1/deployments', { service, version: '1.0.0', environment: 'production' });
  await ok('POST', '/v1/webhooks', { url: hookUrl, events, secret: 'a-secret-of-16-chars' });
}

describe('the news of a recorded deployment', () => {
  const made = useReceiversAndDb();

  it('records a consumer whose live provider lacks a field it reads, and says so: warning, unmet, deployment.unmet', async () => {
    const r = await openRegistry(made.db.file, describeEnv(made.receivers));
    try {
      // Every event: a consumer's publication announces nothing, so the first the hook hears is the deployment's.
      await seed(r, `${made.receivers.hooks.url}/unmet`, ['*']);
      const published = await r.send('POST', '/v1/services/web/versions', {
        version: '2.0.0',
        branch: 'main',
        commit: COMMIT,
        manifest: ordersReader('web', 'id, total, currency'),
      });
      expect(published.statusCode, published.body).toBe(201);

      const deployed = await r.send('POST', '/v1/deployments', { service: 'web', version: '2.0.0', environment: 'production' });
      // Recorded: the deploy happened.
      expect(deployed.statusCode, deployed.body).toBe(201);
      const answer = deployed.json();
      expect(answer.deployment).toMatchObject({ service: 'web', version: '2.0.0', live: 'deployed' });
      expect(answer.warnings).toEqual([
        {
          code: 'use-unmet',
          message:
            'web 2.0.0 runs in production against orders 1.0.0, which lacks what it uses: GET /orders of orders does not return `currency`, which web reads',
        },
      ]);
      expect(answer.unmet).toEqual([
        expect.objectContaining({
          code: 'field-missing',
          consumer: 'web',
          consumerVersion: '2.0.0',
          provider: 'orders',
          providerVersion: '1.0.0',
          operation: 'GET /orders',
          field: 'currency',
        }),
      ]);
      await waitUntilSettled(r.store);

      const [request] = await made.receivers.hooks.waitFor(1);
      expect(request!.headers['x-overseer-event']).toBe('deployment.unmet');
      const event = JSON.parse(request!.body) as NotificationEvent;
      expect(event).toMatchObject({ type: 'deployment.unmet', service: 'web', version: '2.0.0', environment: 'production', commit: COMMIT });
      expect(event.headline).toBe('web 2.0.0 was deployed to production, where orders 1.0.0 lacks what it uses');
      expect(event.impacts).toEqual([
        expect.objectContaining({
          consumer: 'web',
          consumerVersion: '2.0.0',
          provider: 'orders',
          providerAt: { production: '1.0.0' },
          breaks: [expect.objectContaining({ code: 'field-missing', operation: 'GET /orders', field: 'currency' })],
        }),
      ]);
      // Both owners hear it: the consumer's calls fail, and the provider is the one that could offer the field.
      const posts = made.receivers.slack.posts as SlackPost[];
      expect(posts.map((p) => p.channel).sort()).toEqual(['#checkout-alerts', '#users-alerts']);
      expect(slackText(posts[0]!)).toContain('*web* 2.0.0 lacks what it uses now · production runs orders 1.0.0');
      expect(made.receivers.github.statuses).toEqual([
        expect.objectContaining({ sha: COMMIT, state: 'failure', context: 'overseer/web/deployment (production)', description: event.headline }),
      ]);
    } finally {
      await r.close();
    }
  }, 60_000);

  it('announces a deployment whose only news is a warning reaching consumers there as deployment.warned, with a passing status', async () => {
    const r = await openRegistry(made.db.file, describeEnv(made.receivers));
    try {
      await seed(r, `${made.receivers.hooks.url}/warned`, ['deployment.warned']);
      const V2 = ordersWithScopes('read: read orders', 'id: {type: string}, total: {type: number}');
      const published = await r.send('POST', '/v1/services/orders/versions', { version: '1.1.0', branch: 'main', commit: COMMIT, contract: V2 });
      expect(published.statusCode, published.body).toBe(201);
      await waitUntilSettled(r.store);
      const atPublication = made.receivers.slack.posts.length;

      const deployed = await r.send('POST', '/v1/deployments', { service: 'orders', version: '1.1.0', environment: 'production' });
      expect(deployed.statusCode, deployed.body).toBe(201);
      await waitUntilSettled(r.store);

      const [request] = await made.receivers.hooks.waitFor(1);
      expect(request!.headers['x-overseer-event']).toBe('deployment.warned');
      const event = JSON.parse(request!.body) as NotificationEvent;
      expect(event).toMatchObject({ type: 'deployment.warned', service: 'orders', version: '1.1.0', baseVersion: '1.0.0', environment: 'production' });
      expect(event.headline).toBe('orders 1.1.0 was deployed to production and changes what web uses, with a warning (not refused)');
      expect(event.warned?.map((w) => [w.consumer, w.code, w.operation])).toEqual([['web', SCOPE_REMOVED, 'GET /orders']]);
      const posts = (made.receivers.slack.posts as SlackPost[]).slice(atPublication);
      expect(posts.map((p) => p.channel).sort()).toEqual(['#checkout-alerts', '#users-alerts']);
      expect(slackText(posts[0]!)).toContain('security scheme oauth (clientCredentials): scope write was removed');
      expect(made.receivers.github.statuses.at(-1)).toEqual(
        expect.objectContaining({ sha: COMMIT, state: 'success', context: 'overseer/orders/deployment (production)', description: event.headline }),
      );
    } finally {
      await r.close();
    }
  }, 60_000);
});
