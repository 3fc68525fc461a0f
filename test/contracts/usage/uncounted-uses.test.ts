// The gate's notices of uses it did not count: told exactly when counting them would have refused the deploy.
import { describe, expect, it } from 'vitest';
import { decideDeploy, type GateVersion } from '../../../contracts/gate.js';
import type { Declaration, ObservedCall, Verdict } from '../../../contracts/model.js';
import type { UsagePolicy } from '../../../contracts/usage/observed-gate.js';
import { loadDoc, revise, usersApi } from '../../fixtures/impact/users-api.js';

const withoutGetUser = revise((d) => {
  delete d.paths['/users/{id}'];
});

async function provider(version: string, doc = usersApi()): Promise<GateVersion> {
  return { service: 'users-service', version, declarations: [], contract: await loadDoc(doc, `users-${version}.json`) };
}

function consumer(service: string, uses: Declaration['uses'] | undefined): GateVersion {
  const declarations = uses === undefined ? [] : [{ consumer: service, provider: 'users-service', uses }];
  return { service, version: '1.0.0', declarations };
}

const call = (consumer: string, operation: string): ObservedCall => ({
  consumer,
  provider: 'users-service',
  operation,
  environment: 'production',
  count: 3,
  firstSeen: '2025-05-01T00:00:00.000Z',
  lastSeen: '2025-05-30T12:00:00.000Z',
});

async function ask(usage: UsagePolicy, deployed: GateVersion[], observed: ObservedCall[], candidate = withoutGetUser): Promise<Verdict> {
  return decideDeploy({
    service: 'users-service',
    version: '2.0.0',
    environment: 'production',
    candidate: await provider('2.0.0', candidate),
    deployed: [await provider('1.0.0'), ...deployed],
    today: '2025-06-01',
    observed,
    usage,
  });
}

const withoutList = revise((d) => {
  delete d.paths['/users'];
});

const noticesOf = (v: Verdict) => (v.notices ?? []).map((n) => [n.code, n.consumer]);

describe('uses the gate did not count', () => {
  it('under declared, names a live consumer seen calling what the version removes, and still deploys', async () => {
    const deployed = [consumer('web-app', [{ operation: 'GET /users' }])];
    const verdict = await ask('declared', deployed, [call('web-app', 'GET /users/{id}')]);
    expect(verdict.decision).toBe('deployable');
    expect(noticesOf(verdict)).toEqual([['observed-calls-not-counted', 'web-app']]);
    expect(verdict.notices![0]!.message).toMatch(
      /^web-app was seen calling GET \/users\/\{id\} of users-service in production \(last seen 2025-05-30T12:00:00.000Z\)/,
    );
    // Counted, the same call refuses: the notice says what the policy hid, and nothing then.
    const counted = await ask('both', deployed, [call('web-app', 'GET /users/{id}')]);
    expect([counted.decision, counted.notices]).toEqual(['refused', undefined]);
  });

  it('says nothing of calls the version does not touch, or of a version that changes nothing', async () => {
    const deployed = [consumer('web-app', undefined)];
    expect((await ask('declared', deployed, [call('web-app', 'GET /users')])).notices).toBeUndefined();
    expect((await ask('declared', deployed, [call('web-app', 'GET /users/{id}')], usersApi())).notices).toBeUndefined();
    expect((await ask('both', deployed, [])).notices).toBeUndefined();
  });

  it('under observed, names a consumer whose declarations, never seen, would refuse the version', async () => {
    const deployed = [consumer('web-app', [{ operation: 'GET /users/{id}' }]), consumer('admin-app', [{ operation: 'GET /users' }])];
    const verdict = await ask('observed', deployed, []);
    expect(verdict.decision).toBe('deployable');
    expect(noticesOf(verdict)).toEqual([['declared-uses-not-counted', 'web-app']]);
    expect(verdict.notices![0]!.message).toContain('OVERSEER_USAGE=observed');
    // Seen calling it, the use counts and refuses; no notice repeats it.
    const seen = await ask('observed', deployed, [call('web-app', 'GET /users/{id}')]);
    expect([seen.decision, seen.notices]).toEqual(['refused', undefined]);
  });

  it('names a caller with no version live in the environment, under every policy', async () => {
    for (const usage of ['both', 'observed', 'declared'] as const) {
      const verdict = await ask(usage, [], [call('ghost-app', 'GET /users/{id}'), call('ghost-app', 'GET /users')]);
      expect([usage, verdict.decision, noticesOf(verdict)]).toEqual([usage, 'deployable', [['caller-not-live', 'ghost-app']]]);
      expect(verdict.notices![0]!.message).toContain('ghost-app was seen calling GET /users, GET /users/{id} of users-service in production');
    }
  });
  it('counts each ask by its own calls and policy when a thread asks about the same versions again', async () => {
    // A thread keeps a listing's versions and a read's calls, and the gate keeps what it counted per version: the
    // next ask must still be judged by its own calls and policy, not by what the last one counted.
    const live = [await provider('1.0.0'), consumer('web-app', [{ operation: 'GET /users' }])];
    const candidates = { withoutGetUser: await provider('2.0.0', withoutGetUser), withoutList: await provider('2.0.0', withoutList) };
    const seen = [call('web-app', 'GET /users/{id}')];
    const elsewhere = [call('web-app', 'GET /users')];
    const asks: [UsagePolicy, ObservedCall[], keyof typeof candidates][] = [
      ['both', seen, 'withoutGetUser'],
      ['both', elsewhere, 'withoutGetUser'],
      ['both', seen, 'withoutGetUser'],
      ['declared', seen, 'withoutGetUser'],
      ['observed', seen, 'withoutList'],
      ['both', seen, 'withoutList'],
      ['observed', elsewhere, 'withoutGetUser'],
      ['both', seen, 'withoutGetUser'],
    ];
    const decisions = [];
    for (const [usage, observed, name] of asks) {
      const question = { service: 'users-service', version: '2.0.0', environment: 'production', today: '2025-06-01' };
      decisions.push((await decideDeploy({ ...question, candidate: candidates[name], deployed: live, observed, usage })).decision);
    }
    expect(decisions).toEqual(['refused', 'deployable', 'refused', 'deployable', 'deployable', 'refused', 'deployable', 'refused']);
  });
});
