// The gate with several versions of one service live at once: a rollout, a canary, releases in users' hands.
import { describe, expect, it } from 'vitest';
import { decideDeploy, type GateVersion } from '../../contracts/gate.js';
import type { OpenApiDocument } from '../../contracts/load/load.js';
import type { Declaration, LiveKind, Verdict } from '../../contracts/model.js';
import { loadDoc, revise, usersApi } from '../fixtures/impact/users-api.js';

async function version(
  service: string,
  v: string,
  parts: { provides?: OpenApiDocument; uses?: Record<string, Declaration['uses']>; live?: LiveKind } = {},
): Promise<GateVersion> {
  const declarations = Object.entries(parts.uses ?? {}).map(([provider, uses]): Declaration => ({ consumer: service, provider, uses }));
  return {
    service,
    version: v,
    declarations,
    ...(parts.provides && { contract: await loadDoc(parts.provides, `${service}-${v}.json`) }),
    ...(parts.live && { live: parts.live }),
  };
}

const ask = (candidate: GateVersion, deployed: GateVersion[]): Verdict =>
  decideDeploy({ service: candidate.service, version: candidate.version, environment: 'production', candidate, deployed, today: '2025-06-01' });

// 2.0.0 adds GET /users/{id}/avatar; 1.0.0 does not have it.
const withAvatar = revise((d) => {
  d.paths['/users/{id}/avatar'] = {
    get: {
      operationId: 'getAvatar',
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      responses: { '200': { description: 'the avatar' } },
    },
  };
});
const withoutEmail = revise((d) => {
  delete d.components.schemas.User.properties.email;
});
const readsAvatar = { 'users-service': [{ operation: 'GET /users/{id}/avatar' }] };
const readsEmail = { 'users-service': [{ operation: 'GET /users/{id}', response: ['id', 'email'] }] };
const readsId = { 'users-service': [{ operation: 'GET /users/{id}', response: ['id'] }] };

describe('decideDeploy with several live versions', () => {
  it('refuses a consumer that needs what only the rolling version offers, naming the old one, until it ends', async () => {
    const old = await version('users-service', '1.0.0', { provides: usersApi(), live: 'deployed' });
    const rolling = await version('users-service', '2.0.0', { provides: withAvatar, live: 'rolling' });
    const web = await version('web-app', '5.0.0', { uses: readsAvatar });

    const during = ask(web, [old, rolling]);
    expect(during.deployable).toBe(false);
    expect(during.reasons).toHaveLength(1);
    expect(during.reasons[0]).toMatchObject({ code: 'operation-missing', provider: 'users-service', providerVersion: '1.0.0' });
    expect(during.reasons[0]!.message).toMatch(/users-service 1\.0\.0 is live there beside users-service 2\.0\.0 \(rolling\)/);

    expect(ask(web, [rolling]).deployable).toBe(true);
  });

  it('refuses a provider change that breaks a supported release, and allows it once that support ends', async () => {
    const current = await version('users-service', '1.0.0', { provides: usersApi(), live: 'deployed' });
    const old = await version('mobile-app', '4.1.0', { uses: readsEmail, live: 'released' });
    const recent = await version('mobile-app', '4.3.0', { uses: readsId, live: 'released' });
    const candidate = await version('users-service', '2.0.0', { provides: withoutEmail });

    const supported = ask(candidate, [current, old, recent]);
    expect(supported.deployable).toBe(false);
    const breaks = supported.reasons.filter((r) => r.code === 'breaks-consumer');
    expect(breaks.map((r) => r.consumerVersion)).toEqual(['4.1.0']);
    expect(breaks[0]!.message).toMatch(/would break mobile-app 4\.1\.0 \(a supported release\)/);

    expect(ask(candidate, [current, recent]).deployable).toBe(true);
  });

  it('judges a provider candidate against every live version of itself, reporting a change seen from both once', async () => {
    const one = await version('users-service', '1.0.0', { provides: usersApi(), live: 'deployed' });
    const two = await version('users-service', '1.1.0', { provides: withAvatar, live: 'rolling' });
    const web = await version('web-app', '5.0.0', { uses: readsEmail, live: 'deployed' });
    const verdict = ask(await version('users-service', '2.0.0', { provides: withoutEmail }), [one, two, web]);
    const breaks = verdict.reasons.filter((r) => r.code === 'breaks-consumer');
    expect(breaks).toHaveLength(1);
    const emailChanges = (breaks[0]!.changes ?? []).filter((c) => c.message.includes('email'));
    expect(emailChanges).toHaveLength(1);
  });
});
