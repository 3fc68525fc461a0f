// The OTLP receivers' failures as /openapi.json documents them, checked against real answers over HTTP.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseContract } from '../../../contracts/load/load.js';
import { parseConfig } from '../../../overseer/config.js';
import { decodeOtlpProtobuf } from '../../../overseer/observe/otlp-proto.js';
import { type RunningServer, startServer } from '../../../overseer/server.js';
import { traceExport } from '../../helpers/otlp.js';

const CALL = { consumer: 'web-app', environment: 'production', provider: 'users-service', method: 'GET', url: '/api/users/7' };

let dir: string;
let server: RunningServer;
let doc: { paths: Record<string, { post: { responses: Record<string, { content: Record<string, { schema: object }> }> } }> };
// The whole document is one schema to ajv, so that a response's $ref to #/components/schemas/... resolves as a client's would.
const ajv = new Ajv2020({ strict: false, allErrors: true });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'overseer-otlp-errors-'));
  const config = parseConfig({ port: '0', db: join(dir, 'registry.db') }, { OVERSEER_MAX_TELEMETRY_BYTES: '4096' });
  server = await startServer({ ...config, logLevel: 'silent' }, { handleSignals: false });
  const text = await (await fetch(`${server.url}/openapi.json`)).text();
  // The document still reads as OpenAPI 3.1 with the new schemas in it.
  expect((await parseContract(text, 'openapi.json')).warnings).toEqual([]);
  doc = JSON.parse(text);
  ajv.addSchema(doc, 'openapi.json');
});
afterAll(async () => {
  await server.close();
  await server.closed;
  await rm(dir, { recursive: true, force: true });
});

/** Whether `body` is what /openapi.json says `path` answers with `status` (the whole schema, or one `anyOf` branch of it). */
function documented(path: string, status: number, body: unknown, branch?: number): boolean {
  const pointer = `openapi.json#/paths/${path.replaceAll('/', '~1')}/post/responses/${status}/content/application~1json/schema`;
  const validate = ajv.getSchema(branch === undefined ? pointer : `${pointer}/anyOf/${branch}`);
  if (!validate) throw new Error(`/openapi.json documents no ${status} for ${path}`);
  return validate(body) as boolean;
}

async function post(path: string, body: string | Uint8Array<ArrayBuffer>, headers: Record<string, string>) {
  const res = await fetch(`${server.url}${path}`, { method: 'POST', body, headers });
  return { status: res.status, type: res.headers.get('content-type') ?? '', bytes: new Uint8Array(await res.arrayBuffer()) };
}

async function postJson(path: string, body: string, headers: Record<string, string> = {}) {
  const res = await post(path, body, { 'content-type': 'application/json', ...headers });
  return { status: res.status, type: res.type, body: JSON.parse(Buffer.from(res.bytes).toString('utf8')) };
}

describe('an OTLP/JSON export refused', () => {
  const cases = [
    ['/v1/traces', 400, 'ERR_REQUEST_INVALID', () => postJson('/v1/traces', '{"resourceSpans": [')],
    ['/v1/traces', 400, 'ERR_TRACES_INVALID', () => postJson('/v1/traces', '{"resourceSpans": 5}')],
    ['/v1/metrics', 400, 'ERR_METRICS_INVALID', () => postJson('/v1/metrics', '{"resourceMetrics": "x"}')],
    ['/v1/traces', 413, 'ERR_BODY_TOO_LARGE', () => postJson('/v1/traces', JSON.stringify(traceExport(Array(100).fill(CALL))))],
    ['/v1/metrics', 415, 'ERR_REQUEST_ENCODING', () => postJson('/v1/metrics', '{}', { 'content-encoding': 'br' })],
  ] as const;

  it.each(cases)('at %s with %i (%s) is the google.rpc.Status /openapi.json describes', async (path, status, code, send) => {
    const res = await send();
    expect([res.status, res.type]).toEqual([status, 'application/json; charset=utf-8']);
    expect(res.body).toEqual({
      code: expect.any(Number),
      message: expect.stringMatching(new RegExp(`^${code}: `)),
      details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: code, domain: 'overseer' }],
    });
    // The Status branch itself matches, and the registry's usual error, which the routes named before, does not.
    expect(documented(path, status, res.body, 0)).toBe(true);
    expect(documented(path, status, res.body)).toBe(true);
    expect(ajv.getSchema('openapi.json#/components/schemas/ApiError')!(res.body)).toBe(false);
  });

  it('names the bound and the ways out in a 413, through the serializer', async () => {
    const res = await postJson('/v1/traces', JSON.stringify(traceExport(Array(100).fill(CALL))));
    expect(res.body.code).toBe(8);
    expect(res.body.message).toContain('larger than the 4096 bytes the registry reads at once');
  });
});

describe('a refused body that is no OTLP/JSON export', () => {
  it('is a protobuf Status for OTLP/protobuf', async () => {
    const res = await post('/v1/traces', Buffer.from([0xff, 0xff, 0xff]), { 'content-type': 'application/x-protobuf' });
    expect([res.status, res.type]).toEqual([400, 'application/x-protobuf']);
    expect(decodeOtlpProtobuf(res.bytes, 'Status')).toEqual({ code: 3, message: expect.stringMatching(/^ERR_TRACES_INVALID: /) });
  });

  it('is the documented {code, message} for another media type', async () => {
    const res = await post('/v1/traces', '<spans/>', { 'content-type': 'application/xml' });
    const body = JSON.parse(Buffer.from(res.bytes).toString('utf8'));
    expect([res.status, body.code]).toEqual([415, 'ERR_REQUEST_MEDIA_TYPE']);
    expect(documented('/v1/traces', 415, body, 0)).toBe(false);
    expect(documented('/v1/traces', 415, body)).toBe(true);
  });
});
