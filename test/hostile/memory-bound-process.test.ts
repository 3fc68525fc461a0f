// OVERSEER_WORK_MEMORY_MB in a real `overseer serve` process: a thread stopped at its heap bound must cost the request,
// never the process. Node stops such a thread only as best it can (nodejs/node#47224), so this asks it again and again,
// two at once with a token (both threads), and holds that the process never exits and never writes V8's fatal error.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt } from '../e2e/cli-process.js';
import { flowContract, SMALL_CONTRACT, seedUsersInProd, send } from './flow-contract.js';
import { type ServeProcess, startServeProcess } from './serve-process.js';

const TOKEN = 'the-admin-token-of-memory-bound';
const ROUNDS = 3;
let registry: ServeProcess;

beforeAll(async () => {
  assertBuilt();
  registry = await startServeProcess({
    OVERSEER_ADMIN_TOKEN: TOKEN,
    OVERSEER_WORK_MEMORY_MB: '128',
    OVERSEER_WORK_THREADS: '2',
    OVERSEER_WORK_TIMEOUT_MS: '0',
  });
  await seedUsersInProd(registry.url, TOKEN);
}, 60_000);
afterAll(() => registry?.stop());

describe('work past OVERSEER_WORK_MEMORY_MB, asked of a real serve again and again', () => {
  it('is answered 413 ERR_WORK_TOO_LARGE each time, /healthz answers between, and the process lives on', async () => {
    // 3 MB of flow style needs several hundred MB of heap: far past 128, and cheap to send.
    const heavy = { service: 'users', environment: 'prod', contract: flowContract(3 * 1024 * 1024), contractFile: 'heavy.yaml' };
    for (let round = 0; round < ROUNDS; round++) {
      const answers = await Promise.all([0, 1].map(() => send(registry.url, 'POST', '/v1/check', heavy, TOKEN)));
      for (const answer of answers) {
        expect(answer.status, JSON.stringify(answer.body)).toBe(413);
        expect(answer.body).toMatchObject({ code: 'ERR_WORK_TOO_LARGE' });
      }
      expect((await send(registry.url, 'GET', '/healthz')).status).toBe(200);
      expect(registry.exit(), registry.stderr()).toBeUndefined();
    }
    const small = await send(registry.url, 'POST', '/v1/check', { service: 'users', environment: 'prod', contract: SMALL_CONTRACT }, TOKEN);
    expect(small.status, JSON.stringify(small.body)).toBe(200);
    expect(registry.exit(), registry.stderr()).toBeUndefined();
    expect(registry.stderr()).not.toMatch(/FATAL ERROR/);
  }, 240_000);
});
