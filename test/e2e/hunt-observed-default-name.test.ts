// A CLIENT span whose resource kept the SDK's default service.name (`unknown_service`, or `unknown_service:node`
// after the process) was stored as a caller named so: `overseer usage` listed "unknown_service:node" as a consumer and
// the exporter's answer said everything was used. It is now refused by reason in the partial success, with what to set.

import { beforeAll, describe, expect, it } from 'vitest';
import { type ClientCall, traceExport } from '../helpers/otlp.js';
import { publishUsersRemoval, useObserveSession } from './observe-session.js';

const session = useObserveSession('overseer-hunt-default-name-');
const { ok } = session;

beforeAll(async () => {
  await publishUsersRemoval(session);
}, 120_000);

const getUser = (consumer: string): ClientCall => ({
  consumer,
  environment: 'production',
  provider: 'users-service',
  method: 'GET',
  url: 'https://users.internal/api/users/7',
});

type Answer = { partialSuccess: { rejectedSpans?: string | number; errorMessage?: string } };

describe('a span from a service that never set service.name', () => {
  it("is refused in the exporter's answer, named, and not stored as a caller", async () => {
    const body = JSON.stringify(traceExport([getUser('unknown_service:node'), getUser('unknown_service'), getUser('web-app')]));
    const answer = await fetch(`${session.registry.url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(answer.status).toBe(200);
    const { partialSuccess } = (await answer.json()) as Answer;
    expect(Number(partialSuccess.rejectedSpans)).toBe(2);
    expect(partialSuccess.errorMessage).toBe(
      "spans not used: default-service-name 2; service.name unknown_service is the OpenTelemetry SDK's default when none is set, and names no service: set OTEL_SERVICE_NAME to the name the service is published under",
    );

    const usage = await ok('usage', '--service', 'users-service', '--as-provider', '--environment', 'production', '--format', 'json');
    const uses = JSON.parse(usage.stdout).uses as { consumer: string; observed: { count: number } | null }[];
    expect(uses.map((u) => [u.consumer, u.observed?.count])).toEqual([['web-app', 1]]);
  });
});
