// The partial success of a metrics export speaks of data points, as its count (rejectedDataPoints) does: an operator
// reading "spans not used" in the Collector's log of a spanmetrics pipeline looked for spans it never sent.

import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { callsMetricExport, traceExport } from '../../helpers/otlp.js';
import { type Harness, startHarness } from '../routes/harness.js';

const contract = readFileSync(new URL('../../fixtures/observe/users.v1.yaml', import.meta.url), 'utf8');

let h: Harness;
afterEach(() => h?.close());

async function seed(env: Record<string, string> = {}): Promise<void> {
  h = await startHarness({ env });
  for (const [method, url, body] of [
    ['PUT', '/v1/services/users-service', { owners: ['@acme/users'] }],
    ['POST', '/v1/services/users-service/versions', { version: '1.0.0', contract }],
    ['POST', '/v1/environments', { name: 'production' }],
    ['POST', '/v1/deployments', { service: 'users-service', version: '1.0.0', environment: 'production' }],
  ] as const) {
    const res = await h.send(method, url, body);
    expect(res.statusCode, res.body).toBeLessThan(300);
  }
}

const ADVICE = ': set peer.service to the name the provider is published under, or list the host under hosts: in its overseer.yaml';
const call = { consumer: 'web-app', environment: 'production', provider: 'no-such-service', method: 'GET', route: '/users/{id}', count: 3 };

describe('the partial success of an export that names an unknown provider', () => {
  it('counts data points, in data points, for /v1/metrics', async () => {
    await seed();
    const res = await h.send('POST', '/v1/metrics', callsMetricExport([call]));
    expect(res.json()).toEqual({
      partialSuccess: {
        rejectedDataPoints: 1,
        errorMessage: `data points not used: unknown-provider 1; no known service is named by: peer.service no-such-service 1${ADVICE}`,
      },
    });
  });

  it('says which dimensions a data point without a path lacks, as the Collector logs it', async () => {
    await seed();
    // The connector's dimensions without url.template or http.route: most HTTP clients record the path in url.full alone.
    const pathless = JSON.parse(JSON.stringify(callsMetricExport([{ ...call, provider: 'users-service' }])), (key, value) =>
      key === 'attributes' ? value.filter((a: { key: string }) => a.key !== 'http.route') : value,
    );
    const res = await h.send('POST', '/v1/metrics', pathless);
    expect(res.json()).toEqual({
      partialSuccess: {
        rejectedDataPoints: 1,
        errorMessage:
          'data points not used: no-method-or-path 1; no-method-or-path: the data point has no http.request.method, or no url.template or ' +
          "http.route (or url.full) to take the path from: list them among the spanmetrics connector's dimensions, or send the spans to /v1/traces",
      },
    });
  });

  it('still counts spans, in spans, for /v1/traces', async () => {
    await seed();
    const res = await h.send(
      'POST',
      '/v1/traces',
      traceExport([{ consumer: 'web-app', environment: 'production', provider: 'no-such-service', method: 'GET', url: 'http://x/users/1' }]),
    );
    expect(res.json()).toEqual({
      partialSuccess: {
        rejectedSpans: 1,
        errorMessage: `spans not used: unknown-provider 1; no known service is named by: peer.service no-such-service (host x) 1${ADVICE}`,
      },
    });
  });
});

// OTLP's ExportMetricsPartialSuccess counts rejected data points: two points of one series of calls (the connector splits
// a series by every dimension, a status code or a route written two ways) are two, whatever calls each counts.
describe('the partial success of a metrics export past OVERSEER_MAX_OBSERVED_CONSUMERS', () => {
  it('counts the data points of the refused caller, and speaks of data points', async () => {
    await seed({ OVERSEER_MAX_OBSERVED_CONSUMERS: '1' });
    const point = { environment: 'production', provider: 'users-service', method: 'GET', route: '/users/{id}', count: 40 };
    expect((await h.send('POST', '/v1/metrics', callsMetricExport([{ ...point, consumer: 'web-app' }]))).json()).toEqual({ partialSuccess: {} });
    const res = await h.send(
      'POST',
      '/v1/metrics',
      callsMetricExport([
        { ...point, consumer: 'billing-worker' },
        { ...point, consumer: 'billing-worker', route: '/users/{userId}' },
      ]),
    );
    expect(res.json()).toEqual({
      partialSuccess: {
        rejectedDataPoints: 2,
        errorMessage: expect.stringMatching(/^data points not used: callers refused 1: users-service in production already had 1 observed callers/),
      },
    });
  });
});

// A span's service.name that names no published service is kept (it may be published later), but no gate counts its
// calls: the 200 with an empty partial success told the Collector's operator that all was well. OTLP lets a server warn
// with rejected 0 and a message.
describe('an export from a caller the registry does not know', () => {
  it('is accepted with a warning naming a caller a typo away from a service, and the service probably meant', async () => {
    await seed();
    expect((await h.send('PUT', '/v1/services/web-app', { owners: ['@acme/web'] })).statusCode).toBe(201);
    const spans = ['webapp', 'webapp', 'web-app'].map((consumer) => ({
      consumer,
      environment: 'production',
      provider: 'users-service',
      method: 'GET',
      url: 'http://x/users/1',
    }));
    const res = await h.send('POST', '/v1/traces', traceExport(spans));
    expect(res.json()).toEqual({
      partialSuccess: {
        errorMessage:
          'callers not registered, whose calls no gate counts: webapp 2: did you mean web-app?; set service.name to the name the service is published under',
      },
    });
    // A name near no published one is a service not published yet: no warning at every export.
    const metrics = await h.send(
      'POST',
      '/v1/metrics',
      callsMetricExport([
        { consumer: 'mobile-bff', environment: 'production', provider: 'users-service', method: 'GET', route: '/users/{id}', count: 9 },
        { consumer: 'wep-app', environment: 'production', provider: 'users-service', method: 'GET', route: '/users/{id}', count: 9 },
      ]),
    );
    expect(metrics.json()).toEqual({
      partialSuccess: {
        errorMessage:
          'callers not registered, whose calls no gate counts: wep-app 1: did you mean web-app?; set service.name to the name the service is published under',
      },
    });
  });
});

// "no-matching-operation 1" left the Collector's operator to guess which call: a full URL with an id, a route written in
// another framework's syntax, an operation the deployed contract lacks. The message names a few, as sent.
describe('an export with calls no operation of the deployed contract fits', () => {
  it('names the calls, up to three, with their provider', async () => {
    await seed();
    const spans = ['/users/1/avatar', '/users/2/avatar', '/teams/7', '/teams/8', '/teams/9'].map((path) => ({
      consumer: 'web-app',
      environment: 'production',
      provider: 'users-service',
      method: 'GET',
      url: `http://x${path}?size=2`,
    }));
    const res = await h.send('POST', '/v1/traces', traceExport(spans));
    expect(res.json()).toEqual({
      partialSuccess: {
        rejectedSpans: 5,
        errorMessage:
          'spans not used: no-matching-operation 5; no operation of the deployed contract fits GET /users/1/avatar to users-service in production, ' +
          'GET /users/2/avatar to users-service in production, GET /teams/7 to users-service in production and 2 more',
      },
    });
  });
});
