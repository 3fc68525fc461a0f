// A deploy question whose client hangs up while it waits for the only worker thread is dropped before it starts: it is
// neither decided nor recorded, the request log says so, and the next client is answered. Real HTTP on 127.0.0.1.

import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../overseer/app.js';
import { parseConfig } from '../../../overseer/config.js';
import { openSqliteStore } from '../../../overseer/store/sqlite/index.js';
import type { Store } from '../../../overseer/store/store.js';
import { waitUntilWorkersWork } from '../../helpers/loop-cpu.js';
import { buildLargeContract, buildPlainContract } from '../../reliability/hostile-documents.js';

const QUESTION = JSON.stringify({ service: 'web', version: '1.0.0', environment: 'production' });

describe('a deploy question whose client hung up', () => {
  let dir: string;
  let store: Store;
  let app: FastifyInstance;
  let url: string;
  const logged: Array<Record<string, unknown>> = [];

  const send = (method: string, path: string, body?: string) =>
    fetch(`${url}${path}`, { method, ...(body !== undefined && { headers: { 'content-type': 'application/json' }, body }) });

  /** Gate tasks waiting for the thread, as /healthz counts them. */
  const waitingQuestions = async () => ((await (await send('GET', '/healthz')).json()) as { work: { waiting: { gate: number } } }).work.waiting.gate;

  /**
   * Posts a body over a socket of its own. `sent`: its last byte has left for the server, so a wait starts from there, not
   * from a guess; `hangUp` resets the connection before any answer (the client leaving), and `closed` says it is closed.
   */
  function post(path: string, body: string) {
    const { hostname, port } = new URL(url);
    const outgoing = request({ host: hostname, port, path, method: 'POST', headers: { 'content-type': 'application/json' } });
    const sent = new Promise<void>((resolve) => outgoing.on('finish', () => resolve()));
    const closed = new Promise<void>((resolve) => outgoing.on('close', () => resolve()));
    const status = new Promise<number>((resolve, reject) => {
      outgoing.on('response', (incoming) => incoming.resume().on('end', () => resolve(incoming.statusCode ?? 0)));
      outgoing.on('error', reject);
    });
    outgoing.end(body);
    // Reset, as a client killed with its socket unread or a proxy giving up does: a client that only closes its sending
    // side may still be reading (test/hostile/half-closed.test.ts), and is answered.
    const hangUp = () => {
      status.catch(() => undefined);
      outgoing.socket?.resetAndDestroy();
      outgoing.destroy();
    };
    return { sent, status, closed, hangUp };
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'overseer-hang-up-'));
    const config = parseConfig({ db: join(dir, 'registry.db') }, { OVERSEER_WORK_THREADS: '1' });
    store = openSqliteStore(config.db);
    const stream = { write: (line: string) => logged.push(JSON.parse(line) as Record<string, unknown>) };
    app = buildApp({ config, store, log: { level: 'info', stream } });
    url = await app.listen({ port: 0, host: '127.0.0.1' });
    expect((await send('PUT', '/v1/services/web', JSON.stringify({ owners: ['@a'] }))).status).toBe(201);
    expect((await send('POST', '/v1/environments', JSON.stringify({ name: 'production' }))).status).toBe(201);
    const published = await send('POST', '/v1/services/web/versions', JSON.stringify({ version: '1.0.0', contract: buildPlainContract('web') }));
    expect(published.status).toBe(201);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('is never decided nor recorded, is logged as dropped, and the next client is answered', async () => {
    // The only thread parses this publication for seconds. The question is sent once the thread is at it: once the
    // 15 MB have been sent (on a loaded machine sending them alone took over a second, and a question that came first
    // was decided at once) and the threads beside this event loop have spent 300 ms of CPU since.
    let blockerDone = false;
    const blocker = post('/v1/services/web/versions', JSON.stringify({ version: '15.0.0', contract: buildLargeContract(15 * 1000 * 1000) }));
    void blocker.status.then(() => (blockerDone = true));
    await blocker.sent;
    await waitUntilWorkersWork(process.pid, 300);

    const asked = post('/v1/can-i-deploy', QUESTION);
    // The client leaves once its question is out and /healthz counts its decision waiting for the thread, not after a
    // fixed pause: a reset sent before the request's last byte left goes out as an orderly close (a FIN), a half-closed
    // client the registry answers by design (test/hostile/half-closed.test.ts), and under load a 50 ms pause ended that
    // early now and then (decided and counted twice, nothing dropped). The wait ends while the thread still parses the
    // publication's body, one task of seconds: at that task's end the question's turn comes (the lanes take turns).
    await asked.sent;
    await expect.poll(waitingQuestions, { timeout: 60_000, interval: 5 }).toBe(1);
    expect(blockerDone, 'the publication was still being parsed when the client hung up').toBe(false);
    asked.hangUp();
    await asked.closed;

    expect(await blocker.status).toBe(201);
    const answered = await send('POST', '/v1/can-i-deploy', QUESTION);
    expect(answered.status).toBe(200);
    expect(await answered.json()).toMatchObject({ service: 'web', version: '1.0.0', decision: 'deployable' });

    // One ask was answered, so one is audited: the dropped one was never decided (else it would count 2).
    const { verdicts } = (await (await send('GET', '/v1/verdicts?service=web')).json()) as { verdicts: Array<{ count: number }> };
    expect(verdicts.map((v) => v.count)).toEqual([1]);
    const dropped = logged.filter((line) => line.dropped !== undefined);
    expect(dropped).toEqual([expect.objectContaining({ method: 'POST', path: '/v1/can-i-deploy', status: 499, dropped: 'gate' })]);
    expect(dropped[0]?.msg).toMatch(/^POST \/v1\/can-i-deploy 499 [\d.]+ms: the client hung up; its queued gate task was dropped unstarted$/);
  }, 120_000);
});
