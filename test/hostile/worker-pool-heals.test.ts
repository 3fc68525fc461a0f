// The worker processes of a real `overseer serve` die (killed, out of memory) or cannot start (no file descriptor left):
// the request under way is answered with a code saying what to do, the requests waiting run on the replacement, and
// the registry itself lives on and answers /healthz throughout.

import { afterEach, describe, expect, it } from 'vitest';
import { assertBuilt } from '../e2e/cli-process.js';
import { waitUntilWorkersWork } from '../helpers/loop-cpu.js';
import { flowContract, SMALL_CONTRACT, seedUsersInProd, send } from './flow-contract.js';
import { type ServeProcess, startServeProcess } from './serve-process.js';
import { waitForChildren } from './worker-children.js';

let registry: ServeProcess | undefined;
afterEach(() => registry?.stop());

const small = { service: 'users', environment: 'prod', contract: SMALL_CONTRACT };
// Seconds of a process's work at least (3 MB of YAML flow style): long enough to be killed under way.
const heavy = () => ({ service: 'users', environment: 'prod', contract: flowContract(3 * 1024 * 1024), contractFile: 'heavy.yaml' });

async function start(env: Record<string, string> = {}): Promise<ServeProcess> {
  assertBuilt();
  registry = await startServeProcess({ OVERSEER_WORK_THREADS: '1', OVERSEER_WORK_TIMEOUT_MS: '0', OVERSEER_WORK_MEMORY_MB: '0', ...env });
  await seedUsersInProd(registry.url);
  return registry;
}

describe('a worker process killed', () => {
  it('under a check answers it 503 ERR_WORKER_LOST with Retry-After, runs the check waiting behind it on its replacement', async () => {
    const serve = await start();
    const [child] = await waitForChildren(serve.child.pid!, 1);
    const killed = send(serve.url, 'POST', '/v1/check', heavy());
    // Killed once it is at work on the check, however long a loaded machine takes to hand it over: after a fixed 1.5 s
    // the process could still be idle, and the check would then run on the replacement. The pool is warm (the seed
    // published through it), so the CPU counted is the check's.
    await waitUntilWorkersWork(serve.child.pid!, 500);
    // Queued behind the heavy check on the one process: it must neither be lost with it nor wait for ever. Killed once
    // /healthz counts its parse waiting for the process, the heavy check's work still under way.
    const waiting = send(serve.url, 'POST', '/v1/check', small);
    const waitingParses = async () => ((await send(serve.url, 'GET', '/healthz')).body as { work: { waiting: { read: number } } }).work.waiting.read;
    await expect.poll(waitingParses, { timeout: 60_000, interval: 50 }).toBe(1);
    process.kill(child!, 'SIGKILL');

    const lost = await killed;
    expect(lost.status, JSON.stringify(lost.body)).toBe(503);
    expect(lost.body).toMatchObject({ code: 'ERR_WORKER_LOST' });
    expect(lost.body.message).toMatch(/ended \(signal SIGKILL\) and was replaced: retry in 2 s/);
    expect(lost.headers.get('retry-after')).toBe('2');
    const next = await waiting;
    expect(next.status, JSON.stringify(next.body)).toBe(200);
    expect(next.body).toMatchObject({ deployable: true });
    expect((await send(serve.url, 'GET', '/healthz')).status).toBe(200);
    const [replacement] = await waitForChildren(serve.child.pid!, 1, [child!]);
    expect(replacement).not.toBe(child);
    expect(serve.exit(), serve.stderr()).toBeUndefined();
  }, 120_000);

  it('while idle is replaced, and the next check is answered by its replacement', async () => {
    const serve = await start({ OVERSEER_WORK_THREADS: '2' });
    const children = await waitForChildren(serve.child.pid!, 2);
    for (const pid of children) process.kill(pid, 'SIGKILL');
    const replaced = await waitForChildren(serve.child.pid!, 2, children);
    expect(replaced.filter((pid) => children.includes(pid))).toEqual([]);
    const answers = await Promise.all([0, 1, 2].map(() => send(serve.url, 'POST', '/v1/check', small)));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(serve.exit(), serve.stderr()).toBeUndefined();
    // A hang guard: two replacements took most of 30 s at load 20 on two cores, half the 60 s this had.
  }, 120_000);
});

describe('a check past the memory bound, at its default', () => {
  it('ends only its process: 413 ERR_WORK_TOO_LARGE naming the bound, a new process, /healthz 200', async () => {
    const serve = await start({ OVERSEER_WORK_MEMORY_MB: '' });
    const [child] = await waitForChildren(serve.child.pid!, 1);
    // 15 MB of flow style took 1.9 GB of heap unbounded: far past the default.
    const big = { ...heavy(), contract: flowContract(15 * 1024 * 1024) };
    const answer = await send(serve.url, 'POST', '/v1/check', big);
    expect(answer.status, JSON.stringify(answer.body)).toBe(413);
    expect(answer.body).toMatchObject({ code: 'ERR_WORK_TOO_LARGE' });
    expect(answer.body.message).toMatch(/more memory than a worker process may use, 512 MB \(OVERSEER_WORK_MEMORY_MB\)/);
    expect((await send(serve.url, 'GET', '/healthz')).status).toBe(200);
    await waitForChildren(serve.child.pid!, 1, [child!]);
    expect((await send(serve.url, 'POST', '/v1/check', small)).status).toBe(200);
    expect(serve.exit(), serve.stderr()).toBeUndefined();
    expect(serve.stderr()).not.toMatch(/FATAL ERROR/);
    // A hang guard: a worker's heap driven to 512 MB took 115 s at load 20 on two cores, near the 180 s this had.
  }, 300_000);
});
