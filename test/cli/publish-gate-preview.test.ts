// `overseer publish` of a version that breaks a deployed consumer printed "published" and nothing more: the owners
// learned of the refusal at deploy time. It now says, per environment, what can-i-deploy will answer, without
// recording an ask in the audit trail and without failing the publication.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { runCliHere } from '../e2e/in-process.js';
import { useRegistry } from '../e2e/registry-session.js';

const users = ['--manifest', 'examples/users-service/overseer.yaml'];
const session = useRegistry({
  name: 'publish-gate-preview',
  setup: [
    ['publish', ...users, '--version', '1.0.0'],
    ['publish', '--manifest', 'examples/orders-service/overseer.yaml', '--version', '1.0.0'],
    ['publish', '--manifest', 'examples/checkout-web/overseer.yaml', '--version', '1.0.0'],
    ['environment', 'create', 'production'],
    ['environment', 'create', 'staging'],
    ['record-deployment', '--service', 'users-service', '--version', '1.0.0', '--env', 'production'],
    ['record-deployment', '--service', 'orders-service', '--version', '1.0.0', '--env', 'production'],
    ['record-deployment', '--service', 'checkout-web', '--version', '1.0.0', '--env', 'production'],
  ],
});

const auditTrail = async () => ((await (await fetch(`${session.registry.url}/v1/verdicts`)).json()) as { verdicts: unknown[] }).verdicts;

describe('publish says what the gate will say', () => {
  it('names the change, the consumer it breaks, the environment and the command to see why, and exits 0', async () => {
    const r = await session.cli('publish', ...users, '--contract', 'examples/users-service/openapi.v2.yaml', '--version', '2.0.0');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^published: users-service 2\.0\.0 \(/);
    // The field checkout-web reads is gone: one change, stated once though the gate also names the missing field.
    expect(r.stdout.split('\n').slice(1)).toEqual([
      '1 change breaks checkout-web in production: can-i-deploy will refuse; see overseer can-i-deploy --service users-service --version 2.0.0 --env production',
      '',
    ]);
    // Asked, not recorded: the audit trail and the notifications are for real asks.
    expect(await auditTrail()).toEqual([]);
  });

  it('adds nothing where every environment would take the version', async () => {
    const r = await session.cli('publish', ...users, '--contract', 'examples/users-service/openapi.v1.1.yaml', '--version', '1.1.0');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^published: users-service 1\.1\.0 \([^\n]*\)\n$/);
  });

  it("names a consumer's missing providers by the gate's reason where they are not deployed", async () => {
    const r = await session.cli('publish', '--manifest', 'examples/checkout-web/overseer.yaml', '--version', '1.0.1');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n').slice(1)).toEqual([
      'orders-service and users-service are not deployed in staging: can-i-deploy will refuse; see overseer can-i-deploy --service checkout-web --version 1.0.1 --env staging',
      '',
    ]);
  });

  it('keeps --format json to the publication alone', async () => {
    const r = await session.cli('publish', ...users, '--contract', 'examples/users-service/openapi.v2.yaml', '--version', '2.0.0', '--format', 'json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'unchanged', version: { version: '2.0.0' } });
  });
});

// A registry from before GET /v1/can-i-deploy, or a proxy that lets only some routes through: the gate cannot be asked.
async function withGateHidden<T>(registry: string, run: (url: string) => Promise<T>): Promise<T> {
  const proxy = createServer(async (request, response) => {
    if (request.method === 'GET' && request.url?.startsWith('/v1/can-i-deploy')) return void response.writeHead(404).end('Not Found');
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
    const answer = await fetch(`${registry}${request.url}`, { method: request.method, headers: { 'content-type': 'application/json' }, body });
    response
      .writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' })
      .end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  try {
    return await run(`http://127.0.0.1:${(proxy.address() as AddressInfo).port}`);
  } finally {
    // Every request was answered by now: a connection the CLI keeps alive would hold close() for seconds.
    const closed = new Promise((resolve) => proxy.close(resolve));
    proxy.closeAllConnections();
    await closed;
  }
}

describe('publish where the gate cannot be asked', () => {
  it('still publishes (exit 0), and says on stderr to ask can-i-deploy before deploying', async () => {
    const r = await withGateHidden(session.registry.url, (url) =>
      runCliHere(['publish', ...users, '--contract', 'examples/users-service/openapi.v2.yaml', '--version', '2.0.2'], { env: { OVERSEER_URL: url } }),
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^published: users-service 2\.0\.2 \([^\n]*\)\n$/);
    expect(r.stderr).toMatch(
      /^note: users-service 2\.0\.2 is published, but the gate could not be asked what it will say \(the registry at http:\/\/127\.0\.0\.1:\d+ answered GET \/v1\/can-i-deploy with HTTP 404 and no Overseer error: is it an Overseer registry\? \(--registry, OVERSEER_URL\)\); ask it before deploying: overseer can-i-deploy --service users-service --version 2\.0\.2 --env ENV\n$/,
    );
  });
});
