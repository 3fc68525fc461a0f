// A stranger that asks for a large answer on many connections and reads none of it: each connection, and the megabytes
// written to it, was held for ever (no timeout runs once a request has arrived and before its answer is out; 40 asks
// for a 12 MB contract took 1 GB of the registry's memory). Past OVERSEER_RESPONSE_STALL_MS without a byte read, the
// registry cuts the connection; a client that reads gets the whole answer. Over real sockets.

import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LARGE_CONTRACT, LARGE_CONTRACT_URL, startWithLargeContract } from './large-answer.js';
import type { ListedRegistry } from './listed-registry.js';

const ADMIN = 'admin-token-for-unread-answers';
const READERS = 20;

let registry: ListedRegistry;

beforeAll(async () => {
  registry = await startWithLargeContract({ OVERSEER_ADMIN_TOKEN: ADMIN, OVERSEER_RESPONSE_STALL_MS: '300' });
});

afterAll(async () => {
  await registry?.close();
});

interface UnreadAsk {
  /** Resolves once the answer has begun: its first chunk read, nothing after it. */
  begun: Promise<void>;
  /** Reads the rest to the connection's close: how many bytes came in all. */
  readAll(): Promise<number>;
}

/** Asks for the contract without a token, reads the first chunk of the answer, and then nothing until `readAll`. */
function askWithoutReading(): UnreadAsk {
  const url = new URL(registry.url);
  const socket: Socket = connect(Number(url.port), url.hostname);
  socket.on('error', () => undefined);
  let bytes = 0;
  const begun = new Promise<void>((resolve) => {
    socket.once('data', (chunk: Buffer) => {
      bytes += chunk.length;
      socket.pause();
      resolve();
    });
  });
  socket.write(`GET ${LARGE_CONTRACT_URL} HTTP/1.1\r\nHost: ${url.host}\r\n\r\n`);
  const readAll = () =>
    new Promise<number>((resolve) => {
      socket.on('data', (chunk: Buffer) => (bytes += chunk.length));
      socket.on('close', () => resolve(bytes));
      socket.resume();
    });
  return { begun, readAll };
}

describe('answers a client reads none of', () => {
  it('are cut with their connections, each before its end, while a client that reads gets the whole contract', async () => {
    await expect.poll(() => registry.connections(), { timeout: 30_000 }).toBe(0);
    const unread = Array.from({ length: READERS }, askWithoutReading);
    await Promise.all(unread.map((ask) => ask.begun));
    // The registry lets go of every one by itself: the clients have still read nothing.
    await expect.poll(() => registry.connections(), { timeout: 30_000, interval: 100 }).toBe(0);
    const received = await Promise.all(unread.map((ask) => ask.readAll()));
    expect(received.filter((bytes) => bytes >= LARGE_CONTRACT.length)).toEqual([]);
    const read = await fetch(`${registry.url}${LARGE_CONTRACT_URL}`);
    expect(read.status).toBe(200);
    expect((await read.text()).length).toBe(LARGE_CONTRACT.length);
  }, 90_000);
});
