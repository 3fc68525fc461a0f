// A client library's CLIENT span around its HTTP client's CLIENT span is one call. Behind a load balancer the two
// halves of such a pair reach two replicas of one registry (one database): each remembered the spans it counted in its
// own memory, so the call was counted twice. The database is their shared memory now (a SQLite file; PostgreSQL).
import type { FastifyInstance } from 'fastify';
import { expect, it } from 'vitest';
import { encodeOtlpProtobuf } from '../../../overseer/observe/otlp-proto.js';
import { type ClientCall, traceExport } from '../../helpers/otlp.js';
import { usePostgres } from '../../helpers/use-postgres.js';
import { seedUsersAndCallers, useReplicaPairs } from './replica-pair.js';

const replicas = useReplicaPairs(usePostgres());
// Each replica listens on loopback, as `overseer serve` does: a Collector posts to it over HTTP.
const listening = async (pair: { a: FastifyInstance; b: FastifyInstance }) =>
  [await pair.a.listen({ host: '127.0.0.1', port: 0 }), await pair.b.listen({ host: '127.0.0.1', port: 0 })] as const;

async function send(url: string, method: string, path: string, body?: unknown): Promise<Response> {
  const init = body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  return fetch(`${url}${path}`, { method, ...init });
}

/** Posted as a Collector's exporter would: OTLP/protobuf or OTLP/JSON. */
async function post(url: string, calls: ClientCall[], protobuf: boolean): Promise<void> {
  const body = traceExport(calls);
  const answer = await fetch(`${url}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': protobuf ? 'application/x-protobuf' : 'application/json' },
    body: protobuf ? Buffer.from(encodeOtlpProtobuf(body, 'ExportTraceServiceRequest')) : JSON.stringify(body),
  });
  expect(answer.status).toBe(200);
}

const call = { environment: 'production', provider: 'users-service', method: 'GET', url: 'https://users.internal/api/users/7' };
const trace = (n: number) => `5b8efff798038103d269b633813fc6${String(n).padStart(2, '0')}`;

/** The halves of each pair go to two replicas, in both orders; siblings under a span that is no call stay two calls. */
async function expectPairsCountedOnce(a: string, b: string): Promise<void> {
  await seedUsersAndCallers(a, ['web-app', 'me-app', 'job-app']);
  // web-app: the HTTP client's span to A, the library's span around it to B.
  await post(a, [{ ...call, consumer: 'web-app', traceId: trace(1), spanId: '00000000000000b2', parentSpanId: '00000000000000a1' }], true);
  await post(b, [{ ...call, consumer: 'web-app', traceId: trace(1), spanId: '00000000000000a1', parentSpanId: '0000000000000001' }], false);
  // me-app: the outer span to B first, the nested one to A after.
  await post(b, [{ ...call, consumer: 'me-app', traceId: trace(3), spanId: '00000000000000a1' }], false);
  await post(a, [{ ...call, consumer: 'me-app', traceId: trace(3), spanId: '00000000000000b2', parentSpanId: '00000000000000a1' }], true);
  // job-app: two calls, children of one INTERNAL span, one to each replica: two calls.
  await post(a, [{ ...call, consumer: 'job-app', traceId: trace(4), spanId: '00000000000000d1', parentSpanId: '0000000000000009' }], false);
  await post(b, [{ ...call, consumer: 'job-app', traceId: trace(4), spanId: '00000000000000d2', parentSpanId: '0000000000000009' }], false);
  // Each replica's usage listing writes what it holds first; B's then reads both.
  expect((await send(a, 'GET', '/v1/services/users-service/usage?environment=production&asProvider=true')).status).toBe(200);
  const usage = await (await send(b, 'GET', '/v1/services/users-service/usage?environment=production&asProvider=true')).json();
  const uses = (usage as { uses: { consumer: string; operation: string; observed?: { count: number } }[] }).uses;
  expect(uses.map((u) => `${u.consumer} ${u.operation} ${u.observed?.count}`)).toEqual([
    'job-app GET /users/{userId} 2',
    'me-app GET /users/{userId} 1',
    'web-app GET /users/{userId} 1',
  ]);
}

it('counts a nested pair split between two replicas on one SQLite file once, whichever half came first', async () => {
  const [a, b] = await listening(await replicas.onSqlite());
  await expectPairsCountedOnce(a, b);
}, 120_000);

it('counts a nested pair split between two replicas on one PostgreSQL database once, whichever half came first', async () => {
  const [a, b] = await listening(await replicas.onPostgres());
  await expectPairsCountedOnce(a, b);
}, 120_000);
