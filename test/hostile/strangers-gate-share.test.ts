// Strangers' gate questions on a registry with tokens: each is sent, its sending side closed (FIN) and the socket
// dropped at once, so the stranger holds nothing while the question waits its turn, and runs to its end (half-closed
// clients are answered). They filled the gate lane, and a CI job with a token was refused 503; now questions sent
// without a token hold at most half of the lane, and a token's question is admitted and answered.

import { beforeAll, describe, expect, it } from 'vitest';
import { flowContract, seedUsersInProd, send, useOneThreadRegistry, waitingIn } from './flow-contract.js';
import { sendAndLeave } from './raw-http.js';

const TOKEN = 'the-admin-token-of-strangers-gate-share';
// One thread, and a gate lane of 1 + 3: strangers may hold 2 of its 4 places.
const session = useOneThreadRegistry('strangers-gate-share', TOKEN, 3);
const QUESTION = '/v1/can-i-deploy?service=users&version=1&environment=prod';

beforeAll(() => seedUsersInProd(session.registry.url, TOKEN), 60_000);

const leave = () => sendAndLeave(session.registry.url, QUESTION);
const gateWaiting = () => waitingIn(session.registry.url, 'gate');

describe('strangers who send gate questions and leave at once', () => {
  it('hold at most half of the gate lane: a question with a token is admitted and answered, one more without is 503', async () => {
    // A token's check holds the one thread for seconds, so that every question after it waits its turn.
    const slowCheck = send(
      session.registry.url,
      'POST',
      '/v1/check',
      { service: 'users', environment: 'prod', contract: flowContract(15 * 1024 * 1024), contractFile: 'slow.yaml' },
      TOKEN,
    );
    // Questions are sent one at a time until one waits: then the check has the thread.
    await expect.poll(async () => (await leave(), gateWaiting()), { timeout: 30_000, interval: 20 }).toBeGreaterThan(0);
    // The flood: each question costs the stranger a connect and a write, and nothing after.
    await Promise.all(Array.from({ length: 20 }, leave));
    await new Promise((resolve) => setTimeout(resolve, 500));

    const withToken = send(session.registry.url, 'GET', QUESTION, undefined, TOKEN);
    const stranger = await send(session.registry.url, 'GET', QUESTION);
    expect(stranger.status, JSON.stringify(stranger.body)).toBe(503);
    expect(stranger.body).toMatchObject({ code: 'ERR_BUSY' });
    expect(stranger.body.message).toMatch(/those sent without a token may hold only half of its room \(a token gets the other half\)/);
    expect(stranger.headers.get('retry-after')).toBe('2');
    // Admitted to the token's half, it waits for the thread like the rest, and is answered.
    const answered = await withToken;
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);
    expect(answered.body).toMatchObject({ decision: 'deployable' });
    expect((await slowCheck).body).toMatchObject({ code: 'ERR_WORK_TIMEOUT' });
    // The strangers' questions ran and left nothing waiting: the next stranger is answered.
    await expect.poll(gateWaiting, { timeout: 10_000 }).toBe(0);
    expect((await send(session.registry.url, 'GET', QUESTION)).status).toBe(200);
  }, 120_000);
});
