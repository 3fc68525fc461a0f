// A provider's `hosts:`: spans without peer.service are matched by the host they called, and only a listed host counts.

import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { UsageListing } from '../../../contracts/model.js';
import { traceExport } from '../../helpers/otlp.js';
import { type Harness, startHarness } from '../routes/harness.js';

const USERS_V1 = readFileSync(new URL('../../fixtures/observe/users.v1.yaml', import.meta.url), 'utf8');
const USERS_MANIFEST = 'service: users-service\nowners: ["@acme/users"]\nhosts: [users.internal, Users.Example.com]\n';
const ADVICE = ': set peer.service to the name the provider is published under, or list the host under hosts: in its overseer.yaml';
const CALL = { consumer: 'web-app', environment: 'production', method: 'GET', url: '/api/users/7' };

let h: Harness;
afterEach(() => h?.close());

async function seed(): Promise<void> {
  h = await startHarness();
  // The service's hosts travel with its version, as `overseer publish` sends them from the manifest.
  const published = await h.send('POST', '/v1/services/users-service/versions', {
    version: '1.0.0',
    contract: USERS_V1,
    manifest: USERS_MANIFEST,
    service: { owners: ['@acme/users'], hosts: ['users.internal', 'users.example.com'] },
  });
  expect(published.statusCode, published.body).toBe(201);
  expect((await h.send('POST', '/v1/environments', { name: 'production' })).statusCode).toBe(201);
  expect((await h.send('POST', '/v1/deployments', { service: 'users-service', version: '1.0.0', environment: 'production' })).statusCode).toBe(201);
}

async function seenCalls(): Promise<[string, string, number | null][]> {
  const listing = (await h.send('GET', '/v1/services/users-service/usage?environment=production&asProvider=true')).json() as UsageListing;
  return listing.uses.map((u) => [u.consumer ?? '', u.operation, u.observed?.count ?? null]);
}

describe('hosts: in a provider manifest', () => {
  it('are shown with the service', async () => {
    await seed();
    const res = await h.send('GET', '/v1/services/users-service');
    expect(res.json()).toMatchObject({ name: 'users-service', hosts: ['users.internal', 'users.example.com'] });
  });

  it('match a CLIENT span by its server.address, or by the host of its url.full, when it names no peer.service', async () => {
    await seed();
    const res = await h.send(
      'POST',
      '/v1/traces',
      traceExport([
        { ...CALL, serverAddress: 'users.internal' },
        { ...CALL, consumer: 'admin-app', serverAddress: 'USERS.INTERNAL:8443' },
        { ...CALL, consumer: 'mobile-app', url: 'https://users.example.com/api/users' },
      ]),
    );
    expect([res.statusCode, res.json()]).toEqual([200, { partialSuccess: {} }]);
    expect(await seenCalls()).toEqual([
      ['admin-app', 'GET /users/{userId}', 1],
      ['mobile-app', 'GET /users', 1],
      ['web-app', 'GET /users/{userId}', 1],
    ]);
  });

  it('count a host no service lists under "unknown provider", never guessed', async () => {
    await seed();
    const res = await h.send(
      'POST',
      '/v1/traces',
      traceExport([
        { ...CALL, serverAddress: 'billing.internal' },
        { ...CALL, url: 'https://users.internal.evil.example/api/users/7' },
        { ...CALL, url: '/api/users/7' },
      ]),
    );
    expect(res.json().partialSuccess).toEqual({
      rejectedSpans: 3,
      errorMessage:
        'spans not used: unknown-provider 3; no known service is named by: host billing.internal 1, host users.internal.evil.example 1, ' +
        `(no peer.service, no host) 1${ADVICE}`,
    });
    expect(await seenCalls()).toEqual([]);
  });

  it('name one service: a host another service lists is refused with 409', async () => {
    await seed();
    const taken = await h.send('PUT', '/v1/services/billing-service', { owners: ['@acme/billing'], hosts: ['billing.internal', 'users.internal'] });
    expect([taken.statusCode, taken.json()]).toEqual([
      409,
      {
        code: 'ERR_SERVICE_HOST_TAKEN',
        message:
          'host users.internal is already listed by users-service: a host names one service; remove it from one of the two manifests, ' +
          "or, if it is billing-service's, the registry's admin gives it: overseer claim host users.internal --service billing-service",
      },
    ]);
    const bad = await h.send('PUT', '/v1/services/billing-service', { owners: ['@acme/billing'], hosts: ['https://billing.internal'] });
    expect([bad.statusCode, bad.json().code]).toEqual([400, 'ERR_REQUEST_INVALID']);
    // Its own hosts again are no conflict.
    const same = await h.send('PUT', '/v1/services/users-service', { owners: ['@acme/users'], hosts: ['users.internal'] });
    expect([same.statusCode, same.json().service.hosts]).toEqual([200, ['users.internal']]);
  });
});
