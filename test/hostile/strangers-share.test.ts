// Strangers' questions on a registry with tokens, each sent, its sending side closed (FIN) and the socket dropped at
// once, so the stranger holds nothing while its task waits its turn, and runs to its end (half-closed clients are
// answered). Gate questions filled the gate lane, and a CI job with a token was refused 503; dashboard pages and
// consumers listings filled the read lane, which a check with a token parses its upload in, and the check was refused
// 503. Now what is sent without a token takes at most half of a lane, and a token's task is admitted and answered.
// One registry for both: each test waits for the lane it filled to empty.

import { beforeAll, describe, expect, it } from 'vitest';
import { floodWhileHeld, SMALL_CONTRACT, seedUsersInProd, send, useOneThreadRegistry, waitingIn } from './flow-contract.js';
import { sendAndLeave } from './raw-http.js';

const TOKEN = 'the-admin-token-of-strangers-share';
// One thread, and lanes of 1 + 3 places (the gate's) and a queue of 3 (the reads'): strangers may hold 2 of either.
const session = useOneThreadRegistry('strangers-share', TOKEN, 3);
const ask = (method: string, path: string, body?: unknown, token?: string) => send(session.registry.url, method, path, body, token);
const QUESTION = '/v1/can-i-deploy?service=users&version=1&environment=prod';
// Reads that each queue a task in the read lane: a provider's consumers, named by its contract, and its pages.
const READS = ['/v1/services/users/consumers', '/services/users', '/services/users/migrations', '/v1/services/users/migrations'];
const CHECK = { service: 'users', environment: 'prod', contract: SMALL_CONTRACT, contractFile: 'users.json' };

// users, and web using it, both deployed in prod.
beforeAll(() => seedUsersInProd(session.registry.url, TOKEN, true), 60_000);

describe('strangers who send gate questions and leave at once', () => {
  it('hold at most half of the gate lane: a question with a token is admitted and answered, one more without is 503', async () => {
    const leave = () => sendAndLeave(session.registry.url, QUESTION);
    const gateWaiting = () => waitingIn(session.registry.url, 'gate');
    // The flood: each question costs the stranger a connect and a write, and nothing after.
    const held = await floodWhileHeld(session.registry.url, TOKEN, 'gate', leave, () => Array.from({ length: 20 }, leave));

    const withToken = ask('GET', QUESTION, undefined, TOKEN);
    const stranger = await ask('GET', QUESTION);
    expect(stranger.status, JSON.stringify(stranger.body)).toBe(503);
    expect(stranger.body).toMatchObject({ code: 'ERR_BUSY' });
    expect(stranger.body.message).toMatch(/those sent without a token may hold only half of its room \(a token gets the other half\)/);
    expect(stranger.headers.get('retry-after')).toBe('2');
    // Admitted to the token's half, it waits for the thread like the rest, and is answered.
    const answered = await withToken;
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);
    expect(answered.body).toMatchObject({ decision: 'deployable' });
    expect((await held.check).body).toMatchObject({ code: 'ERR_WORK_TIMEOUT' });
    // The strangers' questions ran and left nothing waiting: the next stranger is answered.
    await expect.poll(gateWaiting, { timeout: 10_000 }).toBe(0);
    expect((await ask('GET', QUESTION)).status).toBe(200);
  }, 120_000);
});

describe('strangers who ask for pages and listings and leave at once', () => {
  it('take at most half of the read queue: a check with a token is queued and answered, a stranger past his half is 503', async () => {
    const readWaiting = () => waitingIn(session.registry.url, 'read');
    // Listings are asked one at a time until one waits; then every read three times over.
    const held = await floodWhileHeld(
      session.registry.url,
      TOKEN,
      'read',
      () => sendAndLeave(session.registry.url, READS[0]!),
      () => [...READS, ...READS, ...READS].map((path) => sendAndLeave(session.registry.url, path)),
    );

    const stranger = await ask('GET', READS[0]!);
    expect(stranger.status, JSON.stringify(stranger.body)).toBe(503);
    expect(stranger.body).toMatchObject({ code: 'ERR_BUSY' });
    expect(stranger.body.message).toMatch(/those sent without a token may hold only half of its room \(a token gets the other half\)/);
    expect(stranger.headers.get('retry-after')).toBe('2');
    // Queued in the token's half, it waits for the thread like the rest, and is judged.
    const checked = await ask('POST', '/v1/check', CHECK, TOKEN);
    expect(checked.status, JSON.stringify(checked.body)).toBe(200);
    expect(checked.body).toMatchObject({ deployable: true });
    expect((await held.check).body).toMatchObject({ code: 'ERR_WORK_TIMEOUT' });
    await expect.poll(readWaiting, { timeout: 10_000 }).toBe(0);
    expect((await ask('GET', READS[0]!)).status).toBe(200);
  }, 120_000);
});
