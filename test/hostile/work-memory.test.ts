// A contract inside the size limit that needs more memory than a worker thread may use (15 MB of YAML flow style took
// 1.9 GB unbounded) sent to the open POST /v1/check: its thread is stopped at OVERSEER_WORK_MEMORY_MB, the request is
// answered 413 ERR_WORK_TOO_LARGE, and the pool's new thread answers the next check. 128 MB is far from both sides: a
// small contract needs a few MB, and 3 MB of flow style already outgrows 128, as 15 MB did, for a fifth of the bytes to build and send.

import { beforeAll, describe, expect, it } from 'vitest';
import { useRegistry } from '../e2e/registry-session.js';
import { flowContract, SMALL_CONTRACT, seedUsersInProd, send } from './flow-contract.js';

const session = useRegistry({
  name: 'work-memory',
  serveEnv: { OVERSEER_WORK_MEMORY_MB: '128', OVERSEER_WORK_THREADS: '1', OVERSEER_WORK_TIMEOUT_MS: '0' },
});
const ask = (method: string, path: string, body?: unknown) => send(session.registry.url, method, path, body);

beforeAll(() => seedUsersInProd(session.registry.url), 60_000);

describe('a task past OVERSEER_WORK_MEMORY_MB', () => {
  it('is stopped and answered 413 ERR_WORK_TOO_LARGE naming the bound; the registry answers the next check', async () => {
    const contract = flowContract(3 * 1024 * 1024);
    const check = await ask('POST', '/v1/check', { service: 'users', environment: 'prod', contract, contractFile: 'heavy.yaml' });
    expect(check.status, JSON.stringify(check.body)).toBe(413);
    expect(check.body).toMatchObject({ code: 'ERR_WORK_TOO_LARGE' });
    expect(check.body.message).toMatch(/more memory than a worker process may use, 128 MB \(OVERSEER_WORK_MEMORY_MB\)/);
    expect((await ask('GET', '/healthz')).status).toBe(200);
    const next = await ask('POST', '/v1/check', { service: 'users', environment: 'prod', contract: SMALL_CONTRACT, contractFile: 'users.json' });
    expect(next.status, JSON.stringify(next.body)).toBe(200);
    expect(next.body).toMatchObject({ deployable: true });
  }, 180_000);

  it('stops a publication the same way, and stores nothing of it', async () => {
    const contract = flowContract(3 * 1024 * 1024);
    const publish = await ask('POST', '/v1/services/users/versions', { version: '2', contract, contractFile: 'heavy.yaml' });
    expect(publish.status, JSON.stringify(publish.body)).toBe(413);
    expect(publish.body).toMatchObject({ code: 'ERR_WORK_TOO_LARGE' });
    expect((await ask('GET', '/v1/services/users/versions/2')).status).toBe(404);
    const small = await ask('POST', '/v1/services/users/versions', { version: '2', contract: SMALL_CONTRACT, contractFile: 'users.json' });
    expect(small.status, JSON.stringify(small.body)).toBe(201);
  }, 180_000);
});
