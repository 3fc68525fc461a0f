// A CLIENT span timed before the usage window (a device whose clock says 1970, an SDK writing its uptime as the time)
// was answered as used, an empty partial success, then left out of every read: the gate said yes to removing the
// operation it calls and nobody was told. It is now refused by reason, in the exporter's answer, with the time to check.

import { beforeAll, describe, expect, it } from 'vitest';
import { decodeOtlpProtobuf, encodeOtlpProtobuf } from '../../overseer/observe/otlp-proto.js';
import { type ClientCall, traceExport } from '../helpers/otlp.js';
import { deployCaller, publishUsersRemoval, useObserveSession } from './observe-session.js';

const session = useObserveSession('overseer-hunt-times-');
const { cli, ok } = session;
const DAY_MS = 24 * 60 * 60 * 1000;

beforeAll(async () => {
  await publishUsersRemoval(session);
  await deployCaller(session, 'web-app');
}, 120_000);

const getUser = (at: number): ClientCall => ({
  consumer: 'web-app',
  environment: 'production',
  provider: 'users-service',
  method: 'GET',
  url: 'https://users.internal/api/users/7',
  at,
});

type Answer = { partialSuccess: { rejectedSpans?: string | number; errorMessage?: string } };

async function postTraces(calls: ClientCall[], protobuf: boolean): Promise<Answer> {
  const json = traceExport(calls);
  const body = protobuf ? Buffer.from(encodeOtlpProtobuf(json, 'ExportTraceServiceRequest')) : JSON.stringify(json);
  const headers = { 'content-type': protobuf ? 'application/x-protobuf' : 'application/json' };
  const answer = await fetch(`${session.registry.url}/v1/traces`, { method: 'POST', headers, body });
  expect(answer.status).toBe(200);
  if (!protobuf) return (await answer.json()) as Answer;
  return decodeOtlpProtobuf(new Uint8Array(await answer.arrayBuffer()), 'ExportTraceServiceResponse') as Answer;
}

describe('a call timed before the usage window', () => {
  it("is refused in the exporter's answer with the window's start and the oldest time, in JSON and protobuf", async () => {
    const json = await postTraces([getUser(1000), getUser(Date.now() - 40 * DAY_MS), getUser(Date.now())], false);
    expect(Number(json.partialSuccess.rejectedSpans)).toBe(2);
    expect(json.partialSuccess.errorMessage).toMatch(
      /^spans not used: before-window 2; timed before the usage window, which starts at \d{4}-\d\d-\d\dT[\d:.]+Z \(OVERSEER_USAGE_WINDOW_DAYS\), the oldest at 1970-01-01T00:00:01\.000Z: is the caller's clock right\?$/,
    );
    const protobuf = await postTraces([getUser(1000)], true);
    expect([Number(protobuf.partialSuccess.rejectedSpans), protobuf.partialSuccess.errorMessage]).toEqual([1, expect.stringContaining('before-window 1;')]);

    // The call inside the window is counted, once, and the early ones are not.
    const usage = await ok('usage', '--service', 'users-service', '--as-provider', '--environment', 'production', '--format', 'json');
    const uses = JSON.parse(usage.stdout).uses as { consumer: string; operation: string; observed: { count: number } | null }[];
    expect(uses.map((u) => [u.consumer, u.operation, u.observed?.count])).toEqual([['web-app', 'GET /users/{userId}', 1]]);
    const gate = await cli('can-i-deploy', '--service', 'users-service', '--version', '2.0.0', '--to', 'production');
    expect(gate.code, gate.stdout).toBe(1);
  });
});
