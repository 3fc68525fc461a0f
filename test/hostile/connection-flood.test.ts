// Idle connections held open by one address: each costs the registry a socket and a file descriptor, and a client that
// opens hundreds (sending nothing, or half a request) took every descriptor left, so that a token holder's request
// was reset unanswered. OVERSEER_MAX_CONNECTIONS_PER_ADDRESS holds each address to its bound: past it, 503 and closed.

import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from '../e2e/cli-process.js';
import { type ServeProcess, startServeProcess } from './serve-process.js';

const TOKEN = 'the-admin-token-of-connection-flood';
const FLOOD = 400;
const PER_ADDRESS = 64;
let registry: ServeProcess;

beforeAll(async () => {
  assertBuilt();
  // 256 descriptors: the process's own (threads, SQLite, pipes) and fewer than the flood.
  registry = await startServeProcess({ OVERSEER_ADMIN_TOKEN: TOKEN, OVERSEER_MAX_CONNECTIONS_PER_ADDRESS: String(PER_ADDRESS) }, 256);
}, 60_000);
afterAll(() => registry?.stop());

interface Held {
  socket: Socket;
  /** Everything the registry wrote to this connection, once it closed it. */
  closed: Promise<string>;
}

/** A connection from `localAddress` (any of 127.0.0.0/8 is this machine) that sends `first` and then nothing. */
function hold(localAddress: string, first: string): Promise<Held> {
  const url = new URL(registry.url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: url.hostname, port: Number(url.port), localAddress });
    let heard = '';
    socket.on('data', (chunk) => (heard += chunk.toString()));
    // A reset is an answer too: the registry did not keep the connection.
    const closed = new Promise<string>((done) => socket.once('close', () => done(heard)));
    socket.on('error', () => undefined);
    socket.once('connect', () => {
      if (first) socket.write(first);
      resolve({ socket, closed });
    });
    socket.once('error', reject);
  });
}

describe('a flood of idle connections from one address', () => {
  it('is held to its bound, and a token holder from another address is answered', async () => {
    // A third send nothing, a third half a request's headers, a third a whole request kept alive and then nothing.
    const kinds = ['', 'GET /v1/services HTTP/1.1\r\nHost: 127.0.0.1\r\n', 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'];
    const flood: Held[] = [];
    for (let i = 0; i < FLOOD; i++) flood.push(await hold('127.0.0.2', kinds[i % 3]!));
    let closed = 0;
    const refusedAll = new Promise<void>((resolve) => {
      for (const held of flood) void held.closed.then(() => ++closed === FLOOD - PER_ADDRESS && resolve());
    });

    const answer = await fetch(`${registry.url}/v1/services`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(answer.status, await answer.clone().text()).toBe(200);
    expect(await answer.json()).toMatchObject({ services: [] });

    // Every connection past the bound was answered 503 and closed; those within it are still open.
    await refusedAll;
    const refused = flood.filter((held) => held.socket.destroyed);
    const heard = await Promise.all(refused.map((held) => held.closed));
    expect(heard.length).toBe(FLOOD - PER_ADDRESS);
    for (const text of heard) if (text !== '') expect(text).toMatch(/^HTTP\/1\.1 503 [\s\S]*ERR_CONNECTIONS_TOO_MANY/);
    expect(heard.filter((text) => text !== '').length).toBeGreaterThan(0);

    // Once the flood lets go, the address may connect again: the registry counts a connection gone when it sees it
    // close, which may come a moment after this side's close. Asked until then, never more than 50 times.
    for (const held of flood) held.socket.destroy();
    await Promise.all(flood.map((held) => held.closed));
    const healthz = 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n';
    let again = await (await hold('127.0.0.2', healthz)).closed;
    for (let i = 0; /ERR_CONNECTIONS_TOO_MANY/.test(again) && i < 50; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      again = await (await hold('127.0.0.2', healthz)).closed;
    }
    expect(again).toMatch(/^HTTP\/1\.1 200 /);
    expect(registry.exit()).toBeUndefined();
  }, 60_000);
});

describe('the connection settings', () => {
  it('refuse a value that is not a whole number, naming the variable, and serve does not start', async () => {
    const bad = await runCli(['serve', '--port', '0', '--db', ':memory:'], { env: { OVERSEER_MAX_CONNECTIONS_PER_ADDRESS: 'many' } });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('OVERSEER_MAX_CONNECTIONS_PER_ADDRESS must be a whole number of at least 0, got "many"');
  }, 30_000);
});
