// `overseer diff --consumers`, the Action's report and the dashboard's diff judge a deprecated part's removal as the
// gate does: it blocks the consumers that still use the part whole (the operation, or the API with "*").
import { describe, expect, it } from 'vitest';
import { judgeDiff } from '../../contracts/check.js';
import { diffContracts } from '../../contracts/diff.js';
import { decideDeploy } from '../../contracts/gate.js';
import type { Declaration, Manifest } from '../../contracts/model.js';
import { deprecatedParts, loadDoc } from '../fixtures/impact/users-api.js';

const { deprecated, removed } = deprecatedParts();
const USES: Record<string, Declaration['uses']> = {
  'catalog-app': '*',
  'profile-ui': [{ operation: 'GET /users/{id}' }],
  // Lists what it sends and reads: the removed parameter is not among them.
  'admin-ui': [{ operation: 'GET /users/{id}', params: ['id'], response: ['id'] }],
};
const manifests: Manifest[] = Object.entries(USES).map(([service, uses]) => ({
  service,
  owners: [],
  declarations: [{ consumer: service, provider: 'users-service', uses }],
}));

async function judge(withBase: boolean) {
  const base = await loadDoc(deprecated, 'base.json');
  const diff = diffContracts(base, await loadDoc(removed, 'revision.json'), { today: '2025-06-01' });
  const report = judgeDiff({
    diff,
    base: { file: 'base.json' },
    revision: { file: 'revision.json' },
    failOn: 'breaking',
    consumers: { provider: 'users-service', manifests },
    ...(withBase ? { baseContract: base } : {}),
  });
  return report.changes.filter((c) => c.id.endsWith('-with-deprecation')).map((c) => [c.id, c.consumers, c.blocking]);
}

describe('a deprecated part removed, judged against consumers', () => {
  it('blocks the consumers that take the API or the operation whole, and not one that lists other parts', async () => {
    expect(await judge(true)).toEqual([
      ['api-removed-with-deprecation', ['catalog-app'], true],
      ['request-parameter-removed-with-deprecation', ['catalog-app', 'profile-ui'], true],
    ]);
  });

  it('blocks whom the gate refuses for the same two versions', async () => {
    const blocked = new Set((await judge(true)).flatMap(([, consumers]) => consumers as string[]));
    const deployed = [
      { service: 'users-service', version: '1.0.0', declarations: [], contract: await loadDoc(deprecated, 'users.json') },
      ...manifests.map((m) => ({ service: m.service, version: 'v1', declarations: m.declarations })),
    ];
    const candidate = { service: 'users-service', version: '2.0.0', declarations: [], contract: await loadDoc(removed, 'users-2.json') };
    const verdict = decideDeploy({ service: 'users-service', version: '2.0.0', environment: 'production', candidate, deployed, today: '2025-06-01' });
    const refused = new Set(verdict.reasons.filter((r) => r.code === 'breaks-consumer').map((r) => r.consumer));
    expect([...blocked].sort()).toEqual([...refused].sort());
  });

  it('blocks no one when the base contract is not given (the rules call an announced removal info)', async () => {
    expect(await judge(false)).toEqual([
      ['api-removed-with-deprecation', [], false],
      ['request-parameter-removed-with-deprecation', [], false],
    ]);
  });
});
