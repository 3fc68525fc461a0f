// A cache between the Action and the registry (a CDN, a company proxy) that kept the consumer listing judged a pull request
// against the consumers deployed when it first asked: one deployed since went unseen and its break passed. The registry's
// API answers now say `cache-control: no-store`, which RFC 9111 forbids a cache to keep. A cache that keeps what it may
// (hostile-proxy.ts) in front of the real registry.

import { describe, expect, it } from 'vitest';
import { startCachingProxy } from '../e2e/hostile-proxy.js';
import { useActionSession } from './session.js';

const session = useActionSession();

const CONSUMERS = ['checkout-web', 'orders-service'];

describe('the Action behind a cache', () => {
  it('sees the consumers deployed since its last run, and blocks the change that breaks them', async () => {
    const { client } = session.registry;
    for (const service of CONSUMERS) await client.endDeployment({ service, version: '1.0.0', environment: 'production' });
    const cache = await startCachingProxy(session.registry.url);
    try {
      const before = await session.run({ number: 70, headSha: 'e7'.repeat(20), revision: session.fixtures['users.breaks-two.yaml'], registryUrl: cache.url });
      expect(before.code, before.stdout).toBe(0);
      for (const service of CONSUMERS) await client.recordDeployment({ service, version: '1.0.0', environment: 'production' });
      const after = await session.run({ number: 70, headSha: 'e8'.repeat(20), revision: session.fixtures['users.breaks-two.yaml'], registryUrl: cache.url });
      expect(after.code, after.stdout).toBe(1);
      const [comment] = session.markerComments(70);
      expect(comment?.body).toMatch(/would break 2 consumers deployed in production/);
      expect(cache.served()).toBe(0);
    } finally {
      await cache.close();
    }
  });

  it('gets `cache-control: no-store` on the API’s answers, and the dashboard keeps its own', async () => {
    for (const path of ['/v1/environments', '/v1/services/users-service/consumers?environment=production', '/healthz', '/v1/services/nobody']) {
      const answer = await fetch(`${session.registry.url}${path}`);
      expect(answer.headers.get('cache-control'), path).toBe('no-store');
    }
    expect((await fetch(`${session.registry.url}/`)).headers.get('cache-control')).not.toBe('no-store');
  });
});
