// A contract built to be slow inside the size limit (15 MB of YAML flow style, 280,000 operations: a minute or more of
// a thread) sent to the open POST /v1/check: its task is stopped at OVERSEER_WORK_TIMEOUT_MS, the request answered
// 422, and the pool's thread replaced, so the next check is answered. The bound (5 s) is far from both sides.

import { beforeAll, describe, expect, it } from 'vitest';
import { useRegistry } from '../e2e/registry-session.js';
import { flowContract, SMALL_CONTRACT, seedUsersInProd, send } from './flow-contract.js';

// The memory bound is raised out of the way: at its default (512 MB) a quiet machine parses far enough in 3 s to reach it
// first, and the task ends 413 ERR_WORK_TOO_LARGE before the time bound this file is about (a busy one did not).
const session = useRegistry({
  name: 'work-timeout',
  serveEnv: { OVERSEER_WORK_TIMEOUT_MS: '5000', OVERSEER_WORK_THREADS: '1', OVERSEER_WORK_MEMORY_MB: '4096' },
});

const ask = (method: string, path: string, body?: unknown) => send(session.registry.url, method, path, body);

beforeAll(() => seedUsersInProd(session.registry.url), 60_000);

describe('a task past OVERSEER_WORK_TIMEOUT_MS', () => {
  it('is stopped and answered 422 ERR_WORK_TIMEOUT naming the bound; the registry answers the next check', async () => {
    const check = await ask('POST', '/v1/check', {
      service: 'users',
      environment: 'prod',
      contract: flowContract(15 * 1024 * 1024),
      contractFile: 'slow.yaml',
    });
    expect(check.status).toBe(422);
    expect(check.body).toMatchObject({ code: 'ERR_WORK_TIMEOUT' });
    expect(check.body.message).toMatch(/took longer than 5 s and was stopped \(OVERSEER_WORK_TIMEOUT_MS\)/);
    expect((await ask('GET', '/healthz')).status).toBe(200);
    const next = await ask('POST', '/v1/check', { service: 'users', environment: 'prod', contract: SMALL_CONTRACT, contractFile: 'users.json' });
    expect(next.status, JSON.stringify(next.body)).toBe(200);
    expect(next.body).toMatchObject({ deployable: true });
  }, 120_000);
});
