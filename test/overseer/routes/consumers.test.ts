// GET /v1/services/{name}/consumers: who uses a service, deployed, on a branch or latest.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { USERS_V1 } from './fixtures.js';
import { type Harness, startHarness } from './harness.js';
import { deployAll, seedRegistry } from './seed.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  await seedRegistry(h);
});
afterEach(() => h.close());

describe('GET /v1/services/{name}/consumers', () => {
  it('lists who uses which operation and field (latest versions)', async () => {
    const res = await h.send('GET', '/v1/services/users-service/consumers');
    expect(res.statusCode).toBe(200);
    // Each use as declared (with its manifest line), and beside it as the provider's latest contract names it (added
    // fields: `operation` stays).
    expect(res.json()).toEqual({
      provider: 'users-service',
      namedBy: '1.0.0',
      consumers: [
        { consumer: 'billing-worker', version: '1.0.0', uses: [{ operation: 'GET /users/{id}', label: 'GET /users/{id}', operationId: 'getUser', line: 5 }] },
        {
          consumer: 'checkout-web',
          version: '1.0.0',
          uses: [{ operation: 'getUser', label: 'GET /users/{id}', operationId: 'getUser', response: ['id', 'name', 'email'], line: 5 }],
        },
      ],
    });
  });

  it('lists the consumers deployed in an environment only', async () => {
    expect((await h.send('GET', '/v1/services/users-service/consumers?environment=production')).json().consumers).toEqual([]);
    await h.send('POST', '/v1/deployments', { service: 'checkout-web', version: '1.0.0', environment: 'production' });
    const res = (await h.send('GET', '/v1/services/users-service/consumers?environment=production')).json();
    expect(res).toMatchObject({ provider: 'users-service', environment: 'production' });
    expect(res.consumers.map((c: { consumer: string }) => c.consumer)).toEqual(['checkout-web']);
    await deployAll(h, 'production');
    expect((await h.send('GET', '/v1/services/users-service/consumers?environment=production')).json().consumers).toHaveLength(2);
  });

  it('scopes to a branch, and refuses unknown services and two scopes at once', async () => {
    expect((await h.send('GET', '/v1/services/users-service/consumers?branch=main')).json().consumers).toHaveLength(2);
    const unknown = await h.send('GET', '/v1/services/users-service/consumers?branch=feature');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('ERR_BRANCH_UNKNOWN');
    await h.send('POST', '/v1/services/users-service/versions', { version: '1.0.0', branch: 'feature', contract: USERS_V1 });
    expect((await h.send('GET', '/v1/services/users-service/consumers?branch=feature')).json().consumers).toEqual([]);
    expect((await h.send('GET', '/v1/services/nobody/consumers')).statusCode).toBe(404);
    const both = await h.send('GET', '/v1/services/users-service/consumers?branch=main&environment=production');
    expect(both.statusCode).toBe(400);
    expect(both.json().code).toBe('ERR_REQUEST_INVALID');
  });

  it('pages by uses: a consumer cut short is listed again with the rest, and `next` leads to the last page', async () => {
    await h.send('POST', '/v1/services/checkout-web/versions', {
      version: '2.0.0',
      declarations: [{ consumer: 'checkout-web', provider: 'users-service', uses: [{ operation: 'getUser' }, { operation: 'GET /nowhere' }] }],
    });
    const pages: { consumers: { consumer: string; version: string; uses: { operation: string; label?: string }[] }[]; next?: string }[] = [];
    let cursor: string | undefined;
    do {
      const res = await h.send('GET', `/v1/services/users-service/consumers?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode).toBe(200);
      pages.push(res.json());
      cursor = res.json().next;
    } while (cursor !== undefined && pages.length < 5);
    expect(pages.map((p) => p.consumers.map((c) => [c.consumer, c.version, c.uses.map((u) => u.label ?? u.operation)]))).toEqual([
      [
        ['billing-worker', '1.0.0', ['GET /users/{id}']],
        ['checkout-web', '2.0.0', ['GET /users/{id}']],
      ],
      [['checkout-web', '2.0.0', ['GET /nowhere']]],
    ]);
    expect(pages.at(-1)).not.toHaveProperty('next');
  });

  it('refuses a cursor it did not give and a limit out of bounds, naming them', async () => {
    for (const query of ['cursor=bm90LW91cnM', 'cursor=a%20b', 'limit=0', 'limit=5001']) {
      const res = await h.send('GET', `/v1/services/users-service/consumers?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().code).toBe('ERR_REQUEST_INVALID');
      expect(res.json().message).toContain(query.split('=')[0]);
    }
  });
});
