// A worker process that cannot be started: the registry's file descriptors are all held by idle connections (as in
// connection-flood.test.ts) when its one worker process dies, so the fork fails with EMFILE. A check asked meanwhile
// is answered 503 ERR_WORKER_UNAVAILABLE at once, not left waiting; once descriptors come back the pool starts a
// process again by itself, and checks pass.

import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt } from '../e2e/cli-process.js';
import { SMALL_CONTRACT, seedUsersInProd } from './flow-contract.js';
import { type ServeProcess, startServeProcess } from './serve-process.js';
import { childrenOf, waitForChildren } from './worker-children.js';

let registry: ServeProcess;

beforeAll(async () => {
  assertBuilt();
  // 128 descriptors: fewer than the flood. No bound per address, so that one address can take them all.
  registry = await startServeProcess({ OVERSEER_WORK_THREADS: '1', OVERSEER_MAX_CONNECTIONS_PER_ADDRESS: '0' }, 128);
  await seedUsersInProd(registry.url);
  // A first check loads its route's validator from disk: asked under the flood, that open failed with EMFILE (503
  // ERR_BUSY since, tested in app.test.ts) before the pool was ever asked, which is not the case this file is about.
  const warm = await fetch(`${registry.url}/v1/check`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ service: 'users', environment: 'prod', contract: SMALL_CONTRACT }),
  });
  expect(warm.status).toBe(200);
}, 60_000);
afterAll(() => registry?.stop());

/** A connection from 127.0.0.2 that sends nothing; settles once open (or refused: the registry had no descriptor). */
function hold(): Promise<Socket> {
  const url = new URL(registry.url);
  return new Promise((resolve) => {
    const socket = connect({ host: url.hostname, port: Number(url.port), localAddress: '127.0.0.2' });
    socket.on('error', () => undefined);
    socket.once('connect', () => resolve(socket));
    socket.once('close', () => resolve(socket));
  });
}

/** A check written whole on a connection opened before the flood: its answer needs no new descriptor. */
function checkOn(socket: Socket): Promise<string> {
  const body = JSON.stringify({ service: 'users', environment: 'prod', contract: SMALL_CONTRACT });
  return new Promise((resolve) => {
    let heard = '';
    socket.on('data', (chunk) => {
      heard += chunk.toString();
      if (/\r\n\r\n[\s\S]*\}$/.test(heard)) resolve(heard);
    });
    socket.write(`POST /v1/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  });
}

describe('a worker process that cannot be started for want of file descriptors', () => {
  it('answers checks 503 ERR_WORKER_UNAVAILABLE meanwhile, then starts again by itself once descriptors are free', async () => {
    const [child] = await waitForChildren(registry.child.pid!, 1);
    const url = new URL(registry.url);
    const kept = await new Promise<Socket>((resolve) => {
      const socket = connect({ host: url.hostname, port: Number(url.port) }, () => resolve(socket));
    });
    const flood: Socket[] = [];
    for (let i = 0; i < 160; i++) flood.push(await hold());
    process.kill(child!, 'SIGKILL');
    // The descriptors the dead process leaves are taken by connections waiting to be accepted, and a few more. On a busy
    // machine the pool may fork again before they are taken: that process is killed too and more are taken, until none
    // can start (at most 5 rounds). A round ends when the pool has tried again: a process is there, or the log says the
    // start failed (the pool tries again within 2 s).
    const killed = [child!];
    const startFailures = () => registry.stdout().split('a worker process could not start').length - 1;
    const starve = async () => {
      for (let round = 0; round < 5; round++) {
        for (let i = 0; i < 20; i++) flood.push(await hold());
        const failed = startFailures();
        await expect.poll(() => childrenOf(registry.child.pid!).length > 0 || startFailures() > failed, { timeout: 60_000, interval: 50 }).toBe(true);
        const started = childrenOf(registry.child.pid!);
        if (started.length === 0) break;
        for (const pid of started) process.kill(pid, 'SIGKILL');
        killed.push(...started);
      }
      expect(childrenOf(registry.child.pid!)).toEqual([]);
    };
    await starve();

    // On a loaded machine this can outlast the headers timeout (60 s): the first idle connections are closed, and the pool
    // may start a process with the descriptors they free. A check that process passed says nothing of this case: starve
    // the pool again and ask again.
    let refused = await checkOn(kept);
    for (let i = 0; /^HTTP\/1\.1 200 /.test(refused) && i < 3; i++) {
      const started = childrenOf(registry.child.pid!);
      for (const pid of started) process.kill(pid, 'SIGKILL');
      killed.push(...started);
      await starve();
      refused = await checkOn(kept);
    }
    expect(refused).toMatch(/^HTTP\/1\.1 503 /);
    expect(refused).toMatch(/retry-after: 2/i);
    expect(refused).toContain('ERR_WORKER_UNAVAILABLE');
    expect(refused).toMatch(/no worker process could be started \(EMFILE\)/);

    for (const socket of flood) socket.destroy();
    await waitForChildren(registry.child.pid!, 1, killed);
    // Started: the next check passes once the process has loaded the engine (a second or so), asked at most 50 times.
    let again = await checkOn(kept);
    for (let i = 0; !/^HTTP\/1\.1 200 /.test(again) && i < 50; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      again = await checkOn(kept);
    }
    expect(again).toMatch(/^HTTP\/1\.1 200 /);
    expect(registry.exit(), registry.stderr()).toBeUndefined();
  }, 120_000);
});
