// `url.template` as OpenTelemetry writes it: its own example is `/users?id={id}`, and an RFC 6570 template may end in a
// query expression (`{?fields}`) or name its scheme and host. The query was read as part of the last segment, so such a
// call fitted no operation: the gate said yes to removing an operation a live consumer was seen calling.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { traceExport } from '../helpers/otlp.js';
import { publishUsersRemoval, useObserveSession } from './observe-session.js';

const session = useObserveSession('overseer-hunt-templates-');
const { cli, ok } = session;
const CALLERS = {
  'web-app': '/api/users/{id}?expand={expand}',
  'admin-app': '/api/users/{id}{?fields,expand}',
  'batch-job': 'https://users.internal/api/users/{id}',
};

beforeAll(async () => {
  await publishUsersRemoval(session);
  for (const name of [...Object.keys(CALLERS), 'list-job']) {
    await writeFile(join(session.dir, `${name}.yaml`), `service: ${name}\nowners: ["@acme/web"]\n`);
    await ok('publish', '--manifest', `${name}.yaml`, '--version', '1.0.0');
    await ok('record-deployment', '--service', name, '--version', '1.0.0', '--env', 'production');
  }
}, 120_000);

describe('a span whose url.template carries a query, or a scheme and host', () => {
  it('is a call of the operation its path names, and the gate counts it', async () => {
    const call = { environment: 'production', provider: 'users-service', method: 'GET' };
    const calls = [
      ...Object.entries(CALLERS).map(([consumer, route]) => ({ ...call, consumer, route })),
      { ...call, consumer: 'list-job', route: '/api/users?limit={limit}#top' },
    ];
    const answer = await fetch(`${session.registry.url}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(traceExport(calls)),
    });
    expect(await answer.json()).toEqual({ partialSuccess: {} });

    const usage = await ok('usage', '--service', 'users-service', '--as-provider', '--environment', 'production', '--format', 'json');
    const uses = JSON.parse(usage.stdout).uses as { consumer: string; operation: string }[];
    expect(uses.map((u) => `${u.consumer} ${u.operation}`)).toEqual([
      'admin-app GET /users/{userId}',
      'batch-job GET /users/{userId}',
      'list-job GET /users',
      'web-app GET /users/{userId}',
    ]);
    const gate = await cli('can-i-deploy', '--service', 'users-service', '--version', '2.0.0', '--to', 'production', '--format', 'json');
    expect(gate.code, gate.stdout).toBe(1);
    const reasons = JSON.parse(gate.stdout).reasons as { code: string; consumer?: string }[];
    expect(reasons.filter((r) => r.code === 'breaks-consumer').map((r) => r.consumer)).toEqual(['admin-app', 'batch-job', 'web-app']);
  });
});
