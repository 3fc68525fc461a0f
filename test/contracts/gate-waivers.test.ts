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
    expect(verdict.notices).toEqual([]);
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
