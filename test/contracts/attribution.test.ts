// Attribution as a user reads it: every change in the diff JSON lists the operations it reaches;
// a consumer is blocked by a change through the operation it uses (path parameters, shared schemas,
// security schemes); and the gate names, for each consumer, the operation that consumer calls.
import { describe, expect, it } from 'vitest';
import { judgeDiff } from '../../contracts/check.js';
import { formatJson } from '../../contracts/format/json.js';
import { decideDeploy, type GateVersion } from '../../contracts/gate.js';
import type { OpenApiDocument } from '../../contracts/load/load.js';
import type { Declaration, Manifest } from '../../contracts/model.js';
import { diffDocs, loadDoc, revise, usersApi } from '../fixtures/impact/users-api.js';

const manifest = (service: string, uses: Declaration['uses']): Manifest => ({
  service,
  owners: [`@acme/${service}`],
  declarations: [{ consumer: service, provider: 'users-service', uses }],
});

interface JsonChange {
  id: string;
  operation?: string;
  operations: string[];
  consumers: string[];
}

async function diffJson(revision: OpenApiDocument, manifests: Manifest[], base = usersApi()): Promise<JsonChange[]> {
  const diff = await diffDocs(base, revision);
  const report = judgeDiff({
    diff,
    base: { file: 'base.json' },
    revision: { file: 'revision.json' },
    failOn: 'breaking',
    consumers: { provider: 'users-service', manifests },
  });
  return JSON.parse(formatJson(report)).changes;
}

const withoutName = revise((d) => {
  delete d.components.schemas.User.properties.name;
  d.components.schemas.User.required = ['id'];
});
const idBecomesInteger = revise((d) => {
  for (const op of [d.paths['/users/{id}'].get, d.paths['/users/{id}'].delete]) op.parameters[0].schema = { type: 'integer' };
});
const withOAuth = (tokenUrl: string) =>
  revise((d) => {
    d.components.securitySchemes = { oauth: { type: 'oauth2', flows: { clientCredentials: { tokenUrl, scopes: {} } } } };
    d.paths['/users/{id}'].get.security = [{ oauth: [] }];
  });

describe('diff JSON: operations on every change', () => {
  it('a change inside a schema three operations share lists all three, and blocks each consumer through its own', async () => {
    const changes = await diffJson(withoutName, [
      manifest('profile-page', [{ operation: 'GET /users/{id}', response: ['name'] }]),
      manifest('admin-list', [{ operation: 'listUsers', response: ['items[].name'] }]),
      manifest('mailer', [{ operation: 'GET /users/{id}', response: ['email'] }]),
    ]);
    const removal = changes.find((c) => c.id === 'response-required-property-removed')!;
    expect(removal.operations).toEqual(['GET /users', 'GET /users/{id}', 'POST /users']);
    expect(removal.consumers).toEqual(['admin-list', 'profile-page']);
  });

  it('an operation-level change lists its one operation, and every change carries the key', async () => {
    const changes = await diffJson(
      revise((d) => delete d.paths['/users/{id}'].delete),
      [],
    );
    expect(changes.length).toBeGreaterThan(0);
    for (const c of changes) expect(c.operations).toEqual(c.operation ? expect.arrayContaining([c.operation]) : []);
    expect(changes.find((c) => c.operation === 'DELETE /users/{id}')!.operations).toEqual(['DELETE /users/{id}']);
  });

  it("a path parameter's type change blocks every consumer of the operation, whatever fields it names", async () => {
    const changes = await diffJson(idBecomesInteger, [
      manifest('profile-page', [{ operation: 'GET /users/{id}', response: ['name'] }]),
      manifest('janitor', [{ operation: 'deleteUser' }]),
      manifest('admin-list', [{ operation: 'GET /users' }]),
    ]);
    const typeChanges = changes.filter((c) => c.id === 'request-parameter-type-changed');
    expect(typeChanges.map((c) => [c.operation, c.consumers])).toEqual([
      ['DELETE /users/{id}', ['janitor']],
      ['GET /users/{id}', ['profile-page']],
    ]);
  });

  it('a query parameter change blocks only the consumers that send it', async () => {
    const changes = await diffJson(
      revise((d) => (d.paths['/users/{id}'].get.parameters[2].schema = { type: 'integer' })),
      [
        manifest('sends-fields', [{ operation: 'getUser', params: ['fields'], response: ['name'] }]),
        manifest('reads-only', [{ operation: 'getUser', response: ['name'] }]),
      ],
    );
    expect(changes.find((c) => c.id === 'request-parameter-type-changed')!.consumers).toEqual(['sends-fields']);
  });

  it("a security scheme's change reaches the operations that require it, and blocks their consumers", async () => {
    const changes = await diffJson(
      withOAuth('https://auth.example.com/v2/token'),
      [manifest('profile-page', [{ operation: 'GET /users/{id}', response: ['name'] }]), manifest('admin-list', [{ operation: 'GET /users' }])],
      withOAuth('https://auth.example.com/token'),
    );
    expect(changes.map((c) => [c.id, c.operation, c.operations, c.consumers])).toEqual([
      ['api-security-component-oauth-token-url-changed', undefined, ['GET /users/{id}'], ['profile-page']],
    ]);
  });
});

describe('gate: a shared-schema change named, for each consumer, by the operation it uses', () => {
  const version = async (service: string, v: string, parts: { provides?: OpenApiDocument; uses?: Declaration['uses'] }): Promise<GateVersion> => ({
    service,
    version: v,
    declarations: parts.uses ? [{ consumer: service, provider: 'users-service', uses: parts.uses }] : [],
    ...(parts.provides ? { contract: await loadDoc(parts.provides, `${service}-${v}.json`) } : {}),
  });

  it('refuses, with one reason per consumer naming its own operation', async () => {
    const deployed = [
      await version('users-service', '1.0.0', { provides: usersApi() }),
      await version('profile-page', 'p1', { uses: [{ operation: 'GET /users/{id}', response: ['name'] }] }),
      await version('admin-list', 'a1', { uses: [{ operation: 'listUsers', response: ['items[].name'] }] }),
    ];
    const verdict = decideDeploy({
      service: 'users-service',
      version: '2.0.0',
      environment: 'production',
      candidate: await version('users-service', '2.0.0', { provides: withoutName }),
      deployed,
      today: '2025-06-01',
    });
    const breaks = verdict.reasons.filter((r) => r.code === 'breaks-consumer');
    expect(breaks.map((r) => [r.consumer, r.changes!.map((c) => c.operation)])).toEqual([
      ['admin-list', ['GET /users']],
      ['profile-page', ['GET /users/{id}']],
    ]);
  });

  it("refuses a path parameter's type change for a consumer that names only response fields", async () => {
    const verdict = decideDeploy({
      service: 'users-service',
      version: '2.0.0',
      environment: 'production',
      candidate: await version('users-service', '2.0.0', { provides: idBecomesInteger }),
      deployed: [
        await version('users-service', '1.0.0', { provides: usersApi() }),
        await version('profile-page', 'p1', { uses: [{ operation: 'GET /users/{id}', response: ['name'] }] }),
      ],
      today: '2025-06-01',
    });
    expect(verdict.deployable).toBe(false);
    expect(verdict.reasons.find((r) => r.code === 'breaks-consumer')!.changes!.map((c) => [c.id, c.operation])).toEqual([
      ['request-parameter-type-changed', 'GET /users/{id}'],
    ]);
  });
});
