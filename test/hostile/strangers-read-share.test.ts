// Strangers' reads on a registry with tokens: dashboard pages and consumers listings asked without a token, each sent,
// its sending side closed (FIN) and the socket dropped at once. Their work queued in the read lane, which a check with a
// token parses its upload in: they filled it, and the check was refused 503. Now a stranger's tasks take at most half
// of a lane's queue, and the check with a token is queued in the other half and answered.

import { beforeAll, describe, expect, it } from 'vitest';
import { flowContract, SMALL_CONTRACT, send, useOneThreadRegistry, waitingIn } from './flow-contract.js';
import { sendAndLeave } from './raw-http.js';

const TOKEN = 'the-admin-token-of-strangers-read-share';
// One thread, and a read queue of 3: strangers' tasks may take 2 of it.
const session = useOneThreadRegistry('strangers-read-share', TOKEN, 3);
const ask = (method: string, path: string, body?: unknown, token?: string) => send(session.registry.url, method, path, body, token);
// Reads that each queue a task in the read lane: a provider's consumers, named by its contract, and its pages.
const READS = ['/v1/services/users/consumers', '/services/users', '/services/users/migrations', '/v1/services/users/migrations'];
const CHECK = { service: 'users', environment: 'prod', contract: SMALL_CONTRACT, contractFile: 'users.json' };

beforeAll(async () => {
  for (const [method, path, body] of [
    ['POST', '/v1/environments', { name: 'prod' }],
    ['PUT', '/v1/services/users', { owners: ['@team'] }],
    ['PUT', '/v1/services/web', { owners: ['@team'] }],
    ['POST', '/v1/services/users/versions', { version: '1', contract: SMALL_CONTRACT, contractFile: 'users.json' }],
    ['POST', '/v1/services/web/versions', { version: '1', declarations: [{ consumer: 'web', provider: 'users', uses: [{ operation: 'GET /users' }] }] }],
    ['POST', '/v1/deployments', { service: 'users', version: '1', environment: 'prod' }],
    ['POST', '/v1/deployments', { service: 'web', version: '1', environment: 'prod' }],
  ] as const) {
    const answer = await ask(method, path, body, TOKEN);
    expect(answer.status, `${method} ${path}: ${JSON.stringify(answer.body)}`).toBeLessThan(300);
  }
}, 60_000);

describe('strangers who ask for pages and listings and leave at once', () => {
  it('take at most half of the read queue: a check with a token is queued and answered, a stranger past his half is 503', async () => {
    // A token's check holds the one thread for seconds, so that every task after it waits its turn.
    const slowCheck = ask('POST', '/v1/check', { ...CHECK, contract: flowContract(15 * 1024 * 1024), contractFile: 'slow.yaml' }, TOKEN);
    // Listings are asked one at a time until one waits: then the check has the thread.
    const readWaiting = () => waitingIn(session.registry.url, 'read');
    await expect.poll(async () => (await sendAndLeave(session.registry.url, READS[0]!), readWaiting()), { timeout: 30_000, interval: 20 }).toBeGreaterThan(0);
    await Promise.all([...READS, ...READS, ...READS].map((path) => sendAndLeave(session.registry.url, path)));
    await new Promise((resolve) => setTimeout(resolve, 500));

    const stranger = await ask('GET', READS[0]!);
    expect(stranger.status, JSON.stringify(stranger.body)).toBe(503);
    expect(stranger.body).toMatchObject({ code: 'ERR_BUSY' });
    expect(stranger.body.message).toMatch(/those sent without a token may hold only half of its room \(a token gets the other half\)/);
    expect(stranger.headers.get('retry-after')).toBe('2');
    // Queued in the token's half, it waits for the thread like the rest, and is judged.
    const checked = await ask('POST', '/v1/check', CHECK, TOKEN);
    expect(checked.status, JSON.stringify(checked.body)).toBe(200);
    expect(checked.body).toMatchObject({ deployable: true });
    expect((await slowCheck).body).toMatchObject({ code: 'ERR_WORK_TIMEOUT' });
    await expect.poll(readWaiting, { timeout: 10_000 }).toBe(0);
    expect((await ask('GET', READS[0]!)).status).toBe(200);
  }, 120_000);
});
