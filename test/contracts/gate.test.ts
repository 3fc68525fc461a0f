// decideDeploy, the can-i-deploy decision as a pure function: verdicts and their typed reasons.
import { describe, expect, it } from 'vitest';
import { decideDeploy, type GateInput, type GateVersion } from '../../contracts/gate.js';
import type { OpenApiDocument } from '../../contracts/load/load.js';
import type { Declaration, Verdict } from '../../contracts/model.js';
import { deprecatedParts, loadDoc, revise, usersApi } from '../fixtures/impact/users-api.js';

/** A version as the store would hand it to the gate: its contract (loaded) and what it uses of whom. */
async function version(
  service: string,
  v: string,
  parts: { provides?: OpenApiDocument; uses?: Record<string, Declaration['uses']> } = {},
): Promise<GateVersion> {
  const declarations = Object.entries(parts.uses ?? {}).map(([provider, uses]): Declaration => ({ consumer: service, provider, uses }));
  return { service, version: v, declarations, ...(parts.provides ? { contract: await loadDoc(parts.provides, `${service}-${v}.json`) } : {}) };
}

const ask = (candidate: GateVersion | undefined, deployed: GateVersion[], more: Partial<GateInput> = {}): Verdict =>
  decideDeploy({
    service: candidate?.service ?? 'users-service',
    version: candidate?.version ?? '9.9.9',
    environment: 'production',
    candidate,
    deployed,
    today: '2025-06-01',
    ...more,
  });

const codes = (v: Verdict) => v.reasons.map((r) => r.code);
const withoutName = revise((d) => {
  delete d.components.schemas.User.properties.name;
  d.components.schemas.User.required = ['id'];
});
const readsName = { 'users-service': [{ operation: 'GET /users/{id}', response: ['id', 'name'] }] };
const readsEmail = { 'users-service': [{ operation: 'GET /users/{id}', response: ['id', 'email'] }] };

describe('decideDeploy', () => {
  it('refuses a version the registry does not know', () => {
    const verdict = ask(undefined, [], { service: 'users-service', version: '9.9.9' });
    expect(verdict).toMatchObject({ deployable: false, service: 'users-service', version: '9.9.9', environment: 'production' });
    expect(codes(verdict)).toEqual(['version-unknown']);
  });

  it('deploys the first version of a provider nobody uses', async () => {
    expect(ask(await version('users-service', '1.0.0', { provides: usersApi() }), [])).toEqual({
      decision: 'deployable',
      deployable: true,
      service: 'users-service',
      version: '1.0.0',
      environment: 'production',
      reasons: [],
    });
  });

  it('refuses a provider version that breaks a deployed consumer, naming it and the changes', async () => {
    const deployed = [await version('users-service', '1.0.0', { provides: usersApi() }), await version('checkout-web', 'abc123', { uses: readsName })];
    const verdict = ask(await version('users-service', '2.0.0', { provides: withoutName }), deployed);
    expect(verdict.deployable).toBe(false);
    expect(codes(verdict)).toEqual(['breaks-consumer', 'field-missing']);
    const [breaks, missing] = verdict.reasons;
    expect(breaks).toMatchObject({
      severity: 'error',
      consumer: 'checkout-web',
      consumerVersion: 'abc123',
      provider: 'users-service',
      providerVersion: '2.0.0',
    });
    expect(breaks.changes!.map((c) => [c.id, c.operation])).toEqual([['response-required-property-removed', 'GET /users/{id}']]);
    expect(breaks.message).toContain('users-service 2.0.0 would break checkout-web abc123: GET /users/{id}:');
    expect(missing).toMatchObject({ consumer: 'checkout-web', consumerVersion: 'abc123', provider: 'users-service', providerVersion: '2.0.0', field: 'name' });
  });

  it('deploys a provider version whose changes touch nothing its consumers use', async () => {
    const deployed = [await version('users-service', '1.0.0', { provides: usersApi() }), await version('checkout-web', 'abc123', { uses: readsEmail })];
    expect(ask(await version('users-service', '2.0.0', { provides: withoutName }), deployed)).toMatchObject({ deployable: true, reasons: [] });
  });

  it('judges every deployed consumer, and skips the service itself and consumers of other providers', async () => {
    const deployed = [
      await version('users-service', '1.0.0', { provides: usersApi(), uses: { 'users-service': '*' } }),
      await version('checkout-web', 'abc123', { uses: readsName }),
      await version('admin-ui', 'def456', { uses: { 'users-service': '*' } }),
      await version('billing', 'ghi789', { uses: { 'orders-service': '*' } }),
      await version('orders-service', '3.1.0', { provides: usersApi() }),
    ];
    const candidate = await version('users-service', '2.0.0', { provides: withoutName, uses: { 'users-service': '*' } });
    const verdict = ask(candidate, deployed);
    expect(verdict.reasons.filter((r) => r.code === 'breaks-consumer').map((r) => r.consumer)).toEqual(['admin-ui', 'checkout-web']);
  });

  it('judges only what the candidate offers on a first deploy, when consumers already wait for it', async () => {
    const waiting = [await version('checkout-web', 'abc123', { uses: readsName })];
    expect(ask(await version('users-service', '1.0.0', { provides: usersApi() }), waiting)).toMatchObject({ deployable: true, reasons: [] });
    const verdict = ask(await version('users-service', '1.0.0', { provides: withoutName }), waiting);
    expect(codes(verdict)).toEqual(['field-missing']);
  });

  it('refuses a provider version without a contract when consumers use it', async () => {
    const deployed = [await version('users-service', '1.0.0', { provides: usersApi() }), await version('checkout-web', 'abc123', { uses: readsName })];
    const verdict = ask(await version('users-service', '2.0.0'), deployed);
    expect(verdict.deployable).toBe(false);
    expect(verdict.reasons.map((r) => [r.code, r.provider, r.providerVersion, r.consumer])).toEqual([
      ['contract-missing', 'users-service', '2.0.0', 'checkout-web'],
    ]);
  });

  it('refuses a consumer that needs an operation its deployed provider lacks', async () => {
    const deployed = [await version('users-service', '1.0.0', { provides: usersApi() })];
    const candidate = await version('checkout-web', 'abc123', {
      uses: { 'users-service': [{ operation: 'GET /users/{id}' }, { operation: 'PATCH /users/{id}' }] },
    });
    const verdict = ask(candidate, deployed);
    expect(verdict.deployable).toBe(false);
    expect(verdict.reasons).toEqual([
      expect.objectContaining({
        code: 'operation-missing',
        consumer: 'checkout-web',
        consumerVersion: 'abc123',
        provider: 'users-service',
        providerVersion: '1.0.0',
        operation: 'PATCH /users/{id}',
      }),
    ]);
  });

  it('deploys a consumer whose deployed providers offer what it uses', async () => {
    const deployed = [await version('users-service', '1.0.0', { provides: usersApi() }), await version('orders-service', '3.1.0', { provides: usersApi() })];
    const candidate = await version('checkout-web', 'abc123', { uses: { ...readsName, 'orders-service': '*' } });
    expect(ask(candidate, deployed)).toMatchObject({ deployable: true, reasons: [] });
  });

  it('refuses a consumer whose provider is not deployed in the environment', async () => {
    const candidate = await version('checkout-web', 'abc123', { uses: { ...readsName, 'orders-service': '*' } });
    const verdict = ask(candidate, [await version('users-service', '1.0.0', { provides: usersApi() })]);
    expect(verdict.reasons.map((r) => [r.code, r.provider])).toEqual([['provider-not-deployed', 'orders-service']]);
    expect(verdict.reasons[0].message).toBe('orders-service is not deployed in production, and checkout-web abc123 uses it: deploy it first');
  });

  it('names the live provider a misspelt one most likely means (check offline, with no registry to ask)', async () => {
    const candidate = await version('checkout-web', 'abc123', { uses: { 'users-servce': '*' } });
    const verdict = ask(candidate, [await version('users-service', '1.0.0', { provides: usersApi() })]);
    expect(verdict.reasons.map((r) => r.message)).toEqual([
      "users-servce is not deployed in production: did you mean users-service? checkout-web abc123 uses it: correct the name under its manifest's consumes, or deploy users-servce first",
    ]);
  });

  it('uses today for sunset dates', async () => {
    const sunset = revise((d) => Object.assign(d.paths['/users/{id}'].delete, { deprecated: true, 'x-sunset': '2025-03-01' }));
    const gone = revise((d) => delete d.paths['/users/{id}'].delete);
    const deployed = [
      await version('users-service', '1.0.0', { provides: sunset }),
      await version('admin-ui', 'def456', { uses: { 'users-service': [{ operation: 'deleteUser' }] } }),
    ];
    const candidate = await version('users-service', '2.0.0', { provides: gone });
    // admin-ui names the operation by its id: the removal that breaks it is the one reason, not also "does not offer
    // deleteUser" (every door printed both, since their fold matches method and path, not the id the consumer wrote).
    expect(codes(ask(candidate, deployed, { today: '2025-02-01' }))).toEqual(['breaks-consumer']);
    // After the sunset the removal is expected, but the consumer still uses it: refused, with the way out.
    const after = ask(candidate, deployed, { today: '2025-06-01' });
    expect(codes(after)).toEqual(['breaks-consumer']);
    expect(after.reasons[0]!.changes!.map((c) => c.id)).toEqual(['api-removed-with-deprecation']);
    expect(after.reasons[0]!.message).toMatch(/It is already deprecated in users-service 1\.0\.0 and admin-ui def456 still uses it: admin-ui def456 must stop/);
  });

  it('gives the same verdict whatever the order of the deployed versions', async () => {
    const deployed = [
      await version('users-service', '1.0.0', { provides: usersApi() }),
      await version('checkout-web', 'abc123', { uses: readsName }),
      await version('admin-ui', 'def456', { uses: { 'users-service': [{ operation: 'GET /users/{id}', response: ['nickname', 'name'] }] } }),
    ];
    const candidate = await version('users-service', '2.0.0', { provides: withoutName, uses: { 'orders-service': '*' } });
    const verdict = ask(candidate, deployed);
    expect(ask(candidate, [...deployed].reverse())).toEqual(verdict);
    expect(verdict.reasons.map((r) => [r.code, r.consumer ?? null, r.field ?? null])).toEqual([
      ['breaks-consumer', 'admin-ui', null],
      ['breaks-consumer', 'checkout-web', null],
      ['field-missing', 'admin-ui', 'name'],
      ['field-missing', 'admin-ui', 'nickname'],
      ['field-missing', 'checkout-web', 'name'],
      ['provider-not-deployed', 'users-service', null],
    ]);
  });

  it('still refuses a use the deployed provider already fails, saying it was unmet before this version and by which', async () => {
    const readsNickname = { 'users-service': [{ operation: 'GET /users/{id}', response: ['id', 'nickname'] }] };
    const deployed = [await version('users-service', '1.4.0', { provides: usersApi() }), await version('admin-ui', 'def456', { uses: readsNickname })];
    // 2.0.0 changes nothing admin-ui reads: the field it declares was never there.
    const verdict = ask(await version('users-service', '2.0.0', { provides: withoutName }), deployed);
    expect(verdict.decision).toBe('refused');
    expect(verdict.reasons).toEqual([
      expect.objectContaining({ code: 'field-missing', consumer: 'admin-ui', providerVersion: '2.0.0', field: 'nickname', alreadyUnmetBy: ['1.4.0'] }),
    ]);
    expect(verdict.reasons[0]!.message).toBe(
      'GET /users/{id} of users-service does not return `nickname`, which admin-ui reads; already unmet by the deployed version 1.4.0: ' +
        "not caused by this change (admin-ui's owners should correct its declaration, or users-service offer it; meanwhile a waiver {rule: field-missing, operation: GET /users/{id}, consumer: admin-ui, field: nickname}, with a reason and expires, lets users-service deploy)",
    );
    // What the candidate itself takes away is not said to be unmet before.
    const readsBoth = { 'users-service': [{ operation: 'GET /users/{id}', response: ['name', 'nickname'] }] };
    const both = ask(await version('users-service', '2.0.0', { provides: withoutName }), [deployed[0]!, await version('admin-ui', 'x', { uses: readsBoth })]);
    expect(both.reasons.filter((r) => r.code === 'field-missing').map((r) => [r.field, r.alreadyUnmetBy ?? null])).toEqual([
      ['name', null],
      ['nickname', ['1.4.0']],
    ]);
  });

  it('says the versions a use was unmet by are published, not deployed, when the gate compares with the latest versions', async () => {
    const readsNickname = { 'users-service': [{ operation: 'GET /users/{id}', response: ['id', 'nickname'] }] };
    const latest = [await version('users-service', '1.4.0', { provides: usersApi() }), await version('admin-ui', 'def456', { uses: readsNickname })];
    const verdict = ask(await version('users-service', '2.0.0', { provides: withoutName }), latest, { against: 'latest' });
    expect(verdict.reasons.map((r) => r.message)).toEqual([expect.stringContaining('reads; already unmet by the latest published version 1.4.0: not caused')]);
  });

  it('does not say a use was unmet before when one live version still meets it', async () => {
    const readsName2 = { 'users-service': [{ operation: 'GET /users/{id}', response: ['name'] }] };
    const old = await version('users-service', '1.4.0', { provides: withoutName });
    const rolling = { ...(await version('users-service', '1.5.0', { provides: usersApi() })), live: 'rolling' as const };
    const verdict = ask(await version('users-service', '2.0.0', { provides: withoutName }), [
      old,
      rolling,
      await version('admin-ui', 'x', { uses: readsName2 }),
    ]);
    const missing = verdict.reasons.find((r) => r.code === 'field-missing');
    expect(missing).toMatchObject({ field: 'name' });
    expect(missing?.alreadyUnmetBy).toBeUndefined();
    expect(missing?.message).not.toMatch(/already unmet/);
  });

  it('refuses removing a deprecated part that a consumer taking the operation or the API whole still uses, as migrations count it', async () => {
    const { deprecated, removed } = deprecatedParts();
    const deployed = [
      await version('users-service', '1.0.0', { provides: deprecated }),
      await version('catalog-app', 'c1', { uses: { 'users-service': '*' } }),
      await version('profile-ui', 'p1', { uses: { 'users-service': [{ operation: 'GET /users/{id}' }] } }),
      await version('admin-ui', 'a1', { uses: { 'users-service': [{ operation: 'GET /users/{id}', params: ['id'], response: ['id'] }] } }),
    ];
    const verdict = ask(await version('users-service', '2.0.0', { provides: removed }), deployed);
    expect(verdict.decision).toBe('refused');
    const broken = verdict.reasons.filter((r) => r.code === 'breaks-consumer').map((r) => [r.consumer, r.changes!.map((c) => c.id)]);
    expect(broken).toEqual([
      ['catalog-app', ['api-removed-with-deprecation', 'request-parameter-removed-with-deprecation']],
      ['profile-ui', ['request-parameter-removed-with-deprecation']],
    ]);
    // admin-ui lists what it sends and reads, without `fields`: the removal takes nothing it uses.
    expect(verdict.reasons.some((r) => r.consumer === 'admin-ui')).toBe(false);
    expect(verdict.reasons[0]!.message).toMatch(/It is already deprecated in users-service 1\.0\.0 and catalog-app c1 still uses it/);
  });

  it('does not call a removal deprecated because another part of its operation is, for a consumer taking the operation whole', async () => {
    const emailDeprecated = revise((d) => Object.assign(d.components.schemas.User.properties.email, { deprecated: true }));
    const deployed = [
      await version('users-service', '1.0.0', { provides: emailDeprecated }),
      await version('catalog-app', 'c1', { uses: { 'users-service': [{ operation: 'GET /users/{id}' }] } }),
    ];
    const [breaks] = ask(await version('users-service', '2.0.0', { provides: withoutName }), deployed).reasons;
    expect(breaks).toMatchObject({ code: 'breaks-consumer', consumer: 'catalog-app', wayOut: 'deprecate-first' });
    expect(breaks?.message).toMatch(/It is not deprecated in users-service 1\.0\.0: deprecate it first/);
  });

  it('tells the owner of a refused removal to deprecate the part first when it is not deprecated yet', async () => {
    const deployed = [await version('users-service', '1.0.0', { provides: usersApi() }), await version('checkout-web', 'abc123', { uses: readsName })];
    const [breaks] = ask(await version('users-service', '2.0.0', { provides: withoutName }), deployed).reasons;
    expect(breaks?.message).toMatch(/It is not deprecated in users-service 1\.0\.0: deprecate it first in a minor version/);
  });
});
