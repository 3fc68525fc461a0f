// Strangers' reads from one address, on a registry with tokens: consumers listings asked without a token, each sent,
// its sending side closed (FIN) and the socket dropped at once. Strangers' tasks hold at most half of the read queue
// (strangers-read-share.test.ts), and one address took all of that half: a stranger from another address (a colleague
// opening the dashboard) was refused 503 for as long as the flood went on. Now one address holds half of the
// strangers' half, and the other is queued and answered. Addresses are told apart on loopback: 127.0.0.1 floods,
// 127.0.0.2 asks.

import { beforeAll, describe, expect, it } from 'vitest';
import { flowContract, SMALL_CONTRACT, send, useOneThreadRegistry, waitingIn } from './flow-contract.js';
import { getFrom, sendAndLeave } from './raw-http.js';

const TOKEN = 'the-admin-token-of-strangers-read-address-share';
// One thread, and a read queue of 7: strangers' tasks may take 4 of it, one address 2.
const session = useOneThreadRegistry('strangers-read-address-share', TOKEN, 7);
const ask = (method: string, path: string, body?: unknown, token?: string) => send(session.registry.url, method, path, body, token);
// A provider's consumers, named by its contract: a task in the read lane for each ask.
const READ = '/v1/services/users/consumers';

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

describe("one address's reads without a token", () => {
  it("hold at most half of the strangers' half of the read queue: a stranger from another address is queued and answered", async () => {
    // A token's check holds the one thread for seconds, so that every task after it waits its turn.
    const slowCheck = ask(
      'POST',
      '/v1/check',
      { service: 'users', environment: 'prod', contract: flowContract(15 * 1024 * 1024), contractFile: 'slow.yaml' },
      TOKEN,
    );
    const readWaiting = () => waitingIn(session.registry.url, 'read');
    // Listings are asked one at a time until one waits: then the check has the thread.
    await expect
      .poll(async () => (await sendAndLeave(session.registry.url, READ, '127.0.0.1'), readWaiting()), { timeout: 30_000, interval: 20 })
      .toBeGreaterThan(0);
    await Promise.all(Array.from({ length: 20 }, () => sendAndLeave(session.registry.url, READ, '127.0.0.1')));
    await new Promise((resolve) => setTimeout(resolve, 500));
    // The flood holds what one address may (two places in the queue); the rest were refused.
    expect(await readWaiting()).toBeLessThanOrEqual(2);

    const again = await getFrom(session.registry.url, READ, '127.0.0.1');
    expect(again.status, JSON.stringify(again.body)).toBe(503);
    expect(again.body).toMatchObject({ code: 'ERR_BUSY' });
    expect((again.body as { message: string }).message).toContain('and those from one address half of that');
    // Queued in the strangers' other places, it waits for the thread like the rest, and is answered.
    const other = await getFrom(session.registry.url, READ, '127.0.0.2');
    expect(other.status, JSON.stringify(other.body)).toBe(200);
    expect(other.body).toMatchObject({ provider: 'users', consumers: [expect.objectContaining({ consumer: 'web', version: '1' })] });
    expect((await slowCheck).body).toMatchObject({ code: 'ERR_WORK_TIMEOUT' });
    await expect.poll(readWaiting, { timeout: 10_000 }).toBe(0);
  }, 120_000);
});
