// Recording deployments (idempotent, into environments that exist) and reading their history.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { USERS_V1_1_SAFE } from './fixtures.js';
import { type Harness, startHarness } from './harness.js';
import { deployAll, seedRegistry } from './seed.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  await seedRegistry(h);
});
afterEach(() => h.close());

describe('deployments', () => {
  it('records a deployment once (201, then 200 unchanged)', async () => {
    const body = { service: 'users-service', version: '1.0.0', environment: 'production' };
    const first = await h.send('POST', '/v1/deployments', body);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ status: 'created', deployment: { ...body, replacedAt: null } });
    const again = await h.send('POST', '/v1/deployments', body);
    expect(again.statusCode).toBe(200);
    expect(again.json().status).toBe('unchanged');
    expect((await h.send('GET', '/v1/deployments?service=users-service')).json().deployments).toHaveLength(1);
  });

  it('replaces the previous version in the environment and keeps the history', async () => {
    await deployAll(h, 'production');
    await h.send('POST', '/v1/services/users-service/versions', { version: '1.1.0', contract: USERS_V1_1_SAFE });
    await h.send('POST', '/v1/deployments', { service: 'users-service', version: '1.1.0', environment: 'production' });
    const current = (await h.send('GET', '/v1/environments/production/deployments')).json().deployments;
    expect(current.map((d: { service: string; version: string }) => `${d.service}@${d.version}`)).toEqual([
      'billing-worker@1.0.0',
      'checkout-web@1.0.0',
      'users-service@1.1.0',
    ]);
    const history = (await h.send('GET', '/v1/deployments?service=users-service&environment=production')).json().deployments;
    expect(history.map((d: { version: string; replacedAt: string | null }) => [d.version, d.replacedAt === null])).toEqual([
      ['1.1.0', true],
      ['1.0.0', false],
    ]);
  });

  it('lists environments, and answers 404 for an environment never created', async () => {
    await deployAll(h, 'staging');
    expect((await h.send('GET', '/v1/environments')).json().environments.map((e: { name: string }) => e.name)).toEqual(['production', 'staging']);
    expect((await h.send('GET', '/v1/environments/production/deployments')).json()).toEqual({ deployments: [] });
    const unknown = await h.send('GET', '/v1/environments/qa/deployments');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('ERR_ENVIRONMENT_UNKNOWN');
  });

  it('creates environments on purpose (201, then 200 unchanged) and refuses a misspelled one everywhere, creating nothing', async () => {
    const created = await h.send('POST', '/v1/environments', { name: 'qa' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ status: 'created', environment: { name: 'qa' } });
    expect((await h.send('POST', '/v1/environments', { name: 'qa' })).json().status).toBe('unchanged');
    const message = "unknown environment 'prodution' (known: production, qa, staging): did you mean production?";
    const deploy = await h.send('POST', '/v1/deployments', { service: 'users-service', version: '1.0.0', environment: 'prodution' });
    expect([deploy.statusCode, deploy.json()]).toEqual([404, { code: 'ERR_ENVIRONMENT_UNKNOWN', message }]);
    const ask = await h.send('GET', '/v1/can-i-deploy?service=users-service&version=1.0.0&environment=prodution');
    expect([ask.statusCode, ask.json()]).toEqual([404, { code: 'ERR_ENVIRONMENT_UNKNOWN', message }]);
    const check = await h.send('POST', '/v1/check', { service: 'users-service', environment: 'prodution' });
    expect(check.statusCode).toBe(404);
    expect((await h.send('GET', '/v1/environments')).json().environments.map((e: { name: string }) => e.name)).toEqual(['production', 'qa', 'staging']);
    expect((await h.send('GET', '/v1/verdicts')).json().verdicts).toEqual([]);
  });

  it('refuses unknown versions (404) and bad environment names (400)', async () => {
    const unknown = await h.send('POST', '/v1/deployments', { service: 'users-service', version: '9.9.9', environment: 'production' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('ERR_VERSION_UNKNOWN');
    const bad = await h.send('POST', '/v1/deployments', { service: 'users-service', version: '1.0.0', environment: 'prod env' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('ERR_REQUEST_INVALID');
  });
});
