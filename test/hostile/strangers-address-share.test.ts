// Strangers' questions from one address, on a registry with tokens: each sent, its sending side closed (FIN) and the
// socket dropped at once. Strangers hold at most half of a lane (strangers-share.test.ts), and one address took all of
// that half: a stranger from another address (a CI job without a token behind another NAT, a colleague opening the
// dashboard) was refused 503 for as long as the flood went on. Now one address holds half of the strangers' half, and
// the other is admitted and answered. Addresses are told apart on loopback: 127.0.0.1 floods, 127.0.0.2 asks. One
// registry for the gate lane and the read lane: each test waits for the lane it filled to empty.

import { beforeAll, describe, expect, it } from 'vitest';
import { floodWhileHeld, seedUsersInProd, useOneThreadRegistry, waitingIn } from './flow-contract.js';
import { getFrom, sendAndLeave } from './raw-http.js';

const TOKEN = 'the-admin-token-of-strangers-address-share';
// One thread, and lanes of 1 + 7 places (the gate's) and a queue of 7 (the reads'): strangers may hold 4 of either,
// one address 2.
const session = useOneThreadRegistry('strangers-address-share', TOKEN, 7);
const QUESTION = '/v1/can-i-deploy?service=users&version=1&environment=prod';
// A provider's consumers, named by its contract: a task in the read lane for each ask.
const READ = '/v1/services/users/consumers';

// users, and web using it, both deployed in prod.
beforeAll(() => seedUsersInProd(session.registry.url, TOKEN, true), 60_000);

describe("one address's gate questions without a token", () => {
  it("hold at most half of the strangers' half: a stranger from another address is admitted and answered", async () => {
    const flood = () => sendAndLeave(session.registry.url, QUESTION, '127.0.0.1');
    const gateWaiting = () => waitingIn(session.registry.url, 'gate');
    const held = await floodWhileHeld(session.registry.url, TOKEN, 'gate', flood, () => Array.from({ length: 20 }, flood));
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
    expect((await held.check).body).toMatchObject({ code: 'ERR_WORK_TIMEOUT' });
    await expect.poll(gateWaiting, { timeout: 10_000 }).toBe(0);
  }, 120_000);
});

describe("one address's reads without a token", () => {
  it("hold at most half of the strangers' half of the read queue: a stranger from another address is queued and answered", async () => {
    const flood = () => sendAndLeave(session.registry.url, READ, '127.0.0.1');
    const readWaiting = () => waitingIn(session.registry.url, 'read');
    const held = await floodWhileHeld(session.registry.url, TOKEN, 'read', flood, () => Array.from({ length: 20 }, flood));
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
    expect((await held.check).body).toMatchObject({ code: 'ERR_WORK_TIMEOUT' });
    await expect.poll(readWaiting, { timeout: 10_000 }).toBe(0);
  }, 120_000);
});
