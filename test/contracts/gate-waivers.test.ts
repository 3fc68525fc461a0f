// The gate honours the deploying version's waivers: by consumer, field and operation, through their expiry day only.

import { describe, expect, it } from 'vitest';
import { decideDeploy, type GateVersion } from '../../contracts/gate.js';
import type { OpenApiDocument } from '../../contracts/load/load.js';
import type { Declaration, Verdict } from '../../contracts/model.js';
import type { Waiver } from '../../contracts/policy/waivers.js';
import { loadDoc, revise, usersApi } from '../fixtures/impact/users-api.js';

async function version(service: string, v: string, parts: { provides?: OpenApiDocument; uses?: Record<string, Declaration['uses']> } = {}) {
  const declarations = Object.entries(parts.uses ?? {}).map(([provider, uses]): Declaration => ({ consumer: service, provider, uses }));
  const contract = parts.provides && (await loadDoc(parts.provides, `${service}-${v}.json`));
  return { service, version: v, declarations, ...(contract && { contract }) } as GateVersion;
}

const withoutName = revise((d) => {
  delete d.components.schemas.User.properties.name;
  d.components.schemas.User.required = ['id'];
});
const readsName = { 'users-service': [{ operation: 'GET /users/{id}', response: ['id', 'name'] }] };
const waiver = (more: Partial<Waiver> = {}): Waiver => ({
  rule: 'response-required-property-removed',
  operation: 'GET /users/{userId}',
  consumer: 'checkout-web',
  field: 'name',
  reason: 'checkout-web 4.2 stops reading it',
  expires: '2025-06-01',
  file: 'waivers.yaml',
  line: 1,
  ...more,
});

async function ask(waivers: Waiver[] | undefined): Promise<Verdict> {
  const deployed = [
    await version('users-service', '1.0.0', { provides: usersApi() }),
    await version('checkout-web', 'abc123', { uses: readsName }),
    await version('billing-worker', 'def456', { uses: readsName }),
  ];
  const candidate = { ...(await version('users-service', '2.0.0', { provides: withoutName })), ...(waivers && { waivers }) };
  return decideDeploy({ service: 'users-service', version: '2.0.0', environment: 'production', candidate, deployed, today: '2025-06-01' });
}

const codesFor = (verdict: Verdict, consumer: string) => verdict.reasons.filter((r) => r.consumer === consumer).map((r) => r.code);

describe('decideDeploy with waivers', () => {
  it('lets through, for the consumer a waiver names, the change and the missing field it causes; the other consumer still refuses', async () => {
    expect(codesFor(await ask(undefined), 'checkout-web')).toEqual(['breaks-consumer', 'field-missing']);
    const verdict = await ask([waiver()]);
    expect(codesFor(verdict, 'checkout-web')).toEqual([]);
    expect(codesFor(verdict, 'billing-worker')).toEqual(['breaks-consumer', 'field-missing']);
    expect(verdict.decision).toBe('refused');
    expect(verdict.waived).toEqual([
      {
        consumer: 'checkout-web',
        consumerVersion: 'abc123',
        change: expect.objectContaining({ id: 'response-required-property-removed', operation: 'GET /users/{id}' }),
        waiver: { reason: 'checkout-web 4.2 stops reading it', expires: '2025-06-01', file: 'waivers.yaml', line: 1 },
      },
    ]);
    // Its expiry is the day asked (2025-06-01): the verdict says it holds until 24:00 UTC.
    expect(verdict.notices).toEqual([expect.objectContaining({ code: 'waiver-last-day', message: expect.stringContaining('until 24:00 UTC') })]);
  });

  it('is deployable when a waiver without a consumer covers every consumer the change breaks', async () => {
    const { consumer: _any, ...everyone } = waiver();
    const verdict = await ask([everyone]);
    expect(verdict).toMatchObject({ decision: 'deployable', reasons: [] });
    expect(verdict.waived?.map((w) => w.consumer)).toEqual(['billing-worker', 'checkout-web']);
  });

  it('waives nothing with an expired waiver, and names it; a waiver on another field is unused', async () => {
    const verdict = await ask([waiver({ expires: '2025-05-31' }), waiver({ field: 'email', line: 8 })]);
    expect(codesFor(verdict, 'checkout-web')).toEqual(['breaks-consumer', 'field-missing']);
    expect(verdict.waived).toEqual([]);
    expect(verdict.notices).toEqual([
      expect.objectContaining({ code: 'waiver-expired', file: 'waivers.yaml', line: 1, message: expect.stringContaining('expired on 2025-05-31') }),
      expect.objectContaining({ code: 'waiver-unused', file: 'waivers.yaml', line: 8, message: expect.stringContaining('judged against production') }),
    ]);
  });

  it('says nothing of waivers for a version that carries none', async () => {
    const verdict = await ask(undefined);
    expect(verdict).not.toHaveProperty('waived');
    expect(verdict).not.toHaveProperty('notices');
  });
});

// admin-ui declares it reads `nickname`, which no version of users-service ever returned.
const readsNickname = { 'users-service': [{ operation: 'GET /users/{id}', response: ['id', 'nickname'] }] };
const nicknameWaiver = waiver({ rule: 'field-missing', consumer: 'admin-ui', field: 'nickname', reason: 'admin-ui corrects its manifest in 3.1' });

async function askUnmet(waivers: Waiver[] | undefined): Promise<Verdict> {
  const deployed = [await version('users-service', '1.4.0', { provides: usersApi() }), await version('admin-ui', 'def456', { uses: readsNickname })];
  const candidate = { ...(await version('users-service', '1.5.0', { provides: usersApi() })), ...(waivers && { waivers }) };
  return decideDeploy({ service: 'users-service', version: '1.5.0', environment: 'production', candidate, deployed, today: '2025-06-01' });
}

describe('decideDeploy with a waiver of a use the provider never met', () => {
  it('is deployable when the waiver names the consumer, operation and field, and lists the use as waived with its reason', async () => {
    expect(await askUnmet(undefined)).toMatchObject({ decision: 'refused', reasons: [{ code: 'field-missing', alreadyUnmetBy: ['1.4.0'] }] });
    const verdict = await askUnmet([nicknameWaiver]);
    expect(verdict).toMatchObject({ decision: 'deployable', deployable: true, reasons: [] });
    expect(verdict.waived).toEqual([
      {
        consumer: 'admin-ui',
        consumerVersion: 'def456',
        change: expect.objectContaining({
          id: 'field-missing',
          operation: 'GET /users/{id}',
          message: expect.stringContaining('does not return `nickname`, which admin-ui reads; already unmet by the deployed version 1.4.0'),
        }),
        waiver: { reason: 'admin-ui corrects its manifest in 3.1', expires: '2025-06-01', file: 'waivers.yaml', line: 1 },
      },
    ]);
    // Its expiry is the day asked (2025-06-01): the verdict says it holds until 24:00 UTC.
    expect(verdict.notices).toEqual([expect.objectContaining({ code: 'waiver-last-day', message: expect.stringContaining('until 24:00 UTC') })]);
  });

  it('accepts every missing field of the operation for that consumer when the waiver names no field', async () => {
    const { field: _any, ...wholeOperation } = nicknameWaiver;
    expect(await askUnmet([wholeOperation])).toMatchObject({ decision: 'deployable', reasons: [] });
  });

  it('refuses still, naming the waiver as unused, for another consumer, field, code, or an expired waiver', async () => {
    for (const other of [{ consumer: 'checkout-web' }, { field: 'name' }, { rule: 'request-field-rejected' }, { expires: '2025-05-31' }]) {
      const verdict = await askUnmet([{ ...nicknameWaiver, ...other }]);
      expect(verdict).toMatchObject({ decision: 'refused', reasons: [{ code: 'field-missing', consumer: 'admin-ui' }], waived: [] });
      expect(verdict.notices?.map((n) => n.code)).toEqual([other.expires ? 'waiver-expired' : 'waiver-unused']);
    }
  });

  it('lets a waiver without a field accept the unmet use only, not the field the candidate removes beside it', async () => {
    const { field: _any, ...wholeOperation } = nicknameWaiver;
    // `nickname` before `name`: the waiver has accepted the unmet use by the time the removed field is judged.
    const deployed = [
      await version('users-service', '1.4.0', { provides: usersApi() }),
      await version('admin-ui', 'def456', { uses: { 'users-service': [{ operation: 'GET /users/{id}', response: ['id', 'nickname', 'name'] }] } }),
    ];
    const candidate = { ...(await version('users-service', '2.0.0', { provides: withoutName })), waivers: [wholeOperation] };
    const verdict = decideDeploy({ service: 'users-service', version: '2.0.0', environment: 'production', candidate, deployed, today: '2025-06-01' });
    expect(verdict.reasons.map((r) => [r.code, r.field ?? null])).toEqual([
      ['breaks-consumer', null],
      ['field-missing', 'name'],
    ]);
    expect(verdict.waived?.map((w) => w.change.message)).toEqual([expect.stringContaining('`nickname`')]);
  });

  it('does not let a waived change of the operation hide a use no live version met: only a waiver naming that use does', async () => {
    // The removal of `name` is waived for admin-ui (no field: every such change of the operation); `nickname` was never there.
    const deployed = [
      await version('users-service', '1.4.0', { provides: usersApi() }),
      await version('admin-ui', 'def456', { uses: { 'users-service': [{ operation: 'GET /users/{id}', response: ['id', 'nickname', 'name'] }] } }),
    ];
    const { field: _any, ...removal } = waiver({ consumer: 'admin-ui' });
    const withoutNameContract = await loadDoc(withoutName, 'users-service-2.0.0.json');
    const decide = (waivers: Waiver[]) =>
      decideDeploy({
        service: 'users-service',
        version: '2.0.0',
        environment: 'production',
        candidate: { ...deployed[0]!, version: '2.0.0', contract: withoutNameContract, waivers },
        deployed,
        today: '2025-06-01',
      });
    const refused = decide([removal]);
    expect(refused.decision).toBe('refused');
    expect(refused.reasons.map((r) => [r.code, r.field, r.alreadyUnmetBy])).toEqual([['field-missing', 'nickname', ['1.4.0']]]);
    expect(refused.waived?.map((w) => w.change.id)).toEqual(['response-required-property-removed']);
    expect(decide([removal, nicknameWaiver])).toMatchObject({ decision: 'deployable', reasons: [] });
  });

  it('does not excuse a shortfall the candidate causes: that is waived by waiving the change, and the shortfall waiver is unused', async () => {
    const verdict = await ask([waiver({ rule: 'field-missing' })]);
    expect(codesFor(verdict, 'checkout-web')).toEqual(['breaks-consumer', 'field-missing']);
    expect(verdict.waived).toEqual([]);
    expect(verdict.notices).toEqual([
      expect.objectContaining({ code: 'waiver-unused', message: expect.stringContaining('accepts only a use that every live version already failed') }),
    ]);
  });

  it('accepts a change for a consumer of everything only when the waivers name every operation it reaches', async () => {
    const deployed = [
      await version('users-service', '1.0.0', { provides: usersApi() }),
      await version('checkout-web', 'abc123', { uses: { 'users-service': '*' } }),
    ];
    const revised = await loadDoc(withoutName, 'users-service-2.0.0.json');
    const decide = (waivers: Waiver[]) =>
      decideDeploy({
        service: 'users-service',
        version: '2.0.0',
        environment: 'production',
        candidate: { ...deployed[0]!, version: '2.0.0', contract: revised, waivers },
        deployed,
        today: '2025-06-01',
      });
    const { field: _any, ...oneOperation } = waiver();
    const refused = decide([oneOperation]);
    expect(refused.decision).toBe('refused');
    expect(refused.waived).toEqual([]);
    const reached = refused.reasons.find((r) => r.code === 'breaks-consumer')?.message ?? '';
    expect(reached).toContain('GET /users');
    const each = ['GET /users/{id}', 'GET /users', 'POST /users'].map((operation, line) => ({ ...oneOperation, operation, line }));
    expect(decide(each)).toMatchObject({ decision: 'deployable', waived: [expect.objectContaining({ consumer: 'checkout-web' })] });
  });
});
