// A hub judged for many consumers at once: only those that use a broken part are refused, however many do not,
// and asking again about the same loaded contracts gives the same verdict.
import { describe, expect, it } from 'vitest';
import { decideDeploy, type GateVersion } from '../../contracts/gate.js';
import { mayAffect } from '../../contracts/impact.js';
import type { Declaration, Verdict } from '../../contracts/model.js';
import { diffDocs, loadDoc, revise, usersApi } from '../fixtures/impact/users-api.js';

const withoutName = revise((d) => {
  delete d.components.schemas.User.properties.name;
  d.components.schemas.User.required = ['id'];
});
const withPhone = revise((d) => {
  d.components.schemas.User.properties.phone = { type: 'string' };
});

const declare = (consumer: string, uses: Declaration['uses']): Declaration => ({ consumer, provider: 'users-service', uses });
const consumer = (name: string, uses: Declaration['uses']): GateVersion => ({ service: name, version: '1.0.0', declarations: [declare(name, uses)] });

// 60 consumers: most delete users (untouched by the change), a few read names, one uses everything.
function hubConsumers(): GateVersion[] {
  const list: GateVersion[] = [];
  for (let i = 0; i < 55; i++) list.push(consumer(`deleter-${String(i).padStart(2, '0')}`, [{ operation: 'DELETE /users/{id}' }]));
  for (let i = 0; i < 4; i++) list.push(consumer(`reader-${i}`, [{ operation: 'getUser', response: ['id', 'name'] }]));
  list.push(consumer('admin-console', '*'));
  return list;
}

async function askHub(base: GateVersion, candidate: GateVersion, consumers: GateVersion[]): Promise<Verdict> {
  return decideDeploy({
    service: 'users-service',
    version: candidate.version,
    environment: 'production',
    candidate,
    deployed: [base, ...consumers],
    today: '2025-06-01',
  });
}

describe('the gate for a hub', () => {
  it('refuses for exactly the consumers that use the broken part, the same on every ask', async () => {
    const base = { service: 'users-service', version: '1.0.0', declarations: [], contract: await loadDoc(usersApi()) };
    const candidate = { service: 'users-service', version: '2.0.0', declarations: [], contract: await loadDoc(withoutName, 'revision.json') };
    const first = await askHub(base, candidate, hubConsumers());
    const refused = first.reasons.filter((r) => r.code === 'breaks-consumer').map((r) => r.consumer);
    expect(refused).toEqual(['admin-console', 'reader-0', 'reader-1', 'reader-2', 'reader-3']);
    expect(first.reasons.find((r) => r.consumer === 'reader-0')?.changes?.[0]).toMatchObject({ operation: 'GET /users/{id}' });
    // The same loaded contracts again, then freshly loaded ones: one verdict.
    expect(await askHub(base, candidate, hubConsumers())).toEqual(first);
    const reloaded = { ...candidate, contract: await loadDoc(withoutName, 'revision.json') };
    expect(await askHub({ ...base, contract: await loadDoc(usersApi()) }, reloaded, hubConsumers())).toEqual(first);
  });

  it('lets a safe change through for all of them', async () => {
    const base = { service: 'users-service', version: '1.0.0', declarations: [], contract: await loadDoc(usersApi()) };
    const candidate = { service: 'users-service', version: '1.1.0', declarations: [], contract: await loadDoc(withPhone, 'revision.json') };
    expect((await askHub(base, candidate, hubConsumers())).reasons).toEqual([]);
  });
});

describe('mayAffect', () => {
  it('says no only for consumers that use no operation a breakable change belongs to', async () => {
    const breaking = await diffDocs(usersApi(), withoutName);
    expect(mayAffect(breaking, [declare('a', [{ operation: 'DELETE /users/{id}' }])])).toBe(false);
    expect(mayAffect(breaking, [declare('a', [{ operation: 'GET /users/{other}', response: ['id'] }])])).toBe(true);
    expect(mayAffect(breaking, [declare('a', [{ operation: 'listUsers' }])])).toBe(true);
    expect(mayAffect(breaking, [declare('a', '*')])).toBe(true);
    expect(mayAffect(await diffDocs(usersApi(), withPhone), [declare('a', '*')])).toBe(false);
  });
});
