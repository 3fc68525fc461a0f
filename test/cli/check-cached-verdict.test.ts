// A check's verdict names a candidate (`users-service candidate`), never the contract it judged: a cache in front of the
// registry keyed on the path alone handed every check the first verdict it stored, and a contract removing every
// operation its consumer calls printed that verdict's DEPLOYABLE. The registry gives the question's Idempotency-Key
// back with its verdict; the CLI (and the Action, through the same client) refuses an answer carrying another's.

import { writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliHere } from '../e2e/in-process.js';
import { useRegistry } from '../e2e/registry-session.js';

const session = useRegistry({
  name: 'check-cached-verdict',
  setup: [
    ['environment', 'create', 'production'],
    ['publish', '--manifest', 'examples/users-service/overseer.yaml', '--version', '1.0.0'],
    ['publish', '--manifest', 'examples/checkout-web/overseer.yaml', '--version', '1.0.0'],
    ['record-deployment', '--service', 'users-service', '--version', '1.0.0', '--env', 'production'],
    ['record-deployment', '--service', 'checkout-web', '--version', '1.0.0', '--env', 'production'],
  ],
});

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('a check answered from a cache keyed on the path alone', () => {
  let stored: { status: number; headers: Record<string, string>; text: string } | undefined;
  let served = 0;
  // Passes the first answer on whole, headers included, as a cache stores it; every later POST gets that answer.
  const cache = createServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
      if (stored && request.method === 'POST') {
        served++;
        return void response.writeHead(stored.status, stored.headers).end(stored.text);
      }
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      for (const name of ['idempotency-key', 'authorization']) if (typeof request.headers[name] === 'string') headers[name] = request.headers[name];
      const answer = await fetch(`${session.registry.url}${request.url}`, {
        method: request.method ?? 'GET',
        headers,
        ...(body.length > 0 && { body: new Uint8Array(body) }),
      });
      const text = await answer.text();
      const kept = Object.fromEntries([...answer.headers].filter(([name]) => name !== 'content-length' && name !== 'transfer-encoding'));
      if (request.method === 'POST' && answer.status === 200) stored = { status: 200, headers: kept, text };
      response.writeHead(answer.status, kept).end(text);
    })().catch(() => request.socket.destroy());
  });
  let url = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => cache.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(cache.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => cache.close(() => resolve())));

  it('is no decision (exit 2), not the stored DEPLOYABLE, for a contract that breaks the consumer', async () => {
    const env = { OVERSEER_URL: url, OVERSEER_RETRY_MS: '0' };
    const unchanged = await runCliHere(['check', '--manifest', 'examples/users-service/overseer.yaml', '--against', 'production'], { env });
    expect(unchanged.code, unchanged.stderr).toBe(0);
    expect(unchanged.stdout).toMatch(/^DEPLOYABLE: users-service candidate to production/);

    const empty = join(session.dir, 'no-operations.yaml');
    await writeFile(empty, 'openapi: 3.0.3\ninfo: { title: users, version: "2" }\npaths: {}\n');
    // The same question to the registry itself is refused: checkout-web calls what this contract removes.
    const direct = await session.cli('check', '--manifest', 'examples/users-service/overseer.yaml', '--contract', empty, '--against', 'production');
    expect(direct.code, direct.stderr).toBe(1);

    const cached = await runCliHere(['check', '--manifest', 'examples/users-service/overseer.yaml', '--contract', empty, '--against', 'production'], { env });
    expect(served).toBe(1);
    expect(cached).toMatchObject({
      code: 2,
      stdout: '',
      stderr:
        `error ERR_REGISTRY_RESPONSE: the registry at ${url} answered POST /v1/check with the verdict of another request (its Idempotency-Key is not this question's): ` +
        'is a cache or proxy in front of it answering another request? (--registry, OVERSEER_URL)\n' +
        'Run "overseer explain ERR_REGISTRY_RESPONSE" for what to do.\n',
    });
  });
});
