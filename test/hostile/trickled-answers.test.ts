// A client that reads a large answer a trickle at a time: each segment the kernel takes restarts the stall count
// (OVERSEER_RESPONSE_STALL_MS), so before OVERSEER_RESPONSE_MIN_RATE one reading 200 KB a second still held its 12 MB
// answer, and its connection, after 60 s (and on the internet, where a segment is 1.5 KB, a few bytes a second would
// do). Over real loopback sockets: the trickle is cut before the answer is out, a client that reads gets it whole.

import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LARGE_CONTRACT, LARGE_CONTRACT_URL, startWithLargeContract } from './large-answer.js';
import type { ListedRegistry } from './listed-registry.js';

const ADMIN = 'admin-token-for-trickled-answers';
// The trickle below reads a chunk (64 KB at most) every READ_EVERY_MS: some 1 MB a second, a little over 700 KB a second
// measured at load 20. The kernel takes bytes for the answer in bursts as the client's receive window reopens, the
// longest gap 2.5 s at load 20 (8.4 s when it read a chunk every 250 ms, which kept this test waiting 26 s); the
// answer was out 15 s after it started, the kernel holding its last 2.5 MB.
const READ_EVERY_MS = 62;
// 12 MB at 12 MB/s after the stall's 6 s of grace: the answer must be out 7 s after it starts, half the trickle's time.
const MIN_RATE = 12 * 1024 * 1024;

let registry: ListedRegistry;

beforeAll(async () => {
  registry = await startWithLargeContract({
    OVERSEER_ADMIN_TOKEN: ADMIN,
    // Long enough that the stall count alone does not run out on the trickle, whose kernel takes bytes in bursts: more
    // than twice the longest gap measured, so that it is the rate that cuts it.
    OVERSEER_RESPONSE_STALL_MS: '6000',
    OVERSEER_RESPONSE_MIN_RATE: String(MIN_RATE),
  });
});

afterAll(async () => {
  await registry?.close();
});

interface Trickle {
  begun: Promise<void>;
  /** Bytes read so far. */
  read(): number;
  /** Reads the rest at full speed to the connection's close: how many bytes came in all. */
  readAll(): Promise<number>;
}

/** Asks for the contract without a token and reads one chunk of the answer (64 KB at most) every READ_EVERY_MS. */
function trickle(): Trickle {
  const url = new URL(registry.url);
  const socket: Socket = connect(Number(url.port), url.hostname);
  socket.on('error', () => undefined);
  let bytes = 0;
  let slow = true;
  const begun = new Promise<void>((resolve) => socket.once('data', () => resolve()));
  socket.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    if (!slow) return;
    socket.pause();
    setTimeout(() => socket.resume(), READ_EVERY_MS);
  });
  socket.write(`GET ${LARGE_CONTRACT_URL} HTTP/1.1\r\nHost: ${url.host}\r\n\r\n`);
  const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(bytes)));
  const readAll = () => {
    slow = false;
    socket.resume();
    return closed;
  };
  return { begun, read: () => bytes, readAll };
}

describe('an answer read a trickle at a time', () => {
  it('is cut with its connection before it is out; a client that reads gets the whole contract', async () => {
    await expect.poll(() => registry.connections(), { timeout: 30_000 }).toBe(0);
    const slowReader = trickle();
    await slowReader.begun;
    // The registry lets go of the trickle by itself, while its client has read only part of the answer.
    await expect.poll(() => registry.connections(), { timeout: 60_000, interval: 200 }).toBe(0);
    expect(slowReader.read()).toBeLessThan(LARGE_CONTRACT.length);
    expect(await slowReader.readAll()).toBeLessThan(LARGE_CONTRACT.length);
    const read = await fetch(`${registry.url}${LARGE_CONTRACT_URL}`);
    expect(read.status).toBe(200);
    expect((await read.text()).length).toBe(LARGE_CONTRACT.length);
  }, 90_000);
});
