// The dashboard's comparison of two versions (/services/NAME?from=A&to=B) is a diff anyone may ask for, without a
// token. It ran in the lane of token holders' check uploads, with no admission: visitors asking for many pairs at once
// queued diffs ahead of the registry's own services. It now waits with strangers' checks, answering Busy when full.

import { type ClientRequest, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt } from '../e2e/cli-process.js';
import { SMALL_CONTRACT, seedUsersInProd, send } from './flow-contract.js';
import { type ServeProcess, startServeProcess } from './serve-process.js';

const TOKEN = 'the-admin-token-of-dashboard-diffs';
// Two threads: strangers' work runs on one, and one more waits (OVERSEER_ANONYMOUS_QUEUE=1).
let registry: ServeProcess;
const session = { registry: { url: '' } };
const SECOND = JSON.stringify({
  openapi: '3.0.3',
  info: { title: 'users', version: '2' },
  paths: { '/users': { get: { responses: { 200: { description: 'ok' } } } }, '/teams': { get: { responses: { 200: { description: 'ok' } } } } },
});

beforeAll(async () => {
  assertBuilt();
  registry = await startServeProcess({ OVERSEER_ADMIN_TOKEN: TOKEN, OVERSEER_WORK_THREADS: '2', OVERSEER_ANONYMOUS_QUEUE: '1' });
  session.registry.url = registry.url;
  await seedUsersInProd(session.registry.url, TOKEN);
  const published = await send(
    session.registry.url,
    'POST',
    '/v1/services/users/versions',
    { version: '2', contract: SECOND, contractFile: 'users.json' },
    TOKEN,
  );
  expect(published.status).toBe(201);
}, 60_000);
afterAll(() => registry?.stop());

/** A check sent without a token whose body never finishes arriving: admitted to the strangers' lane, it holds its room. */
interface StalledCheck {
  sending: ClientRequest;
  /** Set when the registry answered it: refused at the door because another stranger's check got there first. */
  refused: boolean;
}

function stalledCheck(): Promise<StalledCheck> {
  const url = new URL('/v1/check', session.registry.url);
  return new Promise((resolve) => {
    const sending = request({
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': 1_000_000 },
    });
    const stalled: StalledCheck = { sending, refused: false };
    sending.on('error', () => undefined);
    sending.once('socket', (socket) => socket.once('connect', () => resolve(stalled)));
    sending.once('response', (answer) => {
      stalled.refused = true;
      answer.resume();
    });
    sending.write('{"service": "users", "environment": "prod", "contract": "');
  });
}

async function comparePage(): Promise<{ status: number; text: string }> {
  const answer = await fetch(`${session.registry.url}/services/users?from=1&to=2`, { headers: { accept: 'text/html' } });
  return { status: answer.status, text: await answer.text() };
}

describe("the dashboard's comparison of two versions", () => {
  it('waits with strangers: Busy when their lane is full, while token holders are answered; compared once it frees', async () => {
    const stalled = [await stalledCheck(), await stalledCheck()];
    // Both hold the lane once the registry has read their headers: until then another stranger's small check is
    // answered (200), and one that gets there before a stalled check takes its room (that check is then refused and
    // sent again). From then on a stranger's check is refused before its body (503). Asked until then, at most 50 times.
    const small = { service: 'users', environment: 'prod', contract: SMALL_CONTRACT };
    let third = await send(session.registry.url, 'POST', '/v1/check', small);
    for (let i = 0; third.status === 200 && i < 50; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      for (const [at, held] of stalled.entries()) {
        if (!held.refused) continue;
        // Its connection is ended too: left open, the registry's graceful stop waited for it (74 s in a full run).
        held.sending.destroy();
        stalled[at] = await stalledCheck();
      }
      third = await send(session.registry.url, 'POST', '/v1/check', small);
    }
    expect(third.status, JSON.stringify(third.body)).toBe(503);

    const busy = await comparePage();
    expect(busy.status).toBe(503);
    expect(busy.text).toContain('The registry is comparing other versions: try again in 2 seconds.');

    const check = await send(session.registry.url, 'POST', '/v1/check', { service: 'users', environment: 'prod', contract: SECOND }, TOKEN);
    expect(check.status, JSON.stringify(check.body)).toBe(200);
    expect((await fetch(`${session.registry.url}/services/users`, { headers: { accept: 'text/html' } })).status).toBe(200);

    for (const { sending } of stalled) sending.destroy();
    // The registry frees their room when it sees the connections close: asked again until then, never more than 50 times.
    let page = await comparePage();
    for (let i = 0; page.status === 503 && i < 50; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      page = await comparePage();
    }
    expect(page.status).toBe(200);
    expect(page.text).toContain('/teams');
  }, 60_000);
});
