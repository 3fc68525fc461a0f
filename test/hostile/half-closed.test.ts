// Clients that half-close their socket once the request is sent (curl --no-buffer, a script's shutdown(SHUT_WR)): Node's
// HTTP server took the end of their sending for a hang-up and closed the connection before an asynchronous route
// answered, so they got nothing. They are answered now, and a half-closed socket is held no longer than any other:
// a body that never arrives still ends at the request timeout, an answer read by nobody at the stall bound.

import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LARGE_CONTRACT, LARGE_CONTRACT_URL, startWithLargeContract } from './large-answer.js';
import type { ListedRegistry } from './listed-registry.js';

const ADMIN = 'admin-token-for-half-closed';

let registry: ListedRegistry;

beforeAll(async () => {
  registry = await startWithLargeContract({ OVERSEER_ADMIN_TOKEN: ADMIN, OVERSEER_RESPONSE_STALL_MS: '300', OVERSEER_REQUEST_TIMEOUT_MS: '1000' });
  const created = await fetch(`${registry.url}/v1/environments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json', connection: 'close' },
    body: JSON.stringify({ name: 'production' }),
  });
  expect(created.status).toBe(201);
}, 60_000);

afterAll(async () => {
  await registry?.close();
});

interface Heard {
  text: string;
  /** Whether the registry closed the connection (rather than the test's bound running out). */
  closed: boolean;
}

/** Writes `request`, half-closes the socket, and reads until the registry closes it, or `waitMs` passes. */
function sendHalfClosed(request: string, waitMs = 20_000): Promise<Heard> {
  const url = new URL(registry.url);
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname);
    let text = '';
    const done = (closed: boolean) => {
      clearTimeout(bound);
      socket.destroy();
      resolve({ text, closed });
    };
    const bound = setTimeout(() => done(false), waitMs);
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
    socket.on('close', () => done(true));
    socket.end(request);
  });
}

function post(path: string, body: string, extra: string[] = []): string {
  const head = [`POST ${path} HTTP/1.1`, 'Host: 127.0.0.1', 'Content-Type: application/json', `Content-Length: ${Buffer.byteLength(body)}`, ...extra];
  return `${head.join('\r\n')}\r\n\r\n${body}`;
}

describe('a client that half-closes after sending', () => {
  it('gets the answer of an asynchronous route (can-i-deploy), and the connection is closed after it', async () => {
    const question = JSON.stringify({ service: 'users', version: '1.0.0', environment: 'production' });
    const heard = await sendHalfClosed(post('/v1/can-i-deploy', question));
    expect(heard.text).toMatch(/^HTTP\/1\.1 200 /);
    expect(heard.text).toContain('"decision":"deployable"');
    expect(heard.closed).toBe(true);
    await expect.poll(() => registry.connections(), { timeout: 30_000 }).toBe(0);
  }, 30_000);

  it('gets the answer of a read that crosses to a worker (the contract), whole', async () => {
    const heard = await sendHalfClosed(`GET ${LARGE_CONTRACT_URL} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`, 60_000);
    expect(heard.text).toMatch(/^HTTP\/1\.1 200 /);
    expect(heard.text.endsWith(LARGE_CONTRACT)).toBe(true);
    expect(heard.closed).toBe(true);
  }, 90_000);

  it('whose body ends short of its length is refused 400 at once and let go', async () => {
    const heard = await sendHalfClosed(post('/v1/check', '{"service":"users"}').replace(/Content-Length: \d+/, 'Content-Length: 5000'));
    expect(heard.text).toMatch(/^HTTP\/1\.1 400 /);
    expect(heard.text).toContain('{"code":"ERR_REQUEST_INVALID","message":"the request is not valid HTTP/1.1"}');
    expect(heard.closed).toBe(true);
    await expect.poll(() => registry.connections(), { timeout: 30_000 }).toBe(0);
  }, 30_000);

  it('that reads none of a large answer is cut at the stall bound, not held', async () => {
    await expect.poll(() => registry.connections(), { timeout: 30_000 }).toBe(0);
    const url = new URL(registry.url);
    const socket = connect(Number(url.port), url.hostname);
    socket.on('error', () => undefined);
    let bytes = 0;
    const begun = new Promise<void>((resolve) =>
      socket.once('data', (chunk: Buffer) => {
        bytes += chunk.length;
        socket.pause();
        resolve();
      }),
    );
    socket.end(`GET ${LARGE_CONTRACT_URL} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    await begun;
    // The registry lets go of it by itself: the client has still read only the first chunk.
    await expect.poll(() => registry.connections(), { timeout: 30_000, interval: 100 }).toBe(0);
    const received = await new Promise<number>((resolve) => {
      socket.on('data', (chunk: Buffer) => (bytes += chunk.length));
      socket.on('close', () => resolve(bytes));
      socket.resume();
    });
    expect(received).toBeLessThan(LARGE_CONTRACT.length);
  }, 90_000);
});
