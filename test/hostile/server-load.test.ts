// Heavy and hostile requests against a real `overseer serve` process, with /healthz asked and the process's CPU and
// memory read from /proc while they run: parsing happens in the worker pool, so no request may stall the event loop.

import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, type RunningRegistry, startRegistry } from '../e2e/cli-process.js';
import { expectLoopStayedFree, type LoopWatch, watchLoop } from '../helpers/loop-cpu.js';
import { buildLargeContract } from '../reliability/hostile-documents.js';
import { answerBeforeBody } from './raw-http.js';

const MAX_RSS_MB = 1500;
let registry: RunningRegistry;

/** The manifest: one list of 500 fields repeated under thousands of providers through YAML aliases. */
function buildManifestBomb(providers: number): string {
  const fields = Array.from({ length: 500 }, (_, i) => `f${i}`).join(', ');
  const rest = Array.from({ length: providers }, (_, i) => `  p${i + 1}:\n    - operation: GET /x\n      response: *fields\n`).join('');
  return `service: web\nconsumes:\n  p0:\n    - operation: GET /x\n      response: &fields [${fields}]\n${rest}`;
}

function readRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/**
 * Asks /healthz over and over, and reads the process's memory, until `work` settles. How much CPU the event loop spent
 * between two answers tells a parse on the loop apart from one in the pool on any machine; a wall-clock bound on each
 * answer (once 1 s) failed on a machine at load 15.
 */
async function watch<T>(work: Promise<T>): Promise<{ loop: LoopWatch<T>; peakRssMb: number }> {
  const pid = registry.child.pid!;
  let peakRssMb = 0;
  const loop = await watchLoop(pid, work, async () => {
    const answer = await fetch(`${registry.url}/healthz`, { signal: AbortSignal.timeout(60_000) });
    expect(answer.status).toBe(200);
    await answer.arrayBuffer();
    peakRssMb = Math.max(peakRssMb, readRssMb(pid));
    await new Promise((resolve) => setTimeout(resolve, 25));
  });
  return { loop, peakRssMb };
}

const check = (body: unknown) =>
  fetch(`${registry.url}/v1/check`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

beforeAll(async () => {
  assertBuilt();
  const dir = await mkdtemp(path.join(tmpdir(), 'overseer-load-'));
  // One worker thread and a queue of two: the 503 path is reached with a handful of requests.
  registry = await startRegistry(path.join(dir, 'registry.db'), { OVERSEER_WORK_THREADS: '1', OVERSEER_WORK_QUEUE: '2' });
  const put = await fetch(`${registry.url}/v1/services/web`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"owners":["@a"]}' });
  expect(put.status).toBe(201);
}, 60_000);

afterAll(async () => {
  await registry?.stop();
});

describe('a registry under heavy anonymous requests', () => {
  it('refuses the 86 KB manifest alias bomb naming the limit, in bounded memory, with /healthz answering', async () => {
    const { loop, peakRssMb } = await watch(check({ service: 'web', manifest: buildManifestBomb(3000) }));
    const { result } = loop;
    expect(result.status).toBe(413);
    expect(await result.json()).toMatchObject({ code: 'ERR_MANIFEST_TOO_LARGE', message: expect.stringContaining('maxExpandedNodes') });
    expectLoopStayedFree(loop, 'the manifest alias bomb');
    expect(peakRssMb).toBeLessThan(MAX_RSS_MB);
  }, 120_000);

  it('parses a 4 MB contract without stalling /healthz', async () => {
    const { loop, peakRssMb } = await watch(check({ service: 'web', contract: buildLargeContract(4 * 1000 * 1000) }));
    const { result } = loop;
    expect(result.status, await result.clone().text()).toBe(200);
    expectLoopStayedFree(loop, 'a 4 MB contract');
    expect(peakRssMb).toBeLessThan(MAX_RSS_MB);
  }, 180_000);

  it('refuses a 15 MB contract of nested arrays without stalling /healthz', async () => {
    const nested = `openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths: {}\nx-deep: ${'['.repeat(2_000_000)}${']'.repeat(2_000_000)}\n`;
    const { loop } = await watch(check({ service: 'web', contract: nested }));
    const { result } = loop;
    expect(result.status).toBe(400);
    expect(await result.json()).toMatchObject({ code: 'ERR_CONTRACT_INVALID' });
    expectLoopStayedFree(loop, '15 MB of nested arrays');
  }, 180_000);

  it('publishes a 15 MB contract without stalling /healthz', async () => {
    const contract = buildLargeContract(15 * 1000 * 1000);
    const publish = fetch(`${registry.url}/v1/services/web/versions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ version: '15.0.0', contract }),
    });
    const { loop, peakRssMb } = await watch(publish);
    const { result } = loop;
    expect(result.status, await result.clone().text()).toBe(201);
    expectLoopStayedFree(loop, 'a 15 MB publication');
    expect(peakRssMb).toBeLessThan(MAX_RSS_MB);
  }, 300_000);

  it('answers 503 ERR_BUSY with Retry-After when the work queue is full, and every other request normally', async () => {
    const contract = buildLargeContract(1000 * 1000);
    const { loop } = await watch(Promise.all(Array.from({ length: 6 }, () => check({ service: 'web', contract }))));
    const { result } = loop;
    const statuses = result.map((r) => r.status);
    expect(statuses).toContain(200);
    const busy = result.find((r) => r.status === 503);
    expect(busy?.headers.get('retry-after')).toBe('2');
    expect(await busy?.json()).toMatchObject({ code: 'ERR_BUSY' });
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
    // Not expectLoopStayedFree: the loop reads all six bodies (the three refused too) while the one thread parses only
    // three, so their ratio says nothing here (200 ms of 750 on a quiet machine, 490 of 890 in a full run). That a
    // parse stays off the loop is the 4 MB and 15 MB cases' question; this one asks that /healthz kept being answered.
    expect(loop.answers, 'answers to /healthz while the six checks ran').toBeGreaterThanOrEqual(2);
  }, 180_000);

  it('answers only loopback Host names while it runs open (no admin token)', async () => {
    // fetch() may not set Host; node:http sends it as written, as a rebinding page's browser would.
    const status = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const url = new URL(`${registry.url}/v1/services`);
        request({ host: url.hostname, port: url.port, path: url.pathname, headers: { host } }, (answer) => {
          answer.resume();
          resolve(answer.statusCode ?? 0);
        })
          .on('error', reject)
          .end();
      });
    expect(await status('evil.example:80')).toBe(403);
    expect(await status(new URL(registry.url).host)).toBe(200);
    expect(await status('localhost')).toBe(200);
  });
});

describe('a registry with an admin token, sent large bodies by strangers', () => {
  let guarded: RunningRegistry;
  beforeAll(async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'overseer-auth-first-'));
    guarded = await startRegistry(path.join(dir, 'registry.db'), { OVERSEER_ADMIN_TOKEN: 'an-admin-token-of-some-length' });
  }, 60_000);

  afterAll(async () => {
    await guarded?.stop();
  });

  it('answers a 15 MB publication without a token 401 before reading its body', async () => {
    const answer = await answerBeforeBody(guarded.url, '/v1/services/web/versions', 15 * 1000 * 1000, {});
    expect(answer).toMatchObject({ status: 401, body: { code: 'ERR_TOKEN_MISSING' } });
  });

  it('answers a 15 MB check with a wrong token 401 before reading its body', async () => {
    const answer = await answerBeforeBody(guarded.url, '/v1/check', 15 * 1000 * 1000, { authorization: 'Bearer ovs_never-issued' });
    expect(answer).toMatchObject({ status: 401, body: { code: 'ERR_TOKEN_REJECTED' } });
  });
});
