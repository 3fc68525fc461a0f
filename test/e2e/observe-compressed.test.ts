// OTLP exports as the Collector's otlphttp exporter sends them by default (gzip), to a real `overseer serve`:
// a compressed export must count, or every observed call is lost and the gate reads "nobody calls it"; and spans
// that cannot be used are visible to the registry's operator, in its log.

import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeOtlpProtobuf } from '../../overseer/observe/otlp-proto.js';
import { otlpErrorCode, traceExport } from '../helpers/otlp.js';
import { assertBuilt, REPO_ROOT, type RunningRegistry, startRegistry } from './cli-process.js';
import { runCliHere } from './in-process.js';

let dir: string;
let registry: RunningRegistry;
let logged = '';
// The CLI in the test's process: what is under test is the registry's HTTP, not the CLI's process.
const cli = (...args: string[]) => runCliHere(args, { env: { OVERSEER_URL: registry.url, OVERSEER_RETRY_MS: '500' }, cwd: dir });

const call = { consumer: 'web-app', environment: 'production', provider: 'users-service', method: 'GET', url: 'https://users.internal/api/users/42' };

function post(body: Uint8Array | string, headers: Record<string, string>) {
  return fetch(`${registry.url}/v1/traces`, { method: 'POST', headers, body: typeof body === 'string' ? body : Buffer.from(body) });
}

async function observedCalls(): Promise<number> {
  const usage = await cli('usage', '--service', 'users-service', '--as-provider', '--environment', 'production', '--format', 'json');
  expect(usage.code, usage.stderr).toBe(0);
  const uses = JSON.parse(usage.stdout).uses as { consumer: string; observed: { count: number } | null }[];
  return uses.find((u) => u.consumer === 'web-app')?.observed?.count ?? 0;
}

beforeAll(async () => {
  assertBuilt();
  dir = await mkdtemp(join(tmpdir(), 'overseer-observe-gzip-'));
  await copyFile(join(REPO_ROOT, 'test/fixtures/observe/users.v1.yaml'), join(dir, 'users.v1.yaml'));
  await writeFile(join(dir, 'users.yaml'), 'service: users-service\nowners: ["@acme/users"]\nprovides: ./users.v1.yaml\n');
  await writeFile(join(dir, 'web.yaml'), 'service: web-app\nowners: ["@acme/web"]\n');
  registry = await startRegistry(join(dir, 'registry.db'), { OVERSEER_MAX_TELEMETRY_BYTES: '65536', OVERSEER_LOG_LEVEL: 'info' });
  registry.child.stdout?.on('data', (chunk: Buffer) => (logged += chunk.toString()));
  expect(await cli('environment', 'create', 'production')).toMatchObject({ code: 0 });
  for (const [manifest, service] of [
    ['users.yaml', 'users-service'],
    ['web.yaml', 'web-app'],
  ]) {
    expect(await cli('publish', '--manifest', manifest, '--version', '1.0.0')).toMatchObject({ code: 0 });
    expect(await cli('record-deployment', '--service', service, '--version', '1.0.0', '--env', 'production')).toMatchObject({ code: 0 });
  }
});

afterAll(async () => {
  if (registry?.child.exitCode === null) await registry.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('POST /v1/traces with Content-Encoding', () => {
  it('counts the calls of gzip and deflate exports, OTLP/JSON and OTLP/protobuf', async () => {
    const json = JSON.stringify(traceExport([call]));
    const protobuf = encodeOtlpProtobuf(traceExport([call, call]), 'ExportTraceServiceRequest');
    for (const [body, headers] of [
      [gzipSync(json), { 'content-type': 'application/json', 'content-encoding': 'gzip' }],
      [deflateSync(json), { 'content-type': 'application/json', 'content-encoding': 'deflate' }],
      [gzipSync(protobuf), { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' }],
    ] as const) {
      const res = await post(body, headers);
      expect(res.status, await res.clone().text()).toBe(200);
      // Answered in the request's encoding: an empty partial success, as JSON or as protobuf.
      if (headers['content-type'] === 'application/json') expect(await res.json()).toEqual({ partialSuccess: {} });
      else expect([res.headers.get('content-type'), [...new Uint8Array(await res.arrayBuffer())]]).toEqual(['application/x-protobuf', [0x0a, 0]]);
    }
    expect(await observedCalls()).toBe(4);
  });

  it('refuses what it cannot decode, saying why, and counts nothing of it', async () => {
    const json = JSON.stringify(traceExport([call]));
    const zstd = await post(json, { 'content-type': 'application/json', 'content-encoding': 'zstd' });
    expect(zstd.status).toBe(415);
    const refused = await zstd.json();
    expect([otlpErrorCode(refused), refused.message]).toEqual(['ERR_REQUEST_ENCODING', expect.stringContaining('send gzip, deflate or none')]);
    const notGzip = await post(json, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(notGzip.status).toBe(400);
    expect((await notGzip.json()).message).toContain('Content-Encoding gzip, but the body does not decode');
    expect(await observedCalls()).toBe(4);
  });

  it('holds the decompressed body to the telemetry limit: a small bomb is a 413', async () => {
    const bomb = gzipSync(Buffer.alloc(10 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(65536);
    const res = await post(bomb, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(res.status).toBe(413);
    expect(otlpErrorCode(await res.json())).toBe('ERR_BODY_TOO_LARGE');
    expect((await fetch(`${registry.url}/healthz`)).status).toBe(200);
  });
});

describe('spans an export could not use', () => {
  it("are named on the export's request log line, by reason", async () => {
    const stray = { ...call, provider: 'nobody-service' };
    const res = await post(JSON.stringify(traceExport([call, stray, stray])), { 'content-type': 'application/json' });
    const named = `; no known service is named by: peer.service nobody-service (host users.internal) 2: set peer.service to the name the provider is published under, or list the host under hosts: in its overseer.yaml`;
    expect(await res.json()).toEqual({ partialSuccess: { rejectedSpans: 2, errorMessage: `spans not used: unknown-provider 2${named}` } });
    await expect.poll(() => logged.split('\n').some((l) => l.includes('"notUsed":{"unknown-provider":2}')), { timeout: 10_000 }).toBe(true);
    const line = JSON.parse(logged.split('\n').find((l) => l.includes('"notUsed"'))!);
    expect(line).toMatchObject({
      path: '/v1/traces',
      status: 200,
      msg: expect.stringMatching(
        /^POST \/v1\/traces 200 [\d.]+ms: spans not used: unknown-provider 2; no known service is named by: peer\.service nobody-service /,
      ),
    });
  });
});
