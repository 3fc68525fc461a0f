// Who may write what: the admin token, service tokens, and open mode without an admin token.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashToken } from '../../../overseer/auth.js';
import { USERS_V1 } from './fixtures.js';
import { ADMIN_TOKEN, type Harness, startHarness } from './harness.js';

let h: Harness;
let usersToken: string;

beforeEach(async () => {
  h = await startHarness({ adminToken: ADMIN_TOKEN });
  const issued = await h.send('POST', '/v1/tokens', { name: 'users-ci', service: 'users-service' }, ADMIN_TOKEN);
  expect(issued.statusCode).toBe(201);
  usersToken = issued.json().token;
});
afterEach(() => h.close());

const publish = (token?: string, service = 'users-service') =>
  h.send('POST', `/v1/services/${service}/versions`, { version: '1.0.0', contract: USERS_V1 }, token);

describe('auth with an admin token configured', () => {
  it('issues a token shown once and stores only its SHA-256', async () => {
    expect(usersToken).toMatch(/^ovs_[A-Za-z0-9_-]{43}$/);
    const [record] = await h.store.listTokens();
    expect(record).toMatchObject({ name: 'users-ci', service: 'users-service', hash: hashToken(usersToken) });
    expect(JSON.stringify(await h.store.listTokens())).not.toContain(usersToken);
    const again = await h.send('POST', '/v1/tokens', { name: 'users-ci', service: 'users-service' }, ADMIN_TOKEN);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('ERR_TOKEN_CONFLICT');
  });

  it('needs a token for writes: none is 401, a wrong one is 401', async () => {
    const none = await h.send('PUT', '/v1/services/users-service', { owners: ['@a'] });
    expect(none.statusCode).toBe(401);
    expect(none.json().code).toBe('ERR_TOKEN_MISSING');
    const wrong = await h.send('PUT', '/v1/services/users-service', { owners: ['@a'] }, 'ovs_not-a-real-token');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe('ERR_TOKEN_REJECTED');
    const malformed = await h.app.inject({
      method: 'PUT',
      url: '/v1/services/users-service',
      payload: { owners: ['@a'] },
      headers: { authorization: 'Basic abc' },
    });
    expect(malformed.statusCode).toBe(401);
    expect(await h.store.getService('users-service')).toBeUndefined();
  });

  it("names the admin token when a write that needs it comes with none, as it does for a write's service token", async () => {
    const none = await h.send('POST', '/v1/tokens', { name: 'orders-ci', service: 'orders-service' });
    expect(none.statusCode).toBe(401);
    expect(none.json()).toEqual({ code: 'ERR_TOKEN_MISSING', message: expect.stringContaining('this registry needs the admin token for this write') });
    const service = await h.send('POST', '/v1/tokens', { name: 'orders-ci', service: 'orders-service' }, usersToken);
    expect(service.statusCode).toBe(403);
    expect(service.json().message).toContain('this needs the admin token');
  });

  it('lets a service token publish and deploy its own service only (403 otherwise)', async () => {
    expect((await h.send('PUT', '/v1/services/users-service', { owners: ['@a'] }, usersToken)).statusCode).toBe(201);
    expect((await h.send('PUT', '/v1/services/orders-service', { owners: ['@a'] }, ADMIN_TOKEN)).statusCode).toBe(201);
    expect((await publish(usersToken)).statusCode).toBe(201);
    const other = await publish(usersToken, 'orders-service');
    expect(other.statusCode).toBe(403);
    expect(other.json()).toEqual({ code: 'ERR_TOKEN_FORBIDDEN', message: expect.stringContaining('orders-service') });
    expect((await h.send('PUT', '/v1/services/orders-service', { owners: ['@b'] }, usersToken)).statusCode).toBe(403);
    expect((await h.send('POST', '/v1/environments', { name: 'prod' }, usersToken)).statusCode).toBe(403);
    expect((await h.send('POST', '/v1/environments', { name: 'prod' }, ADMIN_TOKEN)).statusCode).toBe(201);
    expect((await h.send('POST', '/v1/deployments', { service: 'users-service', version: '1.0.0', environment: 'prod' }, usersToken)).statusCode).toBe(201);
    const foreignDeploy = await h.send('POST', '/v1/deployments', { service: 'orders-service', version: '1.0.0', environment: 'prod' }, usersToken);
    expect(foreignDeploy.statusCode).toBe(403);
    expect((await h.send('POST', '/v1/tokens', { name: 'x', service: 'users-service' }, usersToken)).json().code).toBe('ERR_TOKEN_FORBIDDEN');
  });

  it('lets the admin do everything, and keeps reads open', async () => {
    expect((await h.send('PUT', '/v1/services/orders-service', { owners: ['@a'] }, ADMIN_TOKEN)).statusCode).toBe(201);
    expect((await publish(ADMIN_TOKEN, 'orders-service')).statusCode).toBe(201);
    expect((await h.send('GET', '/v1/services/orders-service/versions')).statusCode).toBe(200);
    expect((await h.send('POST', '/v1/environments', { name: 'prod' }, ADMIN_TOKEN)).statusCode).toBe(201);
    expect((await h.send('GET', '/v1/can-i-deploy?service=orders-service&version=1.0.0&environment=prod')).statusCode).toBe(200);
  });

  it('records who asked can-i-deploy by POST: the token name; an ask without one is not recorded; a wrong token is refused before any work', async () => {
    await h.send('POST', '/v1/environments', { name: 'prod' }, ADMIN_TOKEN);
    expect((await h.send('PUT', '/v1/services/users-service', { owners: ['@a'] }, usersToken)).statusCode).toBe(201);
    expect((await publish(usersToken)).statusCode).toBe(201);
    const question = { service: 'users-service', version: '1.0.0', environment: 'prod' };
    expect((await h.send('POST', '/v1/can-i-deploy', question, usersToken)).statusCode).toBe(200);
    expect((await h.send('POST', '/v1/can-i-deploy', question)).statusCode).toBe(200);
    const wrong = await h.send('POST', '/v1/can-i-deploy', question, 'ovs_not-a-token');
    expect([wrong.statusCode, wrong.json().code]).toEqual([401, 'ERR_TOKEN_REJECTED']);
    const verdicts = (await h.send('GET', '/v1/verdicts?service=users-service')).json().verdicts;
    expect(verdicts.map((v: { askedBy: string }) => v.askedBy)).toEqual(['users-ci']);
  });

  it('revokes a token', async () => {
    expect((await h.send('DELETE', '/v1/tokens/users-ci', undefined, ADMIN_TOKEN)).statusCode).toBe(204);
    expect((await publish(usersToken)).statusCode).toBe(401);
    expect((await h.send('DELETE', '/v1/tokens/users-ci', undefined, ADMIN_TOKEN)).json().code).toBe('ERR_TOKEN_REVOKED');
  });
});

describe('auth without an admin token (open mode)', () => {
  it('accepts writes without a token', async () => {
    const open = await startHarness();
    try {
      expect((await open.send('PUT', '/v1/services/users-service', { owners: ['@a'] })).statusCode).toBe(201);
    } finally {
      await open.close();
    }
  });
});
