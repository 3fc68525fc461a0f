// A Collector pointed at the wrong path: `endpoint: https://overseer/v1/traces` (the otlphttp exporter appends /v1/traces
// itself), a path prefix, a logs pipeline. The Collector logs only what it can decode from a failed answer, a
// google.rpc.Status in the export's encoding: a plain `{code, message}` 404 reached its operator as "404" and nothing else.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeOtlpProtobuf } from '../../../overseer/observe/otlp-proto.js';
import { type Harness, startHarness } from '../routes/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({});
});
afterAll(() => h.close());

const post = (url: string, type: string, payload: string | Buffer) => h.app.inject({ method: 'POST', url, headers: { 'content-type': type }, payload });

describe('an OTLP export posted where no receiver is', () => {
  it('answers a protobuf export to /v1/traces/v1/traces with a Status naming the endpoint to set', async () => {
    const res = await post('/v1/traces/v1/traces', 'application/x-protobuf', Buffer.from([]));
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toBe('application/x-protobuf');
    expect(decodeOtlpProtobuf(res.rawPayload, 'Status')).toEqual({
      code: 5,
      message:
        'ERR_ROUTE_UNKNOWN: no route POST /v1/traces/v1/traces: OTLP traces go to POST /v1/traces; the otlphttp exporter adds /v1/traces ' +
        'to its endpoint, so set endpoint to the registry root without a path (https://overseer.example), or traces_endpoint to the whole URL',
    });
  });

  it('answers an OTLP/JSON export under a prefix in its JSON form, and a logs export saying the registry takes none', async () => {
    const prefixed = await post('/otlp/v1/metrics', 'application/json', '{}');
    expect(prefixed.statusCode).toBe(404);
    expect(prefixed.json()).toMatchObject({
      code: 5,
      message: expect.stringContaining('no route POST /otlp/v1/metrics: OTLP metrics go to POST /v1/metrics;'),
      details: [{ reason: 'ERR_ROUTE_UNKNOWN' }],
    });
    const logs = await post('/v1/logs', 'application/json', '{}');
    expect(logs.json()).toMatchObject({
      code: 5,
      message:
        'ERR_ROUTE_UNKNOWN: no route POST /v1/logs: the registry receives traces (/v1/traces) and metrics (/v1/metrics), not logs: ' +
        'remove its exporter from the logs pipeline',
    });
  });

  it('leaves other unknown routes as they were', async () => {
    const res = await post('/v1/servicez', 'application/json', '{}');
    expect(res.json()).toEqual({ code: 'ERR_ROUTE_UNKNOWN', message: 'no route POST /v1/servicez' });
  });
});

// An operator checking the receiver opens /v1/traces in a browser or curls it: a bare "no route GET /v1/traces" read as
// if the registry had no receiver at all.
describe('a GET of an OTLP receiver', () => {
  it('says the receiver takes POSTed exports, and where what it observed is read', async () => {
    for (const signal of ['traces', 'metrics']) {
      const res = await h.app.inject({ method: 'GET', url: `/v1/${signal}` });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({
        code: 'ERR_ROUTE_UNKNOWN',
        message:
          `no route GET /v1/${signal}: the OTLP receiver is here, for exports sent with POST (application/x-protobuf or ` +
          'application/json); what it observed is read with overseer usage --service S (GET /v1/services/{name}/usage)',
      });
    }
  });
});

// `traces_endpoint: https://overseer/v1/trace` set by hand, or a curl to check it: a near miss of a receiver's path
// answered a bare "no route" that left the reader to guess the spelling.
describe('a near miss of an OTLP receiver path', () => {
  it('names the receiver meant, in the Status of a protobuf export', async () => {
    const res = await post('/v1/trace', 'application/x-protobuf', Buffer.from([]));
    expect(res.statusCode).toBe(404);
    expect(decodeOtlpProtobuf(res.rawPayload, 'Status')).toEqual({
      code: 5,
      message: 'ERR_ROUTE_UNKNOWN: no route POST /v1/trace: did you mean POST /v1/traces? OTLP traces are received there, and nowhere else',
    });
  });

  it('names it in the usual error for a POST by hand, and for a GET', async () => {
    const byHand = await post('/v1/metric', 'application/x-www-form-urlencoded', 'x');
    expect([byHand.statusCode, byHand.json()]).toEqual([
      404,
      { code: 'ERR_ROUTE_UNKNOWN', message: 'no route POST /v1/metric: did you mean POST /v1/metrics? OTLP metrics are received there, and nowhere else' },
    ]);
    const read = await h.app.inject({ method: 'GET', url: '/v1/Trace' });
    expect(read.json()).toEqual({
      code: 'ERR_ROUTE_UNKNOWN',
      message:
        'no route GET /v1/Trace: did you mean /v1/traces? The OTLP receiver is there, for exports sent with POST (application/x-protobuf or application/json); ' +
        'what it observed is read with overseer usage --service S (GET /v1/services/{name}/usage)',
    });
  });
});
