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

  it('drops a revoked token from the list', async () => {
    expect((await h.send('DELETE', '/v1/tokens/users-ci', undefined, ADMIN_TOKEN)).statusCode).toBe(204);
    const res = await h.send('GET', '/v1/tokens', undefined, ADMIN_TOKEN);
    expect(res.json().tokens.map((t: { name: string }) => t.name)).toEqual(['otel-collector']);
  });
});
