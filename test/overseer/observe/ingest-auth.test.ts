// Who may post telemetry with auth on: the admin and ingest tokens; service tokens and strangers may not.

import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UsageListing } from '../../../contracts/model.js';
import { decodeOtlpProtobuf } from '../../../overseer/observe/otlp-proto.js';
import { callsMetricExport, otlpErrorCode, traceExport } from '../../helpers/otlp.js';
import { ADMIN_TOKEN, type Harness, startHarness } from '../routes/harness.js';

const USERS_V1 = readFileSync(new URL('../../fixtures/observe/users.v1.yaml', import.meta.url), 'utf8');
const CALL = { consumer: 'web-app', environment: 'production', provider: 'users-service', method: 'GET', url: '/api/users/7' };

let h: Harness;
let ingestToken: string;
let serviceToken: string;

async function issue(body: object): Promise<string> {
  const res = await h.send('POST', '/v1/tokens', body, ADMIN_TOKEN);
  expect(res.statusCode, res.body).toBe(201);
  return res.json().token;
}

beforeEach(async () => {
  h = await startHarness({ adminToken: ADMIN_TOKEN, env: { OVERSEER_MAX_TELEMETRY_BYTES: '4096' } });
  for (const [method, url, body] of [
    ['PUT', '/v1/services/users-service', { owners: ['@acme/users'] }],
    ['POST', '/v1/services/users-service/versions', { version: '1.0.0', contract: USERS_V1 }],
    ['POST', '/v1/environments', { name: 'production' }],
    ['POST', '/v1/deployments', { service: 'users-service', version: '1.0.0', environment: 'production' }],
  ] as const) {
    expect((await h.send(method, url, body, ADMIN_TOKEN)).statusCode).toBeLessThan(300);
  }
  ingestToken = await issue({ name: 'otel-collector', ingest: true });
  serviceToken = await issue({ name: 'users-ci', service: 'users-service' });
});
afterEach(() => h.close());

async function observedCount(): Promise<number | null> {
  // As the provider sees it: web-app publishes nothing here, and its calls still show.
  const listing = (await h.send('GET', '/v1/services/users-service/usage?environment=production&asProvider=true')).json() as UsageListing;
  return listing.uses.find((u) => u.consumer === 'web-app' && u.operation === 'GET /users/{userId}')?.observed?.count ?? null;
}

describe('ingest tokens', () => {
  it('are issued for no service, marked as ingest, and refused with a service beside', async () => {
    const res = await h.send('POST', '/v1/tokens', { name: 'otel-2', ingest: true }, ADMIN_TOKEN);
    expect(res.json()).toEqual({ name: 'otel-2', service: null, scope: 'ingest', token: expect.stringMatching(/^ovs_/), createdAt: expect.any(String) });
    const both = await h.send('POST', '/v1/tokens', { name: 'otel-3', ingest: true, service: 'users-service' }, ADMIN_TOKEN);
    expect([both.statusCode, both.json().code]).toEqual([400, 'ERR_TOKEN_INVALID']);
    const neither = await h.send('POST', '/v1/tokens', { name: 'otel-4' }, ADMIN_TOKEN);
    expect([neither.statusCode, neither.json().code]).toEqual([400, 'ERR_TOKEN_INVALID']);
    expect((await h.send('POST', '/v1/tokens', { name: 'otel-5', ingest: true }, ingestToken)).statusCode).toBe(403);
  });

  it('post traces and metrics, and the calls count', async () => {
    const traces = await h.send('POST', '/v1/traces', traceExport([CALL]), ingestToken);
    expect([traces.statusCode, traces.json()]).toEqual([200, { partialSuccess: {} }]);
    const point = { ...CALL, route: '/users/{id}', count: 4 };
    const metrics = await h.send('POST', '/v1/metrics', callsMetricExport([point]), ingestToken);
    expect([metrics.statusCode, metrics.json()]).toEqual([200, { partialSuccess: {} }]);
    expect(await observedCount()).toBe(5);
  });

  it('may do nothing else: publishing, deploying, describing services and admin routes are 403', async () => {
    const attempts = [
      h.send('POST', '/v1/services/users-service/versions', { version: '2.0.0', contract: USERS_V1 }, ingestToken),
      h.send('PUT', '/v1/services/users-service', { owners: ['@x'] }, ingestToken),
      h.send('POST', '/v1/deployments', { service: 'users-service', version: '1.0.0', environment: 'production' }, ingestToken),
      h.send('POST', '/v1/environments', { name: 'staging' }, ingestToken),
      h.send('DELETE', '/v1/tokens/users-ci', undefined, ingestToken),
    ];
    for (const res of await Promise.all(attempts)) {
      expect([res.statusCode, res.json().code]).toEqual([403, 'ERR_TOKEN_FORBIDDEN']);
      expect(res.json().message).toContain('token "otel-collector" is an ingest token (it may only post telemetry)');
    }
    expect((await h.store.listVersions('users-service')).map((v) => v.version)).toEqual(['1.0.0']);
    // Reads stay open to it, as to anyone.
    expect((await h.send('GET', '/v1/services/users-service', undefined, ingestToken)).statusCode).toBe(200);
  });
});

describe('posting telemetry with auth on', () => {
  it('is refused to a service token: an export speaks for many services', async () => {
    for (const url of ['/v1/traces', '/v1/metrics']) {
      const res = await h.send(
        'POST',
        url,
        url === '/v1/traces' ? traceExport([CALL]) : callsMetricExport([{ ...CALL, route: '/users/{id}', count: 1 }]),
        serviceToken,
      );
      expect([res.statusCode, otlpErrorCode(res.json())]).toEqual([403, 'ERR_TOKEN_FORBIDDEN']);
      expect(res.json().message).toContain('telemetry needs an ingest token (overseer token create --ingest) or the admin token');
    }
    expect(await observedCount()).toBeNull();
  });

  it('is still open to the admin token', async () => {
    expect((await h.send('POST', '/v1/traces', traceExport([CALL]), ADMIN_TOKEN)).statusCode).toBe(200);
    expect(await observedCount()).toBe(1);
  });

  it('answers 401 without a token before reading the body: no 413 for a large one, no 400 for a broken one', async () => {
    const large = traceExport(Array.from({ length: 40 }, () => CALL));
    const withAdmin = await h.send('POST', '/v1/traces', large, ADMIN_TOKEN);
    expect(withAdmin.statusCode).toBe(413);
    for (const payload of [JSON.stringify(large), '{"resourceSpans": [']) {
      const res = await h.app.inject({ method: 'POST', url: '/v1/traces', headers: { 'content-type': 'application/json' }, payload });
      expect([res.statusCode, otlpErrorCode(res.json())]).toEqual([401, 'ERR_TOKEN_MISSING']);
    }
    const protobuf = await h.app.inject({
      method: 'POST',
      url: '/v1/metrics',
      headers: { 'content-type': 'application/x-protobuf' },
      payload: Buffer.alloc(8192),
    });
    // A protobuf export is refused in protobuf: a google.rpc.Status (code 16, UNAUTHENTICATED), as OTLP/HTTP says.
    const status = decodeOtlpProtobuf(protobuf.rawPayload, 'Status') as { code: number; message: string };
    expect([protobuf.statusCode, protobuf.headers['content-type'], status.code]).toEqual([401, 'application/x-protobuf', 16]);
    expect(status.message).toMatch(/^ERR_TOKEN_MISSING: /);
    const wrong = await h.send('POST', '/v1/traces', traceExport([CALL]), 'ovs_not-a-token');
    expect([wrong.statusCode, otlpErrorCode(wrong.json())]).toEqual([401, 'ERR_TOKEN_REJECTED']);
  });
});
