// A spanmetrics point's count is whatever a Collector (or anyone holding an ingest token) sends: 2^63 - 1 calls made
// the stored count a REAL that SQLite's STRICT table refused, at every flush, so every later count was never written
// and can-i-deploy and overseer usage answered 500 for every service. Counts now stop at 2^53 - 1 and the rest holds.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeOtlpProtobuf } from '../../overseer/observe/otlp-proto.js';
import { callsMetricExport } from '../helpers/otlp.js';
import { publishUsersRemoval, useObserveSession } from './observe-session.js';

const session = useObserveSession('overseer-hunt-counts-');
const { cli, ok } = session;
const INT64_MAX = '9223372036854775807';

beforeAll(async () => {
  await publishUsersRemoval(session);
  for (const name of ['web-app', 'admin-app']) {
    await writeFile(join(session.dir, `${name}.yaml`), `service: ${name}\nowners: ["@acme/web"]\n`);
    await ok('publish', '--manifest', `${name}.yaml`, '--version', '1.0.0');
    await ok('record-deployment', '--service', name, '--version', '1.0.0', '--env', 'production');
  }
}, 120_000);

/** One spanmetrics export of `consumer` calling GET /users/{userId}, its point's count `asInt` as sent on the wire. */
function hugeCount(consumer: string, asInt: string) {
  const body = callsMetricExport([{ consumer, environment: 'production', provider: 'users-service', method: 'GET', route: '/api/users/{id}', count: 1 }]);
  body.resourceMetrics[0]!.scopeMetrics[0]!.metrics[0]!.sum.dataPoints[0]!.asInt = asInt;
  return body;
}

async function postMetrics(body: Uint8Array | string, contentType: string): Promise<unknown> {
  const answer = await fetch(`${session.registry.url}/v1/metrics`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: typeof body === 'string' ? body : Buffer.from(body),
  });
  expect(answer.status).toBe(200);
  return contentType === 'application/json' ? answer.json() : undefined;
}

describe('a calls counter at the top of int64', () => {
  it('is counted, stops at 2^53 - 1, and leaves the gate and overseer usage answering', async () => {
    // Sent twice as JSON (the sum of the two overflows int64 too) and once as protobuf, where asInt is an sfixed64.
    expect(await postMetrics(JSON.stringify(hugeCount('web-app', INT64_MAX)), 'application/json')).toEqual({ partialSuccess: {} });
    expect(await postMetrics(JSON.stringify(hugeCount('web-app', INT64_MAX)), 'application/json')).toEqual({ partialSuccess: {} });
    await postMetrics(Buffer.from(encodeOtlpProtobuf(hugeCount('web-app', INT64_MAX), 'ExportMetricsServiceRequest')), 'application/x-protobuf');
    // A caller whose calls came after: they must be written and counted too.
    await session.postCalls([
      { consumer: 'admin-app', environment: 'production', provider: 'users-service', method: 'GET', url: 'https://users.internal/api/users/7' },
    ]);

    const gate = await cli('can-i-deploy', '--service', 'users-service', '--version', '2.0.0', '--to', 'production', '--format', 'json');
    expect(gate.code, gate.stdout + gate.stderr).toBe(1);
    const reasons = JSON.parse(gate.stdout).reasons as { code: string; consumer?: string; basis?: string }[];
    expect(reasons.filter((r) => r.code === 'breaks-consumer').map((r) => [r.consumer, r.basis])).toEqual([
      ['admin-app', 'observed'],
      ['web-app', 'observed'],
    ]);

    const usage = await ok('usage', '--service', 'users-service', '--as-provider', '--environment', 'production', '--format', 'json');
    const uses = JSON.parse(usage.stdout).uses as { consumer: string; operation: string; observed: { count: number } | null }[];
    expect(uses.map((u) => [u.consumer, u.operation, u.observed?.count])).toEqual([
      ['admin-app', 'GET /users/{userId}', 1],
      ['web-app', 'GET /users/{userId}', Number.MAX_SAFE_INTEGER],
    ]);
  });
});
