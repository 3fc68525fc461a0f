// A real `overseer serve` with one worker thread and queues of two, kept busy by 40 MB publications: deploy questions
// past their queue are refused at once with Retry-After, while another publication, a write someone waits on, is taken.

import { mkdtemp } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, type RunningRegistry, startRegistry } from '../e2e/cli-process.js';
import { waitUntilWorkersWork } from '../helpers/loop-cpu.js';
import { buildLargeContract, buildPlainContract } from '../reliability/hostile-documents.js';

let registry: RunningRegistry;

async function send(method: string, urlPath: string, body?: unknown): Promise<Response> {
  const init = body === undefined ? { method } : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  return fetch(`${registry.url}${urlPath}`, init);
}

/** Posts a body and resolves once all of it has been handed to the socket; the answer is awaited separately. */
function postInFull(urlPath: string, body: string): { sent: Promise<void>; answered: Promise<number> } {
  const url = new URL(urlPath, registry.url);
  let sent!: () => void;
  const sending = new Promise<void>((resolve) => (sent = resolve));
  const answered = new Promise<number>((resolve, reject) => {
    const outgoing = request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json' } },
      (answer) => {
        answer.resume();
        answer.on('end', () => resolve(answer.statusCode ?? 0));
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body, sent);
  });
  return { sent: sending, answered };
}

/** The first `count` of `pending` to be answered, in the order they were. */
function firstAnswers(pending: Promise<Response>[], count: number): Promise<Response[]> {
  const answers: Response[] = [];
  return new Promise((resolve, reject) => {
    for (const one of pending) {
      one.then((answer) => {
        answers.push(answer);
        if (answers.length === count) resolve(answers);
      }, reject);
    }
  });
}

const ask = () => send('GET', '/v1/can-i-deploy?service=web&version=1.0.0&environment=production');

beforeAll(async () => {
  assertBuilt();
  const dir = await mkdtemp(path.join(tmpdir(), 'overseer-lanes-'));
  // Blockers of 40 MB (the bounds raised to take them): 15 MB were parsed within a second on a fast machine, and the
  // first question was answered between them, which left the gate's queue with room for the late one.
  registry = await startRegistry(path.join(dir, 'registry.db'), {
    OVERSEER_WORK_THREADS: '1',
    OVERSEER_WORK_QUEUE: '2',
    OVERSEER_MAX_CONTRACT_BYTES: String(64 * 1024 * 1024),
    OVERSEER_WORK_MEMORY_MB: '4096',
  });
  expect((await send('PUT', '/v1/services/web', { owners: ['@a'] })).status).toBe(201);
  expect((await send('POST', '/v1/environments', { name: 'production' })).status).toBe(201);
  expect((await send('POST', '/v1/services/web/versions', { version: '1.0.0', contract: buildPlainContract('web') })).status).toBe(201);
}, 60_000);

afterAll(async () => {
  await registry?.stop();
});

describe('a registry whose worker thread is busy', () => {
  it('refuses deploy questions past their queue with 503 ERR_BUSY and Retry-After, and still takes a publication', async () => {
    // The only thread parses these one after the other, for seconds: long enough that a refusal, held REFUSAL_HOLD_MS
    // before it is sent, still comes before any question is answered.
    const blockers = ['15.0.0', '15.0.1'].map((version) =>
      postInFull('/v1/services/web/versions', JSON.stringify({ version, contract: buildLargeContract(40 * 1000 * 1000) })),
    );
    await Promise.all(blockers.map((blocker) => blocker.sent));
    // The thread has begun the first parse once it has spent a fair part of a second on it; a fixed pause was a guess
    // that a loaded machine could make too short (an idle thread takes the first question, and only three are refused).
    await waitUntilWorkersWork(registry.child.pid!, 300);

    // Two questions wait for the thread; the four past the queue are answered first, while the blockers are parsed.
    const asked = Array.from({ length: 6 }, ask);
    const refused = await firstAnswers(asked, 4);
    expect(refused.map((answer) => answer.status)).toEqual([503, 503, 503, 503]);
    expect(refused[0]?.headers.get('retry-after')).toBe('2');
    expect(await refused[0]?.json()).toEqual({ code: 'ERR_BUSY', message: 'the registry is busy answering other deploy questions: retry in 2 s' });

    // The gate's queue is still full (one more question is refused) when the publication arrives; it waits in its own,
    // behind the second blocker.
    const late = await ask();
    expect(late.status).toBe(503);
    const publication = await send('POST', '/v1/services/web/versions', { version: '1.1.0', contract: buildPlainContract('web 1.1') });
    expect(publication.status, await publication.clone().text()).toBe(201);

    // What was queued is answered once the thread is free.
    expect((await Promise.all(asked)).map((answer) => answer.status).sort()).toEqual([200, 200, 503, 503, 503, 503]);
    expect(await Promise.all(blockers.map((blocker) => blocker.answered))).toEqual([201, 201]);
    expect((await ask()).status).toBe(200);
  }, 300_000);
});
