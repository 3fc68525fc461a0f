// A contract built to be slow inside the size limit (15 MB of YAML flow style, 280,000 operations: a minute or more of
// a thread) sent to the open POST /v1/check: its task is stopped at OVERSEER_WORK_TIMEOUT_MS, the request answered
// 422, and the pool's thread replaced, so the next check is answered. The bound (5 s) is far from both sides.

import { beforeAll, describe, expect, it } from 'vitest';
import { useRegistry } from '../e2e/registry-session.js';

const session = useRegistry({ name: 'work-timeout', serveEnv: { OVERSEER_WORK_TIMEOUT_MS: '5000', OVERSEER_WORK_THREADS: '1' } });

const SMALL = JSON.stringify({
  openapi: '3.0.3',
  info: { title: 'users', version: '1' },
  paths: { '/users': { get: { responses: { 200: { description: 'ok' } } } } },
});

/** One flow mapping of `/pN: {get: ...}` entries up to `bytes`. */
function slowContract(bytes: number): string {
  const head = 'openapi: 3.0.3\ninfo: {title: users, version: "1"}\npaths: {';
  const parts: string[] = [];
  let length = head.length;
  for (let i = 0; length < bytes; i++) {
    const entry = `/p${i}: {get: {responses: {200: {description: ok}}}}`;
    parts.push(entry);
    length += entry.length + 2;
  }
  return `${head}${parts.join(', ')}}\n`;
}

async function send(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const init = body === undefined ? { method } : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  const answer = await fetch(`${session.registry.url}${path}`, init);
  return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  for (const [method, path, body] of [
    ['POST', '/v1/environments', { name: 'prod' }],
    ['PUT', '/v1/services/users', { owners: ['@team'] }],
    ['POST', '/v1/services/users/versions', { version: '1', contract: SMALL, contractFile: 'users.json' }],
    ['POST', '/v1/deployments', { service: 'users', version: '1', environment: 'prod' }],
  ] as const) {
    const answer = await send(method, path, body);
    expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(300);
  }
}, 60_000);

describe('a task past OVERSEER_WORK_TIMEOUT_MS', () => {
  it('is stopped and answered 422 ERR_WORK_TIMEOUT naming the bound; the registry answers the next check', async () => {
    const check = await send('POST', '/v1/check', {
      service: 'users',
      environment: 'prod',
      contract: slowContract(15 * 1024 * 1024),
      contractFile: 'slow.yaml',
    });
    expect(check.status).toBe(422);
    expect(check.body).toMatchObject({ code: 'ERR_WORK_TIMEOUT' });
    expect(check.body.message).toMatch(/took longer than 5 s and was stopped \(OVERSEER_WORK_TIMEOUT_MS\)/);
    expect((await send('GET', '/healthz')).status).toBe(200);
    const next = await send('POST', '/v1/check', { service: 'users', environment: 'prod', contract: SMALL, contractFile: 'users.json' });
    expect(next.status, JSON.stringify(next.body)).toBe(200);
    expect(next.body).toMatchObject({ deployable: true });
  }, 120_000);
});
