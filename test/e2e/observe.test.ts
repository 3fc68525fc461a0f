// End to end, issue 20: what consumers really call (OTLP traces posted to a real `overseer serve`) and what their
// Pact files show counts at the gate. `cli` runs the CLI in the test's process (test/e2e/in-process.ts); `spawned`
// runs the built binary, for the refusal that observed calls cause and for the offline `observe --traces`.

import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traceExport } from '../helpers/otlp.js';
import { assertBuilt, REPO_ROOT, type RunningRegistry, runCli, startRegistry } from './cli-process.js';
import { runCliHere } from './in-process.js';

let dir: string;
let registry: RunningRegistry;
const cliEnv = () => ({ OVERSEER_URL: registry.url, OVERSEER_RETRY_MS: '500' });
const cli = (...args: string[]) => runCliHere(args, { env: cliEnv(), cwd: dir });
const spawned = (...args: string[]) => runCli(args, { env: cliEnv(), cwd: dir });

const PACT = {
  consumer: { name: 'mobile-app' },
  provider: { name: 'users-service' },
  interactions: [
    {
      description: 'a request for user 7',
      request: { method: 'GET', path: '/users/7', query: { fields: ['email'] } },
      response: { status: 200, body: { id: '7', email: 'ada@example.com' } },
    },
  ],
  metadata: { pactSpecification: { version: '3.0.0' } },
};

beforeAll(async () => {
  assertBuilt();
  dir = await mkdtemp(join(tmpdir(), 'overseer-observe-'));
  for (const name of ['users.v1.yaml', 'users.v2-no-get-user.yaml', 'users.v2-no-email.yaml']) {
    await copyFile(join(REPO_ROOT, 'test/fixtures/observe', name), join(dir, name));
  }
  await writeFile(join(dir, 'users.yaml'), 'service: users-service\nowners: ["@acme/users"]\nprovides: ./users.v1.yaml\n');
  await writeFile(join(dir, 'web.yaml'), 'service: web-app\nowners: ["@acme/web"]\nconsumes:\n  users-service:\n    - GET /users\n');
  await writeFile(join(dir, 'mobile.pact.json'), JSON.stringify(PACT));
  registry = await startRegistry(join(dir, 'registry.db'), { OVERSEER_USAGE_FLUSH_MS: '60000' });
});

afterAll(async () => {
  if (registry?.child.exitCode === null) await registry.stop();
  await rm(dir, { recursive: true, force: true });
});

const getUser = { consumer: 'web-app', environment: 'production', provider: 'users-service', method: 'GET', url: 'https://users.internal/api/users/42' };

describe('observed usage against a real registry', () => {
  it('lets the removal of an undeclared operation through before traces', async () => {
    expect(await cli('environment', 'create', 'production')).toMatchObject({ code: 0 });
    for (const [manifest, version] of [
      ['users.yaml', '1.0.0'],
      ['web.yaml', '1.0.0'],
    ]) {
      expect(await cli('publish', '--manifest', manifest, '--version', version)).toMatchObject({ code: 0 });
      expect(
        await cli('record-deployment', '--service', manifest === 'users.yaml' ? 'users-service' : 'web-app', '--version', version, '--env', 'production'),
      ).toMatchObject({
        code: 0,
      });
    }
    expect(await cli('publish', '--manifest', 'users.yaml', '--contract', 'users.v2-no-get-user.yaml', '--version', '2.0.0')).toMatchObject({ code: 0 });
    const before = await cli('can-i-deploy', '--service', 'users-service', '--version', '2.0.0', '--to', 'production');
    expect(before.code, before.stdout + before.stderr).toBe(0);
  });

  it('refuses it once an OTLP/JSON export shows the consumer calling it, naming the consumer and "observed"', async () => {
    const posted = await fetch(`${registry.url}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(traceExport([getUser, { ...getUser, provider: 'nobody-service' }])),
    });
    expect(posted.status).toBe(200);
    const named = `; no known service is named by: peer.service nobody-service (host users.internal) 1: set peer.service to the name the provider is published under, or list the host under hosts: in its overseer.yaml`;
    expect(await posted.json()).toEqual({ partialSuccess: { rejectedSpans: 1, errorMessage: `spans not used: unknown-provider 1${named}` } });
    const after = await spawned('can-i-deploy', '--service', 'users-service', '--version', '2.0.0', '--to', 'production');
    expect(after.code, after.stderr).toBe(1);
    expect(after.stdout).toContain('web-app');
    expect(after.stdout).toContain('observed');
  });

  it('shows the call as observed and undeclared in `overseer usage`', async () => {
    const listed = await cli('usage', '--service', 'web-app', '--environment', 'production', '--format', 'json');
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual({
      consumer: 'web-app',
      environment: 'production',
      uses: [
        { provider: 'users-service', operation: 'GET /users', declared: true, observed: null },
        { provider: 'users-service', operation: 'GET /users/{userId}', declared: false, observed: { count: 1, lastSeen: expect.any(String) } },
      ],
      policy: 'both',
    });
    const text = await cli('usage', '--service', 'web-app', '--environment', 'production');
    const lines = text.stdout.split('\n');
    expect(lines).toContain('    GET /users: declared, never observed');
    expect(lines).toContainEqual(expect.stringMatching(/^ {4}GET \/users\/\{userId\}: observed, not declared \(1x, last \S+\)$/));
  });

  it('blocks removing `email` once a consumer published from a Pact file reads it from GET /users/7', async () => {
    const published = await cli('publish', '--pact', 'mobile.pact.json', '--version', '1.0.0');
    expect(published.code, published.stderr).toBe(0);
    expect(published.stdout).toContain('published: mobile-app 1.0.0 from Pact');
    const declared = await runCliHere(['consumers', '--service', 'users-service', '--format', 'json'], { env: { OVERSEER_URL: registry.url } });
    const mobile = JSON.parse(declared.stdout).consumers.find((c: { consumer: string }) => c.consumer === 'mobile-app');
    expect(mobile.uses).toEqual([
      // The line its interaction opens on in mobile.pact.json, one line of JSON.
      { operation: 'GET /users/{userId}', params: ['fields'], request: [], response: ['id', 'email'], responseMediaTypes: ['*/*'], statuses: ['200'], line: 1 },
    ]);
    expect(await cli('record-deployment', '--service', 'mobile-app', '--version', '1.0.0', '--env', 'production')).toMatchObject({ code: 0 });
    expect(await cli('publish', '--manifest', 'users.yaml', '--contract', 'users.v2-no-email.yaml', '--version', '2.1.0')).toMatchObject({ code: 0 });
    const gate = await cli('can-i-deploy', '--service', 'users-service', '--version', '2.1.0', '--to', 'production', '--format', 'json');
    expect(gate.code).toBe(1);
    const reasons = JSON.parse(gate.stdout).reasons as { consumer?: string; code: string; message: string }[];
    expect(reasons.some((r) => r.consumer === 'mobile-app' && r.message.includes('email'))).toBe(true);
  });

  it('reads the same export offline with `overseer observe --traces`', async () => {
    await writeFile(join(dir, 'export.json'), JSON.stringify(traceExport([getUser, getUser, { ...getUser, url: '/api/orders' }])));
    const read = await spawned('observe', '--traces', 'export.json', '--contract', 'users-service=users.v1.yaml', '--format', 'json');
    expect(read.code, read.stderr).toBe(0);
    const out = JSON.parse(read.stdout);
    expect(out.calls).toEqual([
      expect.objectContaining({ consumer: 'web-app', provider: 'users-service', operation: 'GET /users/{userId}', environment: 'production', count: 2 }),
    ]);
    expect(out.unmatched).toEqual({ 'no-matching-operation': 1 });
  });

  it('matches spans without peer.service by the hosts given with --host, offline', async () => {
    const byHost = { ...getUser, provider: undefined };
    await writeFile(join(dir, 'hosts.json'), JSON.stringify(traceExport([byHost, { ...byHost, url: 'https://elsewhere.internal/api/users/1' }])));
    const args = ['observe', '--traces', 'hosts.json', '--contract', 'users-service=users.v1.yaml', '--format', 'json'];
    const read = await cli(...args, '--host', 'Users.Internal:443=users-service');
    expect(read.code, read.stderr).toBe(0);
    const out = JSON.parse(read.stdout);
    expect(out.calls).toEqual([expect.objectContaining({ consumer: 'web-app', provider: 'users-service', operation: 'GET /users/{userId}', count: 1 })]);
    expect(Object.values(out.unmatched as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(1);
    // Without the hosts, neither span names its provider.
    expect(JSON.parse((await cli(...args)).stdout).calls).toEqual([]);
    const bad = await cli(...args, '--host', 'users.internal');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--host must be HOST=SERVICE');
  });
});
