// OTLP exports sent the way a hand-written script or a misconfigured Collector sends them: a JSON export posted as
// text/plain or form data (curl's default), with no media type at all, gzip-compressed without saying so, or to the
// other signal's endpoint. Each is refused with words that name the fix, and nothing it holds is counted.

import { copyFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodeOtlpProtobuf } from '../../overseer/observe/otlp-proto.js';
import { callsMetricExport, otlpErrorCode, traceExport } from '../helpers/otlp.js';
import { REPO_ROOT } from './cli-process.js';
import { useRegistry } from './registry-session.js';

const session = useRegistry({
  name: 'observe-encoding',
  inDir: true,
  before: async ({ dir }) => {
    await copyFile(join(REPO_ROOT, 'test/fixtures/observe/users.v1.yaml'), join(dir, 'users.v1.yaml'));
    await writeFile(join(dir, 'users.yaml'), 'service: users-service\nowners: ["@acme/users"]\nprovides: ./users.v1.yaml\n');
    await writeFile(join(dir, 'web.yaml'), 'service: web-app\nowners: ["@acme/web"]\n');
  },
  setup: [
    ['environment', 'create', 'production'],
    ['publish', '--manifest', 'users.yaml', '--version', '1.0.0'],
    ['publish', '--manifest', 'web.yaml', '--version', '1.0.0'],
    ['record-deployment', '--service', 'users-service', '--version', '1.0.0', '--env', 'production'],
    ['record-deployment', '--service', 'web-app', '--version', '1.0.0', '--env', 'production'],
  ],
});

const EXPORT = JSON.stringify(
  traceExport([{ consumer: 'web-app', environment: 'production', provider: 'users-service', method: 'GET', url: 'https://users.internal/api/users/42' }]),
);

function post(body: string | Uint8Array, headers: Record<string, string>) {
  return fetch(`${session.registry.url}/v1/traces`, { method: 'POST', headers, body: typeof body === 'string' ? body : Buffer.from(body) });
}

async function observedCalls(): Promise<number> {
  const usage = await session.cli('usage', '--service', 'users-service', '--as-provider', '--environment', 'production', '--format', 'json');
  expect(usage.code, usage.stderr).toBe(0);
  const uses = JSON.parse(usage.stdout).uses as { consumer: string; observed: { count: number } | null }[];
  return uses.find((u) => u.consumer === 'web-app')?.observed?.count ?? 0;
}

const OTLP_TYPES = "an OTLP export is sent as application/x-protobuf (the Collector's otlphttp exporter's default) or application/json";

describe('an export of the wrong media type', () => {
  it('is a 415 naming both OTLP media types, for text/plain and form data alike, and counts nothing', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const answer = await post(EXPORT, { 'content-type': type });
      expect(answer.status, type).toBe(415);
      expect(await answer.json(), type).toEqual({ code: 'ERR_REQUEST_MEDIA_TYPE', message: `${OTLP_TYPES}, not ${type}` });
    }
    expect(await observedCalls()).toBe(0);
  });

  it('says so when no media type was given at all', async () => {
    const answer = await fetch(`${session.registry.url}/v1/traces`, { method: 'POST', body: new Blob([EXPORT]) });
    expect(answer.status).toBe(415);
    expect(await answer.json()).toEqual({ code: 'ERR_REQUEST_MEDIA_TYPE', message: `${OTLP_TYPES}, and this one names no Content-Type` });
  });
});

describe('a gzip-compressed export without Content-Encoding', () => {
  const HINT = 'it is gzip-compressed: send Content-Encoding: gzip with it';

  it('is a 400 that says the body is gzip and which header is missing, for JSON and protobuf', async () => {
    const json = await post(gzipSync(EXPORT), { 'content-type': 'application/json' });
    expect(json.status).toBe(400);
    const status = (await json.json()) as Parameters<typeof otlpErrorCode>[0] & { message: string };
    expect(otlpErrorCode(status)).toBe('ERR_REQUEST_INVALID');
    expect(status.message).toBe(`ERR_REQUEST_INVALID: the body is not valid UTF-8: ${HINT}`);
    const protobuf = await post(gzipSync(encodeOtlpProtobuf(JSON.parse(EXPORT), 'ExportTraceServiceRequest')), {
      'content-type': 'application/x-protobuf',
    });
    expect(protobuf.status).toBe(400);
    expect(Buffer.from(await protobuf.arrayBuffer()).toString('latin1')).toContain(HINT);
    expect(await observedCalls()).toBe(0);
  });

  it('is counted once the header says it', async () => {
    const answer = await post(gzipSync(EXPORT), { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ partialSuccess: {} });
    await expect.poll(observedCalls, { timeout: 20_000 }).toBe(1);
  });
});

describe("an export posted to the other signal's endpoint", () => {
  it('is a 400 naming the endpoint it belongs to, where it was answered as an empty export before', async () => {
    const metrics = callsMetricExport([
      { consumer: 'web-app', environment: 'production', provider: 'users-service', method: 'GET', route: '/api/users/{id}', count: 3 },
    ]);
    const toTraces = await post(JSON.stringify(metrics), { 'content-type': 'application/json' });
    expect(toTraces.status).toBe(400);
    const status = (await toTraces.json()) as Parameters<typeof otlpErrorCode>[0] & { message: string };
    expect(status.message).toBe('ERR_TRACES_INVALID: this is an OTLP metrics export (resourceMetrics), not traces: post it to /v1/metrics');
    const toMetrics = await fetch(`${session.registry.url}/v1/metrics`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: EXPORT });
    expect(toMetrics.status).toBe(400);
    expect(((await toMetrics.json()) as { message: string }).message).toBe(
      'ERR_METRICS_INVALID: this is an OTLP trace export (resourceSpans), not metrics: post it to /v1/traces',
    );
  });
});
