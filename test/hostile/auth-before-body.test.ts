// Every write of a registry with an admin token refuses a stranger, and a token that may not make it, before reading
// the body: 200 KB announced, 64 KB sent, and the refusal must come anyway (a route that read first never answers).

import { beforeAll, describe, expect, it } from 'vitest';
import { useRegistry } from '../e2e/registry-session.js';
import { answerBeforeBody } from './raw-http.js';

const ADMIN = 'an-admin-token-of-some-length';
const ANNOUNCED = 200 * 1024;
const session = useRegistry({ name: 'auth-before-body', serveEnv: { OVERSEER_ADMIN_TOKEN: ADMIN } });
const tokens = { service: '', ingest: '' };

async function admin(method: string, urlPath: string, body: unknown): Promise<Response> {
  const headers = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' };
  return fetch(`${session.registry.url}${urlPath}`, { method, headers, body: JSON.stringify(body) });
}

async function issue(body: unknown): Promise<string> {
  const answer = await admin('POST', '/v1/tokens', body);
  expect(answer.status).toBe(201);
  return ((await answer.json()) as { token: string }).token;
}

beforeAll(async () => {
  for (const name of ['a', 'b']) expect((await admin('PUT', `/v1/services/${name}`, { owners: ['@team'] })).status).toBe(201);
  tokens.service = await issue({ name: 'deployer-a', service: 'a' });
  tokens.ingest = await issue({ name: 'collector', ingest: true });
});

// Routes that only the admin may use, whatever token is shown.
const ADMIN_ROUTES: [string, string][] = [
  ['POST', '/v1/environments'],
  ['POST', '/v1/tokens'],
  ['DELETE', '/v1/tokens/deployer-a'],
  ['POST', '/v1/notifications/1/retry'],
  ['POST', '/v1/webhooks'],
  ['DELETE', '/v1/webhooks/1'],
];
// Writes a service token makes for its own service only: b is not a's.
const SERVICE_ROUTES: [string, string][] = [
  ['PUT', '/v1/services/b'],
  ['POST', '/v1/deployments'],
  ['POST', '/v1/deployments/end'],
];

const send = (method: string, urlPath: string, headers: Record<string, string> = {}) =>
  answerBeforeBody(session.registry.url, urlPath, ANNOUNCED, headers, method);
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
// A route that waits for the body never answers: each case fails at this bound instead of the file's.
const NO_ANSWER_MS = 10_000;

describe('writes refused before their body is read', () => {
  it.each([...ADMIN_ROUTES, ...SERVICE_ROUTES])(
    '%s %s without a token: 401 ERR_TOKEN_MISSING',
    async (method, urlPath) => {
      expect(await send(method, urlPath)).toMatchObject({ status: 401, body: { code: 'ERR_TOKEN_MISSING' } });
    },
    NO_ANSWER_MS,
  );

  it.each([...ADMIN_ROUTES, ...SERVICE_ROUTES])(
    '%s %s with a token never issued: 401 ERR_TOKEN_REJECTED',
    async (method, urlPath) => {
      expect(await send(method, urlPath, bearer('ovs_never-issued'))).toMatchObject({ status: 401, body: { code: 'ERR_TOKEN_REJECTED' } });
    },
    NO_ANSWER_MS,
  );

  it.each([...ADMIN_ROUTES, ['PUT', '/v1/services/b']])(
    '%s %s with the token of service a: 403 ERR_TOKEN_FORBIDDEN',
    async (method, urlPath) => {
      expect(await send(method, urlPath, bearer(tokens.service))).toMatchObject({ status: 403, body: { code: 'ERR_TOKEN_FORBIDDEN' } });
    },
    NO_ANSWER_MS,
  );

  it.each([...ADMIN_ROUTES, ...SERVICE_ROUTES])(
    '%s %s with an ingest token: 403 ERR_TOKEN_FORBIDDEN',
    async (method, urlPath) => {
      expect(await send(method, urlPath, bearer(tokens.ingest))).toMatchObject({ status: 403, body: { code: 'ERR_TOKEN_FORBIDDEN' } });
    },
    NO_ANSWER_MS,
  );

  it('still refuses a deployment of b by the token of a once the body is read, and keeps answering', async () => {
    const headers = { ...bearer(tokens.service), 'content-type': 'application/json' };
    const body = JSON.stringify({ service: 'b', version: '1.0.0', environment: 'production' });
    const answer = await fetch(`${session.registry.url}/v1/deployments`, { method: 'POST', headers, body });
    expect(answer.status).toBe(403);
    expect(await answer.json()).toMatchObject({ code: 'ERR_TOKEN_FORBIDDEN', message: expect.stringContaining('may not act for b') });
    expect((await fetch(`${session.registry.url}/healthz`)).status).toBe(200);
  });
});
