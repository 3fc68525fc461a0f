// The gate over HTTP: GET /v1/can-i-deploy for published versions and POST /v1/check for unpublished ones.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Verdict } from '../../../contracts/model.js';
import { CHECKOUT_MANIFEST, REPORTS_MANIFEST, USERS_V1, USERS_V1_1_SAFE, USERS_V2_BREAKING } from './fixtures.js';
import { type Harness, startHarness } from './harness.js';
import { deployAll, seedRegistry } from './seed.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  await seedRegistry(h);
});
afterEach(() => h.close());

async function canIDeploy(service: string, version: string, environment = 'production'): Promise<Verdict> {
  const res = await h.send('GET', `/v1/can-i-deploy?service=${service}&version=${version}&environment=${environment}`);
  expect(res.statusCode).toBe(200);
  return res.json();
}

const codes = (verdict: Verdict) => verdict.reasons.map((r) => r.code);

describe('GET /v1/can-i-deploy', () => {
  it('answers 200 deployable:false with version-unknown for an unknown version or service', async () => {
    const unknownVersion = await canIDeploy('users-service', '9.9.9');
    expect(unknownVersion).toMatchObject({ deployable: false, service: 'users-service', version: '9.9.9', environment: 'production' });
    expect(codes(unknownVersion)).toEqual(['version-unknown']);
    expect(codes(await canIDeploy('nobody', '1.0.0'))).toEqual(['version-unknown']);
  });

  it('lets a first deploy of a provider through, and tells a consumer its provider is not deployed', async () => {
    expect(await canIDeploy('users-service', '1.0.0')).toMatchObject({ deployable: true, reasons: [] });
    const consumer = await canIDeploy('checkout-web', '1.0.0');
    expect(consumer.deployable).toBe(false);
    expect(consumer.reasons).toEqual([expect.objectContaining({ code: 'provider-not-deployed', provider: 'users-service' })]);
  });

  it('blocks a provider version that breaks a deployed consumer, naming the consumer and the changes', async () => {
    await deployAll(h, 'production');
    await h.send('POST', '/v1/services/users-service/versions', { version: '2.0.0', contract: USERS_V2_BREAKING });
    const verdict = await canIDeploy('users-service', '2.0.0');
    expect(verdict.deployable).toBe(false);
    const reason = verdict.reasons.find((r) => r.code === 'breaks-consumer' && r.consumer === 'checkout-web');
    expect(reason).toMatchObject({ severity: 'error', consumerVersion: '1.0.0', provider: 'users-service', providerVersion: '2.0.0' });
    expect(reason?.changes?.length).toBeGreaterThan(0);
    // The same version is fine where checkout-web does not run.
    expect((await canIDeploy('users-service', '2.0.0', 'staging')).deployable).toBe(true);
  });

  it('answers from what runs now: a listing of consumers kept from an earlier ask goes with the next deployment', async () => {
    await h.send('POST', '/v1/services/users-service/versions', { version: '2.0.0', contract: USERS_V2_BREAKING });
    // Asked twice, so that both the event loop and a worker thread keep the empty listing.
    expect((await canIDeploy('users-service', '2.0.0', 'staging')).deployable).toBe(true);
    expect((await canIDeploy('users-service', '2.0.0', 'staging')).deployable).toBe(true);
    await deployAll(h, 'staging');
    const verdict = await canIDeploy('users-service', '2.0.0', 'staging');
    expect(verdict.deployable).toBe(false);
    expect(verdict.reasons).toContainEqual(expect.objectContaining({ code: 'breaks-consumer', consumer: 'checkout-web', consumerVersion: '1.0.0' }));
  });

  it('sends the same bytes by GET (written by the thread that decided) as by POST (written by the route)', async () => {
    await deployAll(h, 'production');
    await h.send('POST', '/v1/services/users-service/versions', { version: '2.0.0', contract: USERS_V2_BREAKING });
    for (const [service, version] of [
      ['users-service', '2.0.0'],
      ['checkout-web', '1.0.0'],
      ['users-service', '9.9.9'],
    ]) {
      const query = { service, version, environment: 'production' };
      const got = await h.send('GET', `/v1/can-i-deploy?${new URLSearchParams(query)}`);
      const posted = await h.send('POST', '/v1/can-i-deploy', query);
      expect(got.headers['content-type']).toBe(posted.headers['content-type']);
      expect(got.body).toBe(posted.body);
    }
    expect(JSON.parse((await h.send('GET', '/v1/can-i-deploy?service=users-service&version=2.0.0&environment=production')).body)).toMatchObject({
      decision: 'refused',
      reasons: expect.arrayContaining([expect.objectContaining({ code: 'breaks-consumer', consumer: 'checkout-web' })]),
    });
  });

  it('lets a safe provider change through', async () => {
    await deployAll(h, 'production');
    await h.send('POST', '/v1/services/users-service/versions', { version: '1.1.0', contract: USERS_V1_1_SAFE });
    const verdict = await canIDeploy('users-service', '1.1.0');
    expect(verdict.deployable).toBe(true);
    expect(verdict.reasons.filter((r) => r.severity === 'error')).toEqual([]);
  });

  it('blocks a consumer that needs an operation its deployed provider lacks', async () => {
    await deployAll(h, 'production');
    await h.send('PUT', '/v1/services/reports-job', { owners: ['@acme/reports'] });
    await h.send('POST', '/v1/services/reports-job/versions', { version: '1.0.0', manifest: REPORTS_MANIFEST });
    const verdict = await canIDeploy('reports-job', '1.0.0');
    expect(verdict.deployable).toBe(false);
    expect(verdict.reasons).toEqual([expect.objectContaining({ code: 'operation-missing', provider: 'users-service', providerVersion: '1.0.0' })]);
  });

  it('records every ask sent by POST in the audit trail, most recent first, and nothing asked by GET', async () => {
    await canIDeploy('users-service', '2.0.0');
    expect((await h.send('GET', '/v1/verdicts')).json().verdicts).toEqual([]);
    const ask = (version: string) => h.send('POST', '/v1/can-i-deploy', { service: 'users-service', version, environment: 'production' });
    expect((await ask('1.0.0')).json()).toMatchObject({ decision: 'deployable', version: '1.0.0' });
    expect((await ask('9.9.9')).json()).toMatchObject({ decision: 'undecided', version: '9.9.9' });
    const res = await h.send('GET', '/v1/verdicts?service=users-service&limit=10');
    expect(res.statusCode).toBe(200);
    const verdicts = res.json().verdicts;
    expect(verdicts.map((v: Verdict) => [v.version, v.deployable])).toEqual([
      ['9.9.9', false],
      ['1.0.0', true],
    ]);
    expect(verdicts[0]).toMatchObject({ askedBy: 'anonymous', environment: 'production', reasons: [{ code: 'version-unknown' }], count: 1 });
    expect((await h.send('GET', '/v1/verdicts?limit=1')).json().verdicts).toHaveLength(1);
  });

  it('refuses a query without its parameters with 400', async () => {
    const res = await h.send('GET', '/v1/can-i-deploy?service=users-service&version=1.0.0');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ code: 'ERR_REQUEST_INVALID', message: expect.stringContaining('environment') });
  });
});

describe('POST /v1/check', () => {
  it('judges an unpublished contract against the deployed consumers without storing it', async () => {
    await deployAll(h, 'production');
    const res = await h.send('POST', '/v1/check', { service: 'users-service', version: 'pr-42', contract: USERS_V2_BREAKING, environment: 'production' });
    expect(res.statusCode).toBe(200);
    const verdict = res.json();
    expect(verdict).toMatchObject({ deployable: false, service: 'users-service', version: 'pr-42', environment: 'production', warnings: [] });
    expect(codes(verdict)).toContain('breaks-consumer');
    expect(await h.store.getVersion('users-service', 'pr-42')).toBeUndefined();
    const safe = await h.send('POST', '/v1/check', { service: 'users-service', contract: USERS_V1_1_SAFE, environment: 'production' });
    expect(safe.json()).toMatchObject({ deployable: true, version: 'candidate' });
  });

  it('judges against the latest versions on a branch', async () => {
    const onMain = await h.send('POST', '/v1/check', { service: 'users-service', contract: USERS_V2_BREAKING, branch: 'main' });
    expect(onMain.json().deployable).toBe(false);
    // On a branch where the provider was published and no consumer was, nothing is broken.
    await h.send('POST', '/v1/services/users-service/versions', { version: '1.0.0', branch: 'feature', contract: USERS_V1 });
    const onFeature = await h.send('POST', '/v1/check', { service: 'users-service', contract: USERS_V2_BREAKING, branch: 'feature' });
    expect(onFeature.json().deployable).toBe(true);
  });

  it('says a provider missing from a branch or from the latest versions was never published there, not "not deployed"', async () => {
    await h.send('POST', '/v1/services/checkout-web/versions', { version: '1.0.1', branch: 'feature', manifest: CHECKOUT_MANIFEST });
    const onFeature = await h.send('POST', '/v1/check', { service: 'checkout-web', manifest: CHECKOUT_MANIFEST, branch: 'feature' });
    expect(onFeature.json().reasons).toEqual([
      expect.objectContaining({
        code: 'provider-not-deployed',
        message: 'users-service has no version published on branch feature, and checkout-web candidate uses it: publish it first',
      }),
    ]);
    const ghost = CHECKOUT_MANIFEST.replace('  users-service:', '  ghost-service:');
    const latest = await h.send('POST', '/v1/check', { service: 'checkout-web', manifest: ghost });
    expect(latest.json().reasons).toEqual([
      expect.objectContaining({ message: 'ghost-service has no version published, and checkout-web candidate uses it: publish it first' }),
    ]);
  });

  it('refuses a branch no version was published on, naming the nearest known ones, rather than judging against nothing', async () => {
    const typo = await h.send('POST', '/v1/check', { service: 'users-service', contract: USERS_V2_BREAKING, branch: 'mian' });
    expect(typo.statusCode).toBe(404);
    expect(typo.json()).toMatchObject({
      code: 'ERR_BRANCH_UNKNOWN',
      message: "nothing was published on branch 'mian' (nearest known: main): did you mean main? If 'mian' is a new branch, publish with --branch mian first",
    });
  });

  it('refuses a branch where no version was ever published with one, rather than answering deployable against nothing', async () => {
    const bare = await startHarness();
    try {
      // An empty registry: nothing a branch scope could miss, so the first check of the first service is judged.
      const first = await bare.send('POST', '/v1/check', { service: 'users-service', contract: USERS_V1, branch: 'main' });
      expect(first.json()).toMatchObject({ decision: 'deployable' });
      // Versions published without --branch, a consumer among them: --branch main would see none of them.
      for (const name of ['users-service', 'checkout-web'])
        expect((await bare.send('PUT', `/v1/services/${name}`, { owners: ['@acme/x'] })).statusCode).toBeLessThan(300);
      expect((await bare.send('POST', '/v1/services/users-service/versions', { version: '1.0.0', contract: USERS_V1 })).statusCode).toBe(201);
      expect((await bare.send('POST', '/v1/services/checkout-web/versions', { version: '1.0.0', manifest: CHECKOUT_MANIFEST })).statusCode).toBe(201);
      const onMain = await bare.send('POST', '/v1/check', { service: 'users-service', contract: USERS_V2_BREAKING, branch: 'main' });
      expect(onMain.statusCode).toBe(404);
      expect(onMain.json()).toEqual({
        code: 'ERR_BRANCH_UNKNOWN',
        message:
          "nothing was published on branch 'main': no version was published with a branch yet, so it would judge against nothing; " +
          'publish with --branch main, or judge against an environment (--env) or the latest versions (neither)',
      });
      const latest = await bare.send('POST', '/v1/check', { service: 'users-service', contract: USERS_V2_BREAKING });
      expect(latest.json()).toMatchObject({ decision: 'refused' });
    } finally {
      await bare.close();
    }
  });

  it("judges a consumer's manifest against its providers", async () => {
    await deployAll(h, 'production');
    const res = await h.send('POST', '/v1/check', { service: 'reports-job', manifest: REPORTS_MANIFEST, environment: 'production' });
    expect(res.statusCode).toBe(200);
    expect(codes(res.json())).toEqual(['operation-missing']);
  });

  it('refuses environment and branch together, and unreadable contracts with their line', async () => {
    const both = await h.send('POST', '/v1/check', { service: 'users-service', environment: 'production', branch: 'main' });
    expect(both.statusCode).toBe(400);
    const broken = await h.send('POST', '/v1/check', { service: 'users-service', contract: 'openapi: 3.0.3\npaths: [', environment: 'production' });
    expect(broken.statusCode).toBe(400);
    expect(broken.json()).toMatchObject({ code: 'ERR_CONTRACT_INVALID', line: expect.any(Number) });
  });
});
