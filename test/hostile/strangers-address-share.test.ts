// Strangers' gate questions from one address, on a registry with tokens: each sent, its sending side closed (FIN) and
// the socket dropped at once. Strangers hold at most half of the gate lane (strangers-gate-share.test.ts), and one
// address took all of that half: a stranger from another address (a CI job without a token, behind another NAT) was
// refused 503 for as long as the flood went on. Now one address holds half of the strangers' half, and the other is
// admitted and answered. Addresses are told apart on loopback: 127.0.0.1 floods, 127.0.0.2 asks.

import { beforeAll, describe, expect, it } from 'vitest';
import { flowContract, seedUsersInProd, send, useOneThreadRegistry, waitingIn } from './flow-contract.js';
import { getFrom, sendAndLeave } from './raw-http.js';

const TOKEN = 'the-admin-token-of-strangers-address-share';
// One thread, and a gate lane of 1 + 7: strangers may hold 4 of its 8 places, one address 2.
const session = useOneThreadRegistry('strangers-address-share', TOKEN, 7);
const QUESTION = '/v1/can-i-deploy?service=users&version=1&environment=prod';

beforeAll(() => seedUsersInProd(session.registry.url, TOKEN), 60_000);

const flood = (localAddress: string) => sendAndLeave(session.registry.url, QUESTION, localAddress);
const gateWaiting = () => waitingIn(session.registry.url, 'gate');

describe("one address's gate questions without a token", () => {
  it("hold at most half of the strangers' half: a stranger from another address is admitted and answered", async () => {
    // A token's check holds the one thread for seconds, so that every question after it waits its turn.
    const slowCheck = send(
      session.registry.url,
      'POST',
      '/v1/check',
      { service: 'users', environment: 'prod', contract: flowContract(15 * 1024 * 1024), contractFile: 'slow.yaml' },
      TOKEN,
    );
    // Questions are sent one at a time until one waits: then the check has the thread.
    await expect.poll(async () => (await flood('127.0.0.1'), gateWaiting()), { timeout: 30_000, interval: 20 }).toBeGreaterThan(0);
    await Promise.all(Array.from({ length: 20 }, () => flood('127.0.0.1')));
    await new Promise((resolve) => setTimeout(resolve, 500));
    // The flood holds what one address may (two places, admitted or waiting), the rest were refused.
    expect(await gateWaiting()).toBeLessThanOrEqual(2);

    const other = getFrom(session.registry.url, QUESTION, '127.0.0.2');
    const again = await getFrom(session.registry.url, QUESTION, '127.0.0.1');
    expect(again.status, JSON.stringify(again.body)).toBe(503);
    expect(again.body).toMatchObject({ code: 'ERR_BUSY' });
    expect((again.body as { message: string }).message).toContain('and those from one address half of that');
    // Admitted to the strangers' other places, it waits for the thread like the rest, and is answered.
    const answered = await other;
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);
    expect(answered.body).toMatchObject({ decision: 'deployable' });
    expect((await slowCheck).body).toMatchObject({ code: 'ERR_WORK_TIMEOUT' });
    await expect.poll(gateWaiting, { timeout: 10_000 }).toBe(0);
  }, 120_000);
});
