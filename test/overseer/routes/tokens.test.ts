// GET /v1/tokens: the admin sees which tokens exist (to find the one to revoke, or a forgotten one), never a secret.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashToken } from '../../../overseer/auth.js';
import { ADMIN_TOKEN, type Harness, startHarness } from './harness.js';

let h: Harness;
const issued: string[] = [];

beforeEach(async () => {
  h = await startHarness({ adminToken: ADMIN_TOKEN });
  issued.length = 0;
  for (const body of [
    { name: 'users-ci', service: 'users-service' },
    { name: 'otel-collector', ingest: true },
  ]) {
    const res = await h.send('POST', '/v1/tokens', body, ADMIN_TOKEN);
    expect(res.statusCode).toBe(201);
    issued.push(res.json().token);
  }
});
afterEach(() => h.close());

describe('GET /v1/tokens', () => {
  it('lists each token with its service, scope and creation time, and neither the token nor its hash', async () => {
    const res = await h.send('GET', '/v1/tokens', undefined, ADMIN_TOKEN);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      tokens: [
        { name: 'otel-collector', service: null, scope: 'ingest', createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
        { name: 'users-ci', service: 'users-service', scope: 'service', createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
      ],
    });
    for (const token of issued) {
      expect(res.body).not.toContain(token);
      expect(res.body).not.toContain(hashToken(token));
    }
  });

  it('is the admin’s alone: no token is 401, a service or ingest token 403', async () => {
    expect((await h.send('GET', '/v1/tokens')).json()).toMatchObject({ code: 'ERR_TOKEN_MISSING' });
    for (const token of issued) {
      const res = await h.send('GET', '/v1/tokens', undefined, token);
      expect([res.statusCode, res.json().code]).toEqual([403, 'ERR_TOKEN_FORBIDDEN']);
    }
  });

  it('drops a revoked token from the list, and lists it apart with when and by whom', async () => {
    expect((await h.send('DELETE', '/v1/tokens/users-ci', undefined, ADMIN_TOKEN)).statusCode).toBe(204);
    const res = await h.send('GET', '/v1/tokens', undefined, ADMIN_TOKEN);
    expect(res.json().tokens.map((t: { name: string }) => t.name)).toEqual(['otel-collector']);
    const revoked = await h.send('GET', '/v1/tokens?revoked=true', undefined, ADMIN_TOKEN);
    expect(revoked.json()).toEqual({
      tokens: [
        { name: 'users-ci', service: 'users-service', scope: 'service', createdAt: expect.any(String), revokedAt: expect.any(String), revokedBy: 'admin' },
      ],
    });
    expect(revoked.body).not.toContain(hashToken(issued[0]));
  });

  it('pages the revoked tokens in the order they were revoked, a name issued again listed once per revocation', async () => {
    for (const name of ['users-ci', 'otel-collector']) await h.send('DELETE', `/v1/tokens/${name}`, undefined, ADMIN_TOKEN);
    expect((await h.send('POST', '/v1/tokens', { name: 'users-ci', service: 'users-service' }, ADMIN_TOKEN)).statusCode).toBe(201);
    await h.send('DELETE', '/v1/tokens/users-ci', undefined, ADMIN_TOKEN);
    const first = (await h.send('GET', '/v1/tokens?revoked=true&limit=2', undefined, ADMIN_TOKEN)).json();
    expect(first.tokens.map((t: { name: string }) => t.name)).toEqual(['users-ci', 'otel-collector']);
    const rest = (await h.send('GET', `/v1/tokens?revoked=true&limit=2&cursor=${first.next}`, undefined, ADMIN_TOKEN)).json();
    expect(rest).toEqual({ tokens: [expect.objectContaining({ name: 'users-ci', revokedBy: 'admin' })] });
  });
});

describe('DELETE /v1/tokens/{name}', () => {
  it('tells a second revoke when the token was revoked and by whom, and a name never issued that it is unknown', async () => {
    expect((await h.send('DELETE', '/v1/tokens/users-ci', undefined, ADMIN_TOKEN)).statusCode).toBe(204);
    const { revokedAt } = (await h.send('GET', '/v1/tokens?revoked=true', undefined, ADMIN_TOKEN)).json().tokens[0];
    const again = await h.send('DELETE', '/v1/tokens/users-ci', undefined, ADMIN_TOKEN);
    expect([again.statusCode, again.json()]).toEqual([
      410,
      { code: 'ERR_TOKEN_REVOKED', message: `token users-ci was revoked already, at ${revokedAt} by admin: requests that present it are refused` },
    ]);
    const never = await h.send('DELETE', '/v1/tokens/nobody-ci', undefined, ADMIN_TOKEN);
    expect([never.statusCode, never.json().code]).toEqual([404, 'ERR_TOKEN_UNKNOWN']);
  });

  it('refuses the revoked token saying it was revoked, without naming the token or its service', async () => {
    await h.send('DELETE', '/v1/tokens/users-ci', undefined, ADMIN_TOKEN);
    const { revokedAt } = (await h.send('GET', '/v1/tokens?revoked=true', undefined, ADMIN_TOKEN)).json().tokens[0];
    const refused = await h.send('GET', '/v1/services', undefined, issued[0]);
    expect([refused.statusCode, refused.json()]).toEqual([401, { code: 'ERR_TOKEN_REJECTED', message: `the token was revoked (at ${revokedAt})` }]);
    const unknown = await h.send('GET', '/v1/services', undefined, 'ovs_never-issued');
    expect(unknown.json()).toEqual({ code: 'ERR_TOKEN_REJECTED', message: 'the token is not known to this registry' });
  });
});

// A token's answer lost on the way (a dropped connection, a proxy's 502): the client sends it again with its key. A
// second token would be a secret nobody saw; the first one's secret is gone (only its hash is kept).
describe('POST /v1/tokens sent again with its Idempotency-Key', () => {
  const create = (body: object, key: string) =>
    h.app.inject({ method: 'POST', url: '/v1/tokens', payload: body, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'idempotency-key': key } });

  it('makes no second token, and says the first was made, cannot be shown again, and how to revoke it', async () => {
    const first = await create({ name: 'orders-ci', service: 'orders-service' }, 'key-orders-ci');
    expect(first.statusCode).toBe(201);
    const { token, createdAt } = first.json();
    const again = await create({ service: 'orders-service', name: 'orders-ci' }, 'key-orders-ci');
    expect([again.statusCode, again.json()]).toEqual([
      409,
      {
        code: 'ERR_TOKEN_NOT_SHOWN',
        message:
          `the token "orders-ci" for orders-service was created at ${createdAt} by an earlier sending of this request (the same Idempotency-Key), ` +
          'whose answer was lost: the token was in that answer only and the registry keeps its hash alone, so it cannot be shown again. ' +
          'Revoke it (DELETE /v1/tokens/orders-ci) and create another',
      },
    ]);
    expect(again.body).not.toContain(token);
    expect(again.body).not.toContain(hashToken(token));
    const names = (await h.send('GET', '/v1/tokens', undefined, ADMIN_TOKEN)).json().tokens.map((t: { name: string }) => t.name);
    expect(names).toEqual(['orders-ci', 'otel-collector', 'users-ci']);
    // The first token works: it was made once, and only its answer was lost.
    expect((await h.send('GET', '/v1/services', undefined, token)).statusCode).toBe(200);
  });

  it('refuses the key with another token (ERR_IDEMPOTENCY_KEY_REUSED) and makes nothing', async () => {
    expect((await create({ name: 'orders-ci', service: 'orders-service' }, 'key-shared')).statusCode).toBe(201);
    const other = await create({ name: 'billing-ci', service: 'billing-worker' }, 'key-shared');
    expect([other.statusCode, other.json().code]).toEqual([409, 'ERR_IDEMPOTENCY_KEY_REUSED']);
    const names = (await h.send('GET', '/v1/tokens', undefined, ADMIN_TOKEN)).json().tokens.map((t: { name: string }) => t.name);
    expect(names).not.toContain('billing-ci');
  });
});
