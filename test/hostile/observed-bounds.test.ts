// What an ingest token could grow without bound: stored callers of a provider (one made-up service.name per span), and
// exports read into memory at once. Past each bound the caller is told (partial success, or 503 with Retry-After),
// what was stored stays, and the gate keeps answering.

import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { useRegistry } from '../e2e/registry-session.js';
import { traceExport } from '../helpers/otlp.js';

const CONTRACT = 'openapi: 3.0.3\ninfo: {title: users, version: "1"}\npaths:\n  /users:\n    get:\n      responses:\n        "200": {description: ok}\n';

async function seed(url: string): Promise<void> {
  const post = (urlPath: string, body: unknown, method = 'POST') =>
    fetch(`${url}${urlPath}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect((await post('/v1/services/users', { owners: ['@team'] }, 'PUT')).status).toBe(201);
  expect((await post('/v1/environments', { name: 'production' })).status).toBe(201);
  expect((await post('/v1/services/users/versions', { version: '1.0.0', contract: CONTRACT })).status).toBe(201);
  expect((await post('/v1/deployments', { service: 'users', version: '1.0.0', environment: 'production' })).status).toBe(201);
}

const call = (consumer: string) => ({ consumer, environment: 'production', provider: 'users', method: 'GET', url: 'http://users/users' });

function exportTraces(url: string, consumers: string[]) {
  const body = JSON.stringify(traceExport(consumers.map(call)));
  return fetch(`${url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
}

describe('callers of a provider past OVERSEER_MAX_OBSERVED_CONSUMERS', () => {
  const session = useRegistry({ name: 'observed-callers', serveEnv: { OVERSEER_MAX_OBSERVED_CONSUMERS: '3' }, before: ({ registry }) => seed(registry.url) });

  async function observed(): Promise<Record<string, number>> {
    const answer = await fetch(`${session.registry.url}/v1/services/users/usage?asProvider=true&environment=production`);
    expect(answer.status).toBe(200);
    const { uses } = (await answer.json()) as { uses: { consumer: string; observed: { count: number } | null }[] };
    return Object.fromEntries(uses.map((use) => [use.consumer, use.observed?.count ?? 0]));
  }

  it('refuses the new ones in the partial success, naming the bound, keeps counting those it holds, and shows the count in /healthz', async () => {
    const first = await exportTraces(session.registry.url, ['caller-0', 'caller-1', 'caller-2', 'caller-3', 'caller-4']);
    expect(first.status).toBe(200);
    const answer = (await first.json()) as { partialSuccess: { rejectedSpans?: number; errorMessage?: string } };
    expect(answer.partialSuccess.rejectedSpans).toBe(2);
    expect(answer.partialSuccess.errorMessage).toContain(
      'callers refused 2: users in production already had 3 observed callers (OVERSEER_MAX_OBSERVED_CONSUMERS)',
    );
    expect(await observed()).toEqual({ 'caller-0': 1, 'caller-1': 1, 'caller-2': 1 });

    // A caller held is still counted; a made-up one is refused again, and nothing stored is dropped for it.
    const second = await exportTraces(session.registry.url, ['caller-0', 'caller-0', 'made-up']);
    expect(await second.json()).toMatchObject({ partialSuccess: { rejectedSpans: 1 } });
    expect(await observed()).toEqual({ 'caller-0': 3, 'caller-1': 1, 'caller-2': 1 });
    const health = await fetch(`${session.registry.url}/healthz`);
    expect(await health.json()).toMatchObject({ status: 'ok', observe: { refusedCallers: 3, unwritten: 0, dropped: 0 } });
  }, 60_000);
});

/** Starts an export whose body never arrives in full: it holds its place among the exports admitted. */
function holdExport(base: string): { sent: Promise<unknown>; gone: Promise<unknown>; close: () => void } {
  const url = new URL('/v1/traces', base);
  const sending = request({
    host: url.hostname,
    port: url.port,
    path: url.pathname,
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': 1024 * 1024 },
  });
  const gone = new Promise((resolve) => sending.once('close', resolve));
  sending.on('error', () => {});
  const sent = new Promise((resolve) => sending.write('{"resourceSpans": [', resolve));
  return { sent, gone, close: () => sending.destroy() };
}

describe('exports read at once past OVERSEER_INGEST_DECODES and OVERSEER_INGEST_QUEUE', () => {
  const session = useRegistry({
    name: 'observed-admission',
    serveEnv: { OVERSEER_INGEST_DECODES: '1', OVERSEER_INGEST_QUEUE: '1', OVERSEER_WORK_THREADS: '2' },
    before: ({ registry }) => seed(registry.url),
  });
  const held: ReturnType<typeof holdExport>[] = [];
  afterEach(async () => {
    for (const h of held.splice(0)) {
      h.close();
      await h.gone;
    }
  });

  it('answers one more export 503 with Retry-After in OTLP’s form while the gate answers, and takes exports again once room is made', async () => {
    const { url } = session.registry;
    // One at a time, each admitted once the registry answers a request sent after its headers.
    for (let i = 0; i < 2; i++) {
      held.push(holdExport(url));
      await held.at(-1)?.sent;
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
    }
    const refused = await exportTraces(url, ['web']);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await refused.json()).toMatchObject({ code: 14, message: expect.stringContaining('ERR_BUSY') });
    const gate = await fetch(`${url}/v1/can-i-deploy?service=users&version=1.0.0&environment=production`);
    expect(gate.status).toBe(200);
    expect(await gate.json()).toMatchObject({ decision: expect.any(String) });

    for (const h of held.splice(0)) {
      h.close();
      await h.gone;
    }
    await expect.poll(async () => (await exportTraces(url, ['web'])).status, { timeout: 20_000 }).toBe(200);
  }, 60_000);
});
