// Observed usage the gate can be trusted on, against a real `overseer serve`: calls it did not count are told in the
// verdict, spans it could not use say why, and a protobuf export that fails is answered as OTLP/HTTP says.

import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import protobuf from 'protobufjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeOtlpProtobuf } from '../../overseer/observe/otlp-proto.js';
import { type ClientCall, otlpErrorCode, traceExport } from '../helpers/otlp.js';
import { assertBuilt, REPO_ROOT, type RunningRegistry, startRegistry } from './cli-process.js';
import { runCliHere } from './in-process.js';

let dir: string;
let declaredOnly: RunningRegistry;
let both: RunningRegistry;
let logged = '';

// google/rpc/status.proto as published by googleapis, written here independently of the registry's own encoder.
const STATUS = protobuf.Root.fromJSON({
  nested: {
    google: {
      nested: {
        protobuf: { nested: { Any: { fields: { type_url: { type: 'string', id: 1 }, value: { type: 'bytes', id: 2 } } } } },
        rpc: {
          nested: {
            Status: {
              fields: {
                code: { type: 'int32', id: 1 },
                message: { type: 'string', id: 2 },
                details: { rule: 'repeated', type: 'google.protobuf.Any', id: 3 },
              },
            },
          },
        },
      },
    },
  },
}).lookupType('google.rpc.Status');

const fixture = (name: string) => join(REPO_ROOT, 'test/fixtures/observe', name);

async function send(registry: RunningRegistry, method: string, path: string, body: unknown): Promise<void> {
  const res = await fetch(`${registry.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status, await res.text()).toBeLessThan(300);
}

/** users-service 1.0.0 (reached at users.internal) and web-app 1.0.0 (declares GET /users) deployed in production. */
async function seed(registry: RunningRegistry): Promise<void> {
  const { readFile } = await import('node:fs/promises');
  const contract = (name: string) => readFile(fixture(name), 'utf8');
  await send(registry, 'POST', '/v1/environments', { name: 'production' });
  await send(registry, 'PUT', '/v1/services/users-service', { owners: ['@acme/users'], hosts: ['users.internal'] });
  await send(registry, 'PUT', '/v1/services/web-app', { owners: ['@acme/web'] });
  await send(registry, 'POST', '/v1/services/users-service/versions', { version: '1.0.0', contract: await contract('users.v1.yaml') });
  await send(registry, 'POST', '/v1/services/users-service/versions', { version: '1.0.1', contract: await contract('users.v1.yaml') });
  await send(registry, 'POST', '/v1/services/users-service/versions', { version: '2.0.0', contract: await contract('users.v2-no-get-user.yaml') });
  const manifest = 'service: web-app\nowners: ["@acme/web"]\nconsumes:\n  users-service:\n    - GET /users\n';
  await send(registry, 'POST', '/v1/services/web-app/versions', { version: '1.0.0', manifest });
  for (const service of ['users-service', 'web-app']) await send(registry, 'POST', '/v1/deployments', { service, version: '1.0.0', environment: 'production' });
}

beforeAll(async () => {
  assertBuilt();
  dir = await mkdtemp(join(tmpdir(), 'overseer-observe-trust-'));
  await copyFile(fixture('users.v1.yaml'), join(dir, 'users.v1.yaml'));
  [declaredOnly, both] = await Promise.all([
    startRegistry(join(dir, 'declared.db'), { OVERSEER_USAGE: 'declared', OVERSEER_USAGE_FLUSH_MS: '60000' }),
    startRegistry(join(dir, 'both.db'), { OVERSEER_USAGE_FLUSH_MS: '60000', OVERSEER_LOG_LEVEL: 'info' }),
  ]);
  both.child.stdout?.on('data', (chunk: Buffer) => (logged += chunk.toString()));
  await Promise.all([seed(declaredOnly), seed(both)]);
});

afterAll(async () => {
  for (const registry of [declaredOnly, both]) if (registry?.child.exitCode === null) await registry.stop();
  await rm(dir, { recursive: true, force: true });
});

const getUser: ClientCall = {
  consumer: 'web-app',
  environment: 'production',
  provider: 'users-service',
  method: 'GET',
  url: 'https://users.internal/api/users/42',
};

async function postTraces(registry: RunningRegistry, calls: ClientCall[]): Promise<unknown> {
  const res = await fetch(`${registry.url}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(traceExport(calls)),
  });
  expect(res.status).toBe(200);
  return res.json();
}

function canIDeploy(registry: RunningRegistry, version: string, ...format: string[]) {
  const args = ['can-i-deploy', '--service', 'users-service', '--version', version, '--to', 'production', ...format];
  // In the test's process (test/e2e/in-process.ts): what is under test is what the registry answers.
  return runCliHere(args, { env: { OVERSEER_URL: registry.url }, cwd: dir });
}

describe('calls the gate did not count, told in the verdict', () => {
  it('under OVERSEER_USAGE=declared, names the observed calls that the deploy would break, and stays deployable', async () => {
    const before = await canIDeploy(declaredOnly, '2.0.0', '--format', 'json');
    expect(before.code, before.stderr).toBe(0);
    expect(JSON.parse(before.stdout).notices).toBeUndefined();

    expect(await postTraces(declaredOnly, [getUser])).toEqual({ partialSuccess: {} });
    const json = await canIDeploy(declaredOnly, '2.0.0', '--format', 'json');
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout).notices).toEqual([
      {
        code: 'observed-calls-not-counted',
        consumer: 'web-app',
        message: expect.stringMatching(
          /^web-app was seen calling GET \/users\/\{userId\} of users-service in production \(last seen \S+\), which users-service 2\.0\.0 would break \(.*\); OVERSEER_USAGE=declared/,
        ),
      },
    ]);
    const text = await canIDeploy(declaredOnly, '2.0.0');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^DEPLOYABLE: users-service 2\.0\.0 to production \(nothing counted there is affected; 1 use not counted, below\)\n/);
    expect(text.stdout).toContain('  notice: web-app was seen calling GET /users/{userId} of users-service in production');
  });

  it('adds nothing to a verdict the uncounted calls would not change', async () => {
    const same = await canIDeploy(declaredOnly, '1.0.1', '--format', 'json');
    expect(same.code, same.stderr).toBe(0);
    expect(JSON.parse(same.stdout).notices).toBeUndefined();
  });

  it('names a caller live nowhere in the environment, whose calls are not counted', async () => {
    expect(await postTraces(both, [{ ...getUser, consumer: 'ghost-app' }])).toEqual({ partialSuccess: {} });
    const json = await canIDeploy(both, '2.0.0', '--format', 'json');
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout).notices).toEqual([
      {
        code: 'caller-not-live',
        consumer: 'ghost-app',
        message: expect.stringContaining('no version of ghost-app is live in production'),
      },
    ]);
    const text = await canIDeploy(both, '2.0.0');
    expect(text.stdout).toContain('  notice: ghost-app was seen calling GET /users/{userId} of users-service in production');
  });
});

describe('spans the registry could not use, and why', () => {
  it('says an environment is unknown, with the known name it most likely means', async () => {
    const answer = await postTraces(both, [{ ...getUser, environment: 'prod' }, { ...getUser, environment: 'qa' }, getUser]);
    expect(answer).toEqual({
      partialSuccess: {
        rejectedSpans: 2,
        // In the very words can-i-deploy, record-deployment and every registry route say it (routes/environments.ts).
        errorMessage:
          "spans not used: unknown-environment 2; unknown environment 'prod' (known: production): did you mean production?; " +
          "unknown environment 'qa' (known: production); create it with `overseer environment create qa`",
      },
    });
    // The operator reads the same on the export's line of the request log.
    const lineOf = () => logged.split('\n').find((l) => l.includes('"unknownEnvironments"'));
    await expect.poll(lineOf, { timeout: 10_000 }).toBeDefined();
    expect(JSON.parse(lineOf()!)).toMatchObject({ notUsed: { 'unknown-environment': 2 }, unknownEnvironments: { prod: 1, qa: 1 } });
  });

  it('matches a span whose peer.service names no known service by the host it called, and counts it unknown when nothing matches', async () => {
    const nickname = { ...getUser, consumer: 'admin-app', provider: 'users', url: 'https://users.internal/api/users' };
    const answer = await postTraces(both, [nickname, { ...nickname, url: 'https://elsewhere.internal/api/users' }]);
    // The Collector's log says whom the span named, so that the operator knows which name or host to set right.
    const errorMessage =
      'spans not used: unknown-provider 1; no known service is named by: peer.service users (host elsewhere.internal) 1: set peer.service ' +
      'to the name the provider is published under, or list the host under hosts: in its overseer.yaml';
    expect(answer).toEqual({ partialSuccess: { rejectedSpans: 1, errorMessage } });
    const usage = await runCliHere(['usage', '--service', 'users-service', '--as-provider', '--environment', 'production', '--format', 'json'], {
      env: { OVERSEER_URL: both.url },
    });
    expect(usage.code, usage.stderr).toBe(0);
    const uses = JSON.parse(usage.stdout).uses as { consumer: string; operation: string; observed: { count: number } | null }[];
    expect(uses.find((u) => u.consumer === 'admin-app')).toMatchObject({ operation: 'GET /users', observed: { count: 1 } });
  });

  it('does the same offline: `overseer observe` falls back to --host for a peer.service with no --contract', async () => {
    const nickname = { ...getUser, provider: 'users' };
    await writeFile(join(dir, 'nickname.json'), JSON.stringify(traceExport([nickname])));
    const args = ['observe', '--traces', 'nickname.json', '--contract', 'users-service=users.v1.yaml', '--host', 'users.internal=users-service'];
    const read = await runCliHere([...args, '--format', 'json'], { cwd: dir });
    expect(read.code, read.stderr).toBe(0);
    expect(JSON.parse(read.stdout).calls).toEqual([
      expect.objectContaining({ consumer: 'web-app', provider: 'users-service', operation: 'GET /users/{userId}' }),
    ]);
  });
});

describe('a failed protobuf export is answered with a google.rpc.Status', () => {
  const post = (path: string, body: number[], headers: Record<string, string> = {}) =>
    fetch(`${both.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf', ...headers }, body: Buffer.from(body) });

  it.each(['/v1/traces', '/v1/metrics'])('%s: bytes that are not an export are a 400 whose Status says why', async (path) => {
    const res = await post(path, [10, 9, 1]);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/x-protobuf');
    const status = STATUS.toObject(STATUS.decode(new Uint8Array(await res.arrayBuffer()))) as { code: number; message: string };
    expect(status.code).toBe(3);
    expect(status.message).toMatch(path === '/v1/traces' ? /^ERR_TRACES_INVALID: the body is not an OTLP\/protobuf/ : /^ERR_METRICS_INVALID: /);
  });

  it('an encoding the registry does not read is a 415 Status, and a JSON export gets its JSON mapping', async () => {
    const res = await post('/v1/traces', [1, 2, 3], { 'content-encoding': 'zstd' });
    expect(res.status).toBe(415);
    const status = STATUS.toObject(STATUS.decode(new Uint8Array(await res.arrayBuffer()))) as { message: string };
    expect(status.message).toMatch(/^ERR_REQUEST_ENCODING: Content-Encoding zstd is not read here/);
    const json = await fetch(`${both.url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"resourceSpans": {}}' });
    expect(json.status).toBe(400);
    expect(otlpErrorCode(await json.json())).toBe('ERR_TRACES_INVALID');
  });
});

describe('a protobuf export refused for load', () => {
  it('is answered 503 with Retry-After and a google.rpc.Status, before its body is read', async () => {
    // One thread and a queue of one: of thirty exports sent at once, most are refused at admission.
    const busy = await startRegistry(join(dir, 'busy.db'), { OVERSEER_WORK_THREADS: '1', OVERSEER_WORK_QUEUE: '1' });
    try {
      const spans = Array.from({ length: 500 }, (_, i) => ({ ...getUser, url: `https://users.internal/api/users/${i}` }));
      const body = Buffer.from(encodeOtlpProtobuf(traceExport(spans), 'ExportTraceServiceRequest'));
      const headers = { 'content-type': 'application/x-protobuf' };
      const answers = await Promise.all(Array.from({ length: 30 }, () => fetch(`${busy.url}/v1/traces`, { method: 'POST', headers, body })));
      const refused = answers.find((a) => a.status === 503);
      expect(refused, answers.map((a) => a.status).join(' ')).toBeDefined();
      expect([refused!.headers.get('content-type'), refused!.headers.get('retry-after')]).toEqual(['application/x-protobuf', '2']);
      const status = STATUS.toObject(STATUS.decode(new Uint8Array(await refused!.arrayBuffer()))) as { code: number; message: string };
      expect([status.code, status.message]).toEqual([14, 'ERR_BUSY: the registry is busy reading other telemetry exports: retry in 2 s']);
    } finally {
      await busy.stop();
    }
  });
});
