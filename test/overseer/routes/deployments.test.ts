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

  // A pipeline whose answer was lost sends the deployment again with its key: the second sending must not record the
  // version over one recorded meanwhile; a key sent with another body is a client's mistake, said as such.
  it('a deployment sent again with its Idempotency-Key is given its first answer; the key with another body is 409', async () => {
    await h.send('POST', '/v1/services/users-service/versions', { version: '1.1.0', contract: USERS_V1_1_SAFE });
    const keyed = (key: string, body: object) => h.app.inject({ method: 'POST', url: '/v1/deployments', payload: body, headers: { 'idempotency-key': key } });
    const body = { service: 'users-service', version: '1.0.0', environment: 'production' };
    const first = await keyed('deploy-1', body);
    expect(first.statusCode).toBe(201);
    await h.send('POST', '/v1/deployments', { ...body, version: '1.1.0' });
    const again = await keyed('deploy-1', body);
    expect([again.statusCode, again.json()]).toEqual([201, first.json()]);
    const live = (await h.send('GET', '/v1/environments/production/deployments')).json().deployments;
    expect(live.filter((d: { service: string }) => d.service === 'users-service').map((d: { version: string }) => d.version)).toEqual(['1.1.0']);
    const reused = await keyed('deploy-1', { ...body, version: '1.1.0' });
    expect([reused.statusCode, reused.json()]).toEqual([
      409,
      {
        code: 'ERR_IDEMPOTENCY_KEY_REUSED',
        message: 'the Idempotency-Key deploy-1 was sent before with another request: a key names one write; send this one with a new key',
      },
    ]);
    const unusable = await keyed('a key with spaces', body);
    expect([unusable.statusCode, unusable.json().code]).toEqual([400, 'ERR_REQUEST_INVALID']);
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
