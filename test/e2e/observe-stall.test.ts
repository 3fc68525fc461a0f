// Large OTLP exports against a real `overseer serve`: while one is decoded and matched the registry keeps answering
// (that work runs in the worker pool), and a flood of them is told to retry later (503, Retry-After), as OTLP expects.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectLoopStayedFree, watchLoop } from '../helpers/loop-cpu.js';
import { type ClientCall, otlpErrorCode, traceExport } from '../helpers/otlp.js';
import { assertBuilt, REPO_ROOT, type RunningRegistry, startRegistry } from './cli-process.js';

let dir: string;
let registry: RunningRegistry;

/** An OTLP/JSON export of `spans` calls of users-service from web-app: about 450 bytes each. */
function largeExport(spans: number): string {
  const calls: ClientCall[] = Array.from({ length: spans }, (_, i) => ({
    consumer: 'web-app',
    environment: 'production',
    provider: 'users-service',
    method: 'GET',
    url: `https://users.internal/api/users/${i}?expand=profile,settings,preferences,history&page=${i % 7}`,
    traceId: i.toString(16).padStart(32, '0'),
  }));
  return JSON.stringify(traceExport(calls));
}

async function send(path: string, method: string, body: unknown): Promise<void> {
  const response = await fetch(`${registry.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(response.status, await response.text()).toBeLessThan(300);
}

const postExport = (body: string) => fetch(`${registry.url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

beforeAll(async () => {
  assertBuilt();
  dir = await mkdtemp(join(tmpdir(), 'overseer-observe-stall-'));
  // One thread and a queue of one: two exports at a time are taken, the rest refused.
  registry = await startRegistry(join(dir, 'registry.db'), { OVERSEER_WORK_THREADS: '1', OVERSEER_WORK_QUEUE: '1' });
  const contract = await readFile(join(REPO_ROOT, 'test/fixtures/observe/users.v1.yaml'), 'utf8');
  await send('/v1/services/users-service', 'PUT', { owners: ['@acme/users'] });
  await send('/v1/services/users-service/versions', 'POST', { version: '1.0.0', contract });
  await send('/v1/services/web-app', 'PUT', { owners: ['@acme/web'] });
  await send('/v1/environments', 'POST', { name: 'production' });
  await send('/v1/deployments', 'POST', { service: 'users-service', version: '1.0.0', environment: 'production' });
});

afterAll(async () => {
  if (registry?.child.exitCode === null) await registry.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('a large OTLP export', () => {
  // 17,000 spans through one worker thread and into the store: 20 s alone, over 60 s on a machine at load 15.
  it('leaves /healthz answering while it is read, and its calls count', { timeout: 300_000 }, async () => {
    const body = largeExport(17_000);
    expect(body.length).toBeGreaterThan(7 * 1024 * 1024);
    const loop = await watchLoop(registry.child.pid!, postExport(body), async () => {
      const health = await fetch(`${registry.url}/healthz`);
      expect(health.status).toBe(200);
      await health.arrayBuffer();
      await new Promise((resolve) => setTimeout(resolve, 5));
    });
    const exported = loop.result;
    expect(exported.status).toBe(200);
    expect(await exported.json()).toEqual({ partialSuccess: {} });
    // Decoding on the event loop spent the export's CPU there in one stretch, /healthz waiting behind it.
    expectLoopStayedFree(loop, 'a 7 MB export of 17,000 spans');
    const usage = await (await fetch(`${registry.url}/v1/services/users-service/usage?asProvider=true&environment=production`)).json();
    expect(usage.uses).toContainEqual(expect.objectContaining({ consumer: 'web-app', observed: expect.objectContaining({ count: 17_000 }) }));
  });

  it('flooding the registry, is answered 503 with Retry-After while deploy questions go on', async () => {
    const body = largeExport(4000);
    const answers = await Promise.all(
      Array.from({ length: 6 }, async () => {
        const response = await postExport(body);
        return { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.json() };
      }),
    );
    const gate = await fetch(`${registry.url}/v1/can-i-deploy?service=users-service&version=1.0.0&environment=production`);
    expect(gate.status).toBe(200);
    const refused = answers.filter((a) => a.status === 503);
    expect(refused.length).toBeGreaterThan(0);
    for (const answer of refused) {
      expect(answer.retryAfter).toBe('2');
      // OTLP/JSON's google.rpc.Status: 14 is UNAVAILABLE, which an exporter retries.
      expect(answer.body).toMatchObject({ code: 14, message: expect.stringMatching(/^ERR_BUSY: .*telemetry exports/) });
      expect(otlpErrorCode(answer.body)).toBe('ERR_BUSY');
    }
    // Those taken are read in full: the refusal is of the surplus alone, never a stalled or failed export.
    expect(answers.filter((a) => a.status === 200).length).toBeGreaterThan(0);
    expect(answers.length - refused.length).toBe(answers.filter((a) => a.status === 200).length);
  });
});
