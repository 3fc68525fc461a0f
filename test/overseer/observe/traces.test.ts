// The OTLP receivers, POST /v1/traces and /v1/metrics, in JSON and protobuf, as a Collector sends them.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { UsageListing, Verdict } from '../../../contracts/model.js';
import { decodeOtlpProtobuf, encodeOtlpProtobuf } from '../../../overseer/observe/otlp-proto.js';
import { callsMetricExport, otlpErrorCode, traceExport } from '../../helpers/otlp.js';
import { ADMIN_TOKEN, type Harness, postAll, startHarness } from '../routes/harness.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/observe/${name}`, import.meta.url), 'utf8');
const WEB_APP_MANIFEST = 'service: web-app\nowners: ["@acme/web"]\nconsumes:\n  users-service:\n    - GET /users\n';

let h: Harness;
afterEach(() => h?.close());

async function seed(env: Record<string, string> = {}, adminToken?: string): Promise<void> {
  h = await startHarness({ env, ...(adminToken && { adminToken }) });
  const token = adminToken;
  const ok = async (method: 'PUT' | 'POST', url: string, body: unknown) => {
    const res = await h.send(method, url, body, token);
    expect(res.statusCode, res.body).toBeLessThan(300);
  };
  await ok('PUT', '/v1/services/users-service', { owners: ['@acme/users'] });
  await ok('PUT', '/v1/services/web-app', { owners: ['@acme/web'] });
  await ok('POST', '/v1/services/users-service/versions', { version: '1.0.0', contract: fixture('users.v1.yaml') });
  await ok('POST', '/v1/services/users-service/versions', { version: '2.0.0', contract: fixture('users.v2-no-get-user.yaml') });
  await ok('POST', '/v1/services/web-app/versions', { version: '1.0.0', manifest: WEB_APP_MANIFEST });
  await ok('POST', '/v1/environments', { name: 'production' });
  for (const service of ['users-service', 'web-app']) await ok('POST', '/v1/deployments', { service, version: '1.0.0', environment: 'production' });
}

/** What web-app was seen calling, through the usage listing (which writes pending counts first). */
async function observedOf(consumer = 'web-app'): Promise<[string, boolean, number | null][]> {
  const res = await h.send('GET', `/v1/services/${consumer}/usage?environment=production`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as UsageListing).uses.map((u) => [u.operation, u.declared, u.observed?.count ?? null]);
}

async function canIDeploy(): Promise<Verdict> {
  const res = await h.send('GET', '/v1/can-i-deploy?service=users-service&version=2.0.0&environment=production');
  return res.json();
}

/** A protobuf length as the wire writes it: seven bits a byte, low first, the high bit set on all but the last. */
function varint(n: number): number[] {
  const bytes: number[] = [];
  for (; n >= 0x80; n >>>= 7) bytes.push((n & 0x7f) | 0x80);
  return [...bytes, n];
}

const getUser = (over: Partial<Parameters<typeof traceExport>[0][number]> = {}) => ({
  consumer: 'web-app',
  environment: 'production',
  provider: 'users-service',
  method: 'GET',
  url: 'https://users.internal/api/users/7?expand=1',
  ...over,
});

describe('POST /v1/traces', () => {
  it('uses spans for an environment created and deployed to a moment before, though an export had just read the registry', async () => {
    await seed();
    // This export reads what spans are matched against (services, environments, deployments), which is kept for 5 s.
    expect((await h.send('POST', '/v1/traces', traceExport([getUser()]))).json()).toEqual({ partialSuccess: {} });
    await postAll(h, [
      ['/v1/environments', { name: 'qa' }],
      ['/v1/deployments', { service: 'users-service', version: '1.0.0', environment: 'qa' }],
      ['/v1/deployments', { service: 'web-app', version: '1.0.0', environment: 'qa' }],
    ]);
    const res = await h.send('POST', '/v1/traces', traceExport([getUser({ environment: 'qa' })]));
    expect(res.json()).toEqual({ partialSuccess: {} });
  });

  it('counts a span timed in the future as seen now, so that the use can still age out', async () => {
    await seed();
    const before = Date.now();
    const res = await h.send('POST', '/v1/traces', traceExport([getUser({ at: Date.UTC(2100, 0, 1) })]));
    expect(res.json()).toEqual({ partialSuccess: {} });
    const listing = (await h.send('GET', '/v1/services/web-app/usage?environment=production')).json() as UsageListing;
    const lastSeen = listing.uses.find((u) => u.operation === 'GET /users/{userId}')?.observed?.lastSeen;
    expect(Date.parse(lastSeen ?? '')).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(lastSeen ?? '')).toBeLessThanOrEqual(Date.now());
  });

  it('turns CLIENT spans into observed calls that block removing an undeclared operation', async () => {
    await seed();
    expect((await canIDeploy()).deployable).toBe(true);
    const res = await h.send('POST', '/v1/traces', traceExport([getUser(), getUser({ url: '/api/users/8' })]));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ partialSuccess: {} });
    const verdict = await canIDeploy();
    expect(verdict.deployable).toBe(false);
    const reasons = verdict.reasons.filter((r) => r.consumer === 'web-app');
    expect(reasons.length).toBeGreaterThan(0);
    for (const reason of reasons) {
      expect(reason).toMatchObject({ basis: 'observed', lastSeen: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
      expect(reason.message).toContain('observed');
      expect(reason.message).toContain('GET /users/{userId}');
    }
    expect(await observedOf()).toEqual([
      ['GET /users', true, null],
      ['GET /users/{userId}', false, 2],
    ]);
  });

  it('prefers a literal path over a template, and matches routes whatever their parameters are called', async () => {
    await seed();
    await h.send('POST', '/v1/traces', traceExport([getUser({ url: 'http://users/api/users/me' }), getUser({ url: undefined, route: '/api/users/:id' })]));
    expect(await observedOf()).toEqual([
      ['GET /users', true, null],
      ['GET /users/me', false, 1],
      ['GET /users/{userId}', false, 1],
    ]);
  });

  it('counts spans that match nothing by reason, in the partial success, and stores nothing of them', async () => {
    await seed();
    // An environment users-service is not deployed in, beside production.
    expect((await h.send('POST', '/v1/environments', { name: 'staging' })).statusCode).toBe(201);
    const res = await h.send(
      'POST',
      '/v1/traces',
      traceExport([
        getUser({ provider: 'billing-service' }),
        getUser({ url: '/api/orders/1' }),
        getUser({ method: 'DELETE' }),
        getUser({ environment: undefined }),
        getUser({ environment: 'staging' }),
        getUser({ environment: 'prod' }),
        getUser({ kind: 2, spanId: 'aaaaaaaaaaaaaaaa' }),
      ]),
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().partialSuccess).toEqual({
      rejectedSpans: 6,
      errorMessage:
        'spans not used: no-environment 1, unknown-environment 1, unknown-provider 1, provider-not-deployed 1, no-matching-operation 2; ' +
        "unknown environment 'prod' (known: production, staging): did you mean production?; no known service is named by: peer.service billing-service " +
        '(host users.internal) 1: set peer.service to the name the provider is published under, or list ' +
        'the host under hosts: in its overseer.yaml; no operation of the deployed contract fits ' +
        'GET /api/orders/1 to users-service in production, DELETE /api/users/7 to users-service in production',
    });
    expect(await observedOf()).toEqual([['GET /users', true, null]]);
    expect((await canIDeploy()).deployable).toBe(true);
  });

  it("names five of the unknown environments an export's spans give, and counts the rest, rather than a sentence each", async () => {
    await seed();
    const environments = Array.from({ length: 12 }, (_, i) => `env-${String(i).padStart(2, '0')}-${'e'.repeat(100)}`);
    const res = await h.send('POST', '/v1/traces', traceExport(environments.map((environment) => getUser({ environment }))));
    expect(res.statusCode).toBe(200);
    const { rejectedSpans, errorMessage } = res.json().partialSuccess;
    expect(rejectedSpans).toBe(12);
    expect(errorMessage).toMatch(/^spans not used: unknown-environment 12; unknown environment 'env-00-e+' \(known: production\); create it with/);
    expect(errorMessage.match(/unknown environment 'env-/g)).toHaveLength(5);
    expect(errorMessage).toContain("unknown environment 'env-04-");
    expect(errorMessage).not.toContain("'env-05-");
    expect(errorMessage).toMatch(/; and 7 more unknown environments$/);
  });

  it('refuses exports that are not OTLP, too large, or broken protobuf, with a code', async () => {
    await seed({ OVERSEER_MAX_TELEMETRY_BYTES: '4096' });
    const notOtlp = await h.send('POST', '/v1/traces', { resourceSpans: { spans: [] } });
    expect([notOtlp.statusCode, otlpErrorCode(notOtlp.json())]).toEqual([400, 'ERR_TRACES_INVALID']);
    const broken = await h.app.inject({ method: 'POST', url: '/v1/traces', headers: { 'content-type': 'application/json' }, payload: '{"resourceSpans": [' });
    expect([broken.statusCode, otlpErrorCode(broken.json())]).toEqual([400, 'ERR_REQUEST_INVALID']);
    const big = traceExport(Array.from({ length: 40 }, () => getUser()));
    const tooLarge = await h.send('POST', '/v1/traces', big);
    expect([tooLarge.statusCode, otlpErrorCode(tooLarge.json())]).toEqual([413, 'ERR_BODY_TOO_LARGE']);
    const protobuf = await h.app.inject({
      method: 'POST',
      url: '/v1/traces',
      headers: { 'content-type': 'application/x-protobuf' },
      payload: Buffer.from([10, 9, 1]),
    });
    const status = decodeOtlpProtobuf(protobuf.rawPayload, 'Status') as { code: number; message: string };
    expect([protobuf.statusCode, status.code, status.message.split(':')[0]]).toEqual([400, 3, 'ERR_TRACES_INVALID']);
    expect(await observedOf()).toEqual([['GET /users', true, null]]);
  });

  it('answers a failed OTLP/JSON export with the JSON mapping of google.rpc.Status, our code leading its message', async () => {
    await seed({ OVERSEER_MAX_TELEMETRY_BYTES: '4096' });
    const notOtlp = await h.send('POST', '/v1/metrics', { resourceMetrics: 'none' });
    expect([notOtlp.statusCode, notOtlp.headers['content-type']]).toEqual([400, expect.stringMatching(/^application\/json/)]);
    expect(notOtlp.json()).toEqual({
      code: 3,
      message: expect.stringMatching(/^ERR_METRICS_INVALID: ./),
      details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'ERR_METRICS_INVALID', domain: 'overseer' }],
    });
    // Too large: the Collector's operator is told the bound and both ways out, whatever the encoding.
    const big = traceExport(Array.from({ length: 40 }, () => getUser()));
    const tooLarge = await h.send('POST', '/v1/traces', big);
    expect([tooLarge.statusCode, tooLarge.json().code]).toEqual([413, 8]);
    const advice =
      'ERR_BODY_TOO_LARGE: the export is larger than the 4096 bytes the registry reads at once (decompressed, OVERSEER_MAX_TELEMETRY_BYTES): ' +
      "send smaller batches (the Collector's batch processor, send_batch_max_size) or raise OVERSEER_MAX_TELEMETRY_BYTES on the registry";
    expect(tooLarge.json().message).toBe(advice);
    const protobuf = await h.app.inject({
      method: 'POST',
      url: '/v1/traces',
      headers: { 'content-type': 'application/x-protobuf' },
      payload: Buffer.from(encodeOtlpProtobuf(big, 'ExportTraceServiceRequest')),
    });
    expect([protobuf.statusCode, (decodeOtlpProtobuf(protobuf.rawPayload, 'Status') as { message: string }).message]).toEqual([413, advice]);
    // A body that is no OTLP export at all keeps the registry's own {code, message}.
    const text = await h.app.inject({ method: 'POST', url: '/v1/traces', headers: { 'content-type': 'application/xml' }, payload: '<spans/>' });
    expect([text.statusCode, text.json().code]).toEqual([415, 'ERR_REQUEST_MEDIA_TYPE']);
    // A success is no Status: an empty partial success, as before.
    expect((await h.send('POST', '/v1/traces', traceExport([getUser()]))).json()).toEqual({ partialSuccess: {} });
  });

  it('forgets calls older than the window: they do not count at the gate', async () => {
    await seed({ OVERSEER_USAGE_WINDOW_DAYS: '7' });
    const res = await h.send('POST', '/v1/traces', traceExport([getUser({ at: Date.now() - 8 * 24 * 3600 * 1000 })]));
    expect(res.statusCode).toBe(200);
    expect((await canIDeploy()).deployable).toBe(true);
    await h.send('POST', '/v1/traces', traceExport([getUser({ at: Date.now() - 6 * 24 * 3600 * 1000 })]));
    expect((await canIDeploy()).deployable).toBe(false);
  });

  it('counts nothing observed under OVERSEER_USAGE=declared', async () => {
    await seed({ OVERSEER_USAGE: 'declared' });
    await h.send('POST', '/v1/traces', traceExport([getUser()]));
    expect((await canIDeploy()).deployable).toBe(true);
    // The calls are still shown: the policy is the gate's.
    expect(await observedOf()).toEqual([
      ['GET /users', true, null],
      ['GET /users/{userId}', false, 1],
    ]);
  });

  it('lists, as a provider, who was seen calling which operation beside what they declare', async () => {
    await seed();
    await h.send('POST', '/v1/traces', traceExport([getUser(), getUser({ consumer: 'admin-app' })]));
    const res = await h.send('GET', '/v1/services/users-service/usage?environment=production&asProvider=true');
    expect(res.json()).toEqual({
      provider: 'users-service',
      environment: 'production',
      uses: [
        { consumer: 'admin-app', operation: 'GET /users/{userId}', declared: false, observed: { count: 1, lastSeen: expect.any(String) } },
        { consumer: 'web-app', operation: 'GET /users', declared: true, observed: null },
        { consumer: 'web-app', operation: 'GET /users/{userId}', declared: false, observed: { count: 1, lastSeen: expect.any(String) } },
      ],
      policy: 'both',
    });
  });

  it('tells `check` of a consumer about calls it was seen making and does not declare', async () => {
    await seed();
    await h.send('POST', '/v1/traces', traceExport([getUser(), getUser({ url: '/api/users' })]));
    const res = await h.send('POST', '/v1/check', { service: 'web-app', manifest: WEB_APP_MANIFEST, environment: 'production' });
    expect(res.statusCode, res.body).toBe(200);
    // Among the verdict's notices, as can-i-deploy gives them; `warnings` keep to the candidate's contract.
    const { notices, warnings } = res.json() as { notices: { code: string; message: string }[]; warnings: unknown[] };
    expect(warnings).toEqual([]);
    expect(notices).toEqual([
      expect.objectContaining({
        code: 'undeclared-call',
        consumer: 'web-app',
        message: expect.stringContaining('users-service GET /users/{userId} in production'),
      }),
    ]);
  });

  it('needs a token when auth is on', async () => {
    await seed({}, ADMIN_TOKEN);
    const anonymous = await h.send('POST', '/v1/traces', traceExport([getUser()]));
    expect([anonymous.statusCode, otlpErrorCode(anonymous.json())]).toEqual([401, 'ERR_TOKEN_MISSING']);
    expect((await h.send('POST', '/v1/traces', traceExport([getUser()]), ADMIN_TOKEN)).statusCode).toBe(200);
  });
});

describe('OTLP/protobuf, the Collector default', () => {
  const post = (url: string, payload: Uint8Array) =>
    h.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-protobuf' }, payload: Buffer.from(payload) });

  it('decodes trace exports like their JSON twins', async () => {
    await seed();
    const res = await post('/v1/traces', encodeOtlpProtobuf(traceExport([getUser(), getUser({ provider: 'nobody' })]), 'ExportTraceServiceRequest'));
    expect(res.statusCode, res.body).toBe(200);
    // Answered in the request's encoding, as OTLP requires: ExportTraceServiceResponse { partial_success (1) {
    // rejected_spans (1, varint), error_message (2, string) } }, written out byte by byte.
    expect(res.headers['content-type']).toBe('application/x-protobuf');
    const message = Buffer.from(
      'spans not used: unknown-provider 1; no known service is named by: peer.service nobody (host users.internal) 1: ' +
        'set peer.service to the name the provider is published under, or list the host under hosts: in its overseer.yaml',
    );
    const partial = Buffer.concat([Buffer.from([0x08, 1, 0x12, ...varint(message.length)]), message]);
    expect(res.rawPayload).toEqual(Buffer.concat([Buffer.from([0x0a, ...varint(partial.length)]), partial]));
    expect(await observedOf()).toEqual([
      ['GET /users', true, null],
      ['GET /users/{userId}', false, 1],
    ]);
    expect((await canIDeploy()).reasons.some((r) => r.basis === 'observed')).toBe(true);
  });

  it('decodes spanmetrics exports', async () => {
    await seed();
    const body = callsMetricExport([
      { consumer: 'web-app', environment: 'production', provider: 'users-service', method: 'GET', route: '/users/{id}', count: 5 },
    ]);
    const res = await post('/v1/metrics', encodeOtlpProtobuf(body, 'ExportMetricsServiceRequest'));
    // All used: an ExportMetricsServiceResponse whose partial_success is empty.
    expect([res.statusCode, res.headers['content-type'], [...res.rawPayload]]).toEqual([200, 'application/x-protobuf', [0x0a, 0]]);
    expect(await observedOf()).toEqual([
      ['GET /users', true, null],
      ['GET /users/{userId}', false, 5],
    ]);
  });
});

describe('POST /v1/metrics', () => {
  it("counts the spanmetrics connector's delta calls counter as observed calls", async () => {
    await seed();
    const body = callsMetricExport([
      { consumer: 'web-app', environment: 'production', provider: 'users-service', method: 'GET', route: '/api/users/{id}', count: 42 },
    ]);
    const res = await h.send('POST', '/v1/metrics', body);
    expect([res.statusCode, res.json()]).toEqual([200, { partialSuccess: {} }]);
    expect(await observedOf()).toEqual([
      ['GET /users', true, null],
      ['GET /users/{userId}', false, 42],
    ]);
    expect((await canIDeploy()).deployable).toBe(false);
  });
});
