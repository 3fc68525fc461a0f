// A client library's CLIENT span around its HTTP client's CLIENT span is one call. Spans end inside out and a Collector
// batches them as they end, so the inner one often reaches the registry in one export and the outer one in the next:
// the registry counted that call twice (round 34 caught the pair within one export only). Posted as a Collector would,
// over OTLP/HTTP to the real registry, protobuf and JSON.

import { beforeAll, describe, expect, it } from 'vitest';
import { encodeOtlpProtobuf } from '../../overseer/observe/otlp-proto.js';
import { type ClientCall, traceExport } from '../helpers/otlp.js';
import { deployCaller, publishUsersRemoval, useObserveSession } from './observe-session.js';

const session = useObserveSession('overseer-nested-across-');
const { ok } = session;

beforeAll(async () => {
  await publishUsersRemoval(session);
  for (const name of ['web-app', 'me-app', 'job-app']) await deployCaller(session, name);
}, 120_000);

const call = { environment: 'production', provider: 'users-service', method: 'GET', url: 'https://users.internal/api/users/7' };
const trace = (n: number) => `5b8efff798038103d269b633813fc6${String(n).padStart(2, '0')}`;

async function post(calls: ClientCall[], protobuf: boolean): Promise<void> {
  const body = traceExport(calls);
  const answer = await fetch(`${session.registry.url}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': protobuf ? 'application/x-protobuf' : 'application/json' },
    body: protobuf ? Buffer.from(encodeOtlpProtobuf(body, 'ExportTraceServiceRequest')) : JSON.stringify(body),
  });
  expect(answer.status).toBe(200);
}

describe('a nested client span whose partner came in another export', () => {
  it('is counted once, whichever came first; calls that only look alike are each counted', async () => {
    // web-app: the HTTP client's span (ended first), then in the next export the library's span around it, and a second
    // call of its own in another trace.
    await post([{ ...call, consumer: 'web-app', traceId: trace(1), spanId: '00000000000000b2', parentSpanId: '00000000000000a1' }], true);
    await post(
      [
        { ...call, consumer: 'web-app', route: '/api/users/{id}', traceId: trace(1), spanId: '00000000000000a1', parentSpanId: '0000000000000001' },
        { ...call, consumer: 'web-app', traceId: trace(2), spanId: '00000000000000c3' },
      ],
      false,
    );
    // me-app: the outer span first (an exporter that does not batch by end), the nested one after.
    await post([{ ...call, consumer: 'me-app', traceId: trace(3), spanId: '00000000000000a1' }], false);
    await post([{ ...call, consumer: 'me-app', traceId: trace(3), spanId: '00000000000000b2', parentSpanId: '00000000000000a1' }], true);
    // job-app: two calls, children of one INTERNAL span (no CLIENT span of a call), in two exports: two calls.
    await post([{ ...call, consumer: 'job-app', traceId: trace(4), spanId: '00000000000000d1', parentSpanId: '0000000000000009' }], false);
    await post([{ ...call, consumer: 'job-app', traceId: trace(4), spanId: '00000000000000d2', parentSpanId: '0000000000000009' }], false);

    const usage = await ok('usage', '--service', 'users-service', '--as-provider', '--environment', 'production', '--format', 'json');
    const uses = JSON.parse(usage.stdout).uses as { consumer: string; operation: string; observed?: { count: number } }[];
    expect(uses.map((u) => `${u.consumer} ${u.operation} ${u.observed?.count}`)).toEqual([
      'job-app GET /users/{userId} 2',
      'me-app GET /users/{userId} 1',
      'web-app GET /users/{userId} 2',
    ]);
  });
});
