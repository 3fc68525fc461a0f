// Observed calls as real SDKs send them. A client library's CLIENT span around its HTTP client's CLIENT span is one
// call, which was counted twice; a call to `/users/me` whose client template says `/users/{id}` is the provider's
// literal `/users/me` (the path its router picks), which was counted as GET /users/{userId}, so removing that operation
// was refused for a consumer that never calls it.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeOtlpProtobuf } from '../../overseer/observe/otlp-proto.js';
import { type ClientCall, traceExport } from '../helpers/otlp.js';
import { publishUsersRemoval, useObserveSession } from './observe-session.js';

const session = useObserveSession('overseer-call-shapes-');
const { cli, ok } = session;
const CONSUMERS = ['web-app', 'me-app', 'legacy-app'];

beforeAll(async () => {
  await publishUsersRemoval(session);
  for (const name of CONSUMERS) {
    await writeFile(join(session.dir, `${name}.yaml`), `service: ${name}\nowners: ["@acme/web"]\n`);
    await ok('publish', '--manifest', `${name}.yaml`, '--version', '1.0.0');
    await ok('record-deployment', '--service', name, '--version', '1.0.0', '--env', 'production');
  }
}, 120_000);

const call = { environment: 'production', provider: 'users-service', method: 'GET' };

async function post(body: object, protobuf: boolean): Promise<void> {
  const answer = await fetch(`${session.registry.url}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': protobuf ? 'application/x-protobuf' : 'application/json' },
    body: protobuf ? Buffer.from(encodeOtlpProtobuf(body, 'ExportTraceServiceRequest')) : JSON.stringify(body),
  });
  expect(answer.status).toBe(200);
}

describe('observed calls of real shapes', () => {
  it('counts a nested client span once, and a call by the path the provider routes', async () => {
    // web-app: a client library's span (ended last, so exported after) around the HTTP client's span, by protobuf.
    const web: ClientCall[] = [
      { ...call, consumer: 'web-app', url: 'https://users.internal/api/users/7', spanId: '00000000000000b2', parentSpanId: '00000000000000a1' },
      { ...call, consumer: 'web-app', route: '/api/users/{id}', url: 'https://users.internal/api/users/7', spanId: '00000000000000a1' },
    ];
    await post(traceExport(web), true);
    // me-app: its client's template is /users/{id}, the URL it called /users/me; as JSON.
    await post(traceExport([{ ...call, consumer: 'me-app', route: '/api/users/{id}', url: 'https://users.internal/api/users/me' }]), false);
    // legacy-app: old semantic conventions (http.method, http.url, net.peer.name), an unknown method kept as sent.
    const legacy = traceExport([{ consumer: 'legacy-app', environment: 'production' }]);
    const text = (key: string, value: string) => ({ key, value: { stringValue: value } });
    legacy.resourceSpans[0]!.scopeSpans[0]!.spans[0]!.attributes = [
      text('http.method', 'GET'),
      text('http.url', 'http://users.internal:8080/api/users/9?fields=name'),
      text('net.peer.name', 'users.internal'),
      text('peer.service', 'users-service'),
    ];
    await post(legacy, false);

    const usage = await ok('usage', '--service', 'users-service', '--as-provider', '--environment', 'production', '--format', 'json');
    const uses = JSON.parse(usage.stdout).uses as { consumer: string; operation: string; observed?: { count: number } }[];
    expect(uses.map((u) => `${u.consumer} ${u.operation} ${u.observed?.count}`)).toEqual([
      'legacy-app GET /users/{userId} 1',
      'me-app GET /users/me 1',
      'web-app GET /users/{userId} 1',
    ]);

    // 2.0.0 removes GET /users/{userId}: the two that call it are broken, as observed; me-app is not.
    const gate = await cli('can-i-deploy', '--service', 'users-service', '--version', '2.0.0', '--to', 'production', '--format', 'json');
    expect(gate.code, gate.stdout + gate.stderr).toBe(1);
    const reasons = JSON.parse(gate.stdout).reasons as { code: string; consumer?: string; basis?: string }[];
    expect(reasons.filter((r) => r.code === 'breaks-consumer').map((r) => [r.consumer, r.basis])).toEqual([
      ['legacy-app', 'observed'],
      ['web-app', 'observed'],
    ]);
  });
});
