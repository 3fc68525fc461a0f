// Services in the registry: created, replaced and read through the API, with bad names and unknown ones refused.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.js';

let h: Harness;
beforeEach(async () => (h = await startHarness()));
afterEach(() => h.close());

describe('services', () => {
  it('creates (201), replaces (200) and reads a service', async () => {
    const created = await h.send('PUT', '/v1/services/users-service', { owners: ['@acme/users'], slack: '#users', repository: 'acme/users' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ status: 'created', service: { name: 'users-service', owners: ['@acme/users'], slack: '#users' } });
    const replaced = await h.send('PUT', '/v1/services/users-service', { owners: ['@acme/platform'] });
    expect(replaced.statusCode).toBe(200);
    const read = (await h.send('GET', '/v1/services/users-service')).json();
    expect(read).toMatchObject({ name: 'users-service', owners: ['@acme/platform'] });
    expect(read.slack).toBeUndefined();
    expect((await h.send('GET', '/v1/services')).json().services.map((s: { name: string }) => s.name)).toEqual(['users-service']);
  });

  it('refuses a name that is not kebab-case and a body without owners, with 400 and the error shape', async () => {
    const badName = await h.send('PUT', '/v1/services/Users_Service', { owners: ['@a'] });
    expect(badName.statusCode).toBe(400);
    expect(badName.json()).toEqual({ code: 'ERR_REQUEST_INVALID', message: expect.stringContaining('params/name') });
    const noOwners = await h.send('PUT', '/v1/services/users-service', { slack: '#x' });
    expect(noOwners.statusCode).toBe(400);
    expect(noOwners.json().code).toBe('ERR_REQUEST_INVALID');
    const notJson = await h.app.inject({
      method: 'PUT',
      url: '/v1/services/users-service',
      payload: '{"owners": [',
      headers: { 'content-type': 'application/json' },
    });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().code).toBe('ERR_REQUEST_INVALID');
  });

  it('answers 404 for an unknown service', async () => {
    const res = await h.send('GET', '/v1/services/nobody');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ code: 'ERR_SERVICE_UNKNOWN', message: 'unknown service nobody' });
  });
});
