// Two registries whose apps share one worker pool (as the tests' apps do, test/helpers/app-work.ts): each matches
// spans against its own services. A thread keeps the last services it was sent by key, and the keys were counted per
// registry, so the second registry's spans were matched against the first one's services and refused.

import { readFileSync } from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { traceExport } from '../../helpers/otlp.js';
import { type Harness, startHarness } from '../routes/harness.js';

const USERS_V1 = readFileSync(new URL('../../fixtures/observe/users.v1.yaml', import.meta.url), 'utf8');
const CALL = { consumer: 'web-app', environment: 'production', method: 'GET', url: '/api/users/7' };
const opened: Harness[] = [];
afterEach(async () => {
  for (const h of opened.splice(0)) await h.close();
});

/** A registry with users-service 1.0.0 deployed in production, reached at `hosts`. */
async function registry(hosts: string[]): Promise<Harness> {
  const h = await startHarness();
  opened.push(h);
  const service = { owners: ['@acme/users'], hosts };
  const published = await h.send('POST', '/v1/services/users-service/versions', { version: '1.0.0', contract: USERS_V1, service });
  expect(published.statusCode, published.body).toBe(201);
  expect((await h.send('POST', '/v1/environments', { name: 'production' })).statusCode).toBe(201);
  expect((await h.send('POST', '/v1/deployments', { service: 'users-service', version: '1.0.0', environment: 'production' })).statusCode).toBe(201);
  return h;
}

it('matches spans against its own services when another registry shares its worker pool', async () => {
  const first = await registry([]);
  // The first registry's services reach the thread: the host below is none of its.
  const before = await first.send('POST', '/v1/traces', traceExport([{ ...CALL, serverAddress: 'users.internal' }]));
  expect(before.json()).toEqual({ partialSuccess: { rejectedSpans: 1, errorMessage: expect.stringContaining('unknown-provider') } });

  const second = await registry(['users.internal']);
  const after = await second.send('POST', '/v1/traces', traceExport([{ ...CALL, serverAddress: 'users.internal' }]));
  expect([after.statusCode, after.json()]).toEqual([200, { partialSuccess: {} }]);
});
