// What a stranger may POST without a token (can-i-deploy, check). An ask about names the registry does not hold wrote
// a row to the audit trail each, so anyone could grow the database without end; no ask without a token is recorded
// now (test/hostile/stranger-asks.test.ts). A body that is not JSON was read whole before it was refused (a simple
// form post, no preflight).

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RegistryHere, startRegistryHere } from '../e2e/in-process.js';
import { answerBeforeBody } from './raw-http.js';

const ADMIN = 'admin-token-for-stranger-posts';
const CONTRACT = 'openapi: 3.0.3\ninfo: {title: users, version: "1"}\npaths: {}\n';

let dir: string;
let registry: RegistryHere;
let serviceToken: string;

async function send(method: string, url: string, body?: unknown, token?: string): Promise<Response> {
  const headers: Record<string, string> = {
    ...(token && { authorization: `Bearer ${token}` }),
    ...(body !== undefined && { 'content-type': 'application/json' }),
  };
  return fetch(new URL(url, registry.url), { method, headers, ...(body !== undefined && { body: JSON.stringify(body) }) });
}

async function ask(service: string, version: string, token?: string): Promise<string> {
  const answer = await send('POST', '/v1/can-i-deploy', { service, version, environment: 'production' }, token);
  expect(answer.status).toBe(200);
  return ((await answer.json()) as { decision: string }).decision;
}

async function recorded(): Promise<string[]> {
  const { verdicts } = (await (await send('GET', '/v1/verdicts?limit=1000')).json()) as { verdicts: { service: string; version: string; askedBy: string }[] };
  return verdicts.map((v) => `${v.askedBy}: ${v.service} ${v.version}`);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'overseer-stranger-posts-'));
  registry = await startRegistryHere(path.join(dir, 'registry.db'), { OVERSEER_ADMIN_TOKEN: ADMIN });
  expect((await send('POST', '/v1/environments', { name: 'production' }, ADMIN)).status).toBe(201);
  expect((await send('PUT', '/v1/services/users-service', { owners: ['@users'] }, ADMIN)).status).toBe(201);
  expect((await send('POST', '/v1/services/users-service/versions', { version: '1.0.0', contract: CONTRACT }, ADMIN)).status).toBe(201);
  const issued = await send('POST', '/v1/tokens', { name: 'users-ci', service: 'users-service' }, ADMIN);
  serviceToken = ((await issued.json()) as { token: string }).token;
}, 60_000);

afterAll(async () => {
  await registry?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("a stranger's can-i-deploy about what the registry does not hold", () => {
  it('is answered undecided and leaves the audit trail as it was, for a made-up service or version', async () => {
    for (let i = 0; i < 50; i++) expect(await ask(`made-up-${i}`, `v${i}`)).toBe('undecided');
    expect(await ask('users-service', '9.9.9-made-up')).toBe('undecided');
    expect(await recorded()).toEqual([]);
    const audit = await (await send('GET', '/audit')).text();
    expect(audit).not.toContain('made-up');
  });

  it('is recorded when a token asks; a stranger asking about a published version is answered and not recorded either', async () => {
    expect(await ask('users-service', '2.0.0', serviceToken)).toBe('undecided');
    expect(await ask('users-service', '1.0.0')).toBe('deployable');
    expect(await recorded()).toEqual(['users-ci: users-service 2.0.0']);
  });
});

describe('a body that is not JSON', () => {
  // Announced 200 KB, 64 KB sent: a route that waits for the rest never answers, and the case fails at this bound.
  it.each([
    ['/v1/check', 'text/plain'],
    ['/v1/check', 'text/plain; charset=utf-8'],
    ['/v1/can-i-deploy', 'text/plain'],
    ['/v1/check', 'application/x-www-form-urlencoded'],
  ])(
    'POST %s as %s: 415 ERR_REQUEST_MEDIA_TYPE before the body is read',
    async (url, type) => {
      const answer = await answerBeforeBody(registry.url, url, 200 * 1024, { 'content-type': type });
      expect(answer).toEqual({ status: 415, body: { code: 'ERR_REQUEST_MEDIA_TYPE', message: 'send the body as application/json' } });
    },
    10_000,
  );
});
