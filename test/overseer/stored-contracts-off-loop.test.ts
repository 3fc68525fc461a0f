// What is read from stored contracts, a provider's migrations (the dashboard's Migrations page, anonymous where no admin
// token is set, and the API) and the names `overseer usage` gives declared uses, is read in the registry's worker
// threads: the event loop receives the answer, not the deployed contract and twenty earlier ones parsed, which for a
// large contract held it for the length of a JSON.parse each.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseContract } from '../../contracts/index.js';
import { buildApp } from '../../overseer/app.js';
import { parseConfig } from '../../overseer/config.js';
import { openSqliteStore } from '../../overseer/store/sqlite/index.js';
import type { Store } from '../../overseer/store/store.js';
import { reusedSchemaController } from '../helpers/app-schemas.js';
import { reusedWorkPool } from '../helpers/app-work.js';
import { listenForLoopParses } from '../helpers/loop-parses.js';

const contract = (version: string, deprecated: boolean) => `openapi: 3.0.3
info: { title: users, version: ${version} }
paths:
  /users/{userId}:
    get:
      operationId: getUser${deprecated ? '\n      deprecated: true\n      x-sunset: 2099-01-01' : ''}
      parameters:
        - { name: userId, in: path, required: true, schema: { type: string } }
      responses:
        '200': { description: ok }
  /people/{id}:
    get:
      operationId: getPerson
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
      responses:
        '200': { description: ok }
`;

describe('stored contracts read in the worker threads', () => {
  let dir: string;
  let store: Store;
  let app: FastifyInstance;
  let url: string;
  // Every contract parsed on this thread, the registry's event loop, during one test's requests.
  let loopParses: ReturnType<typeof listenForLoopParses>;
  beforeEach(() => {
    loopParses = listenForLoopParses();
  });
  afterEach(() => loopParses.stop());

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'overseer-migrations-off-loop-'));
    const config = parseConfig({ db: join(dir, 'registry.db') }, {});
    store = openSqliteStore(config.db);
    app = buildApp({ config, store, schemaController: reusedSchemaController(), work: reusedWorkPool(config) });
    url = await app.listen({ port: 0, host: '127.0.0.1' });
    const send = async (path: string, body: unknown) => {
      const res = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(res.status, await res.text()).toBeLessThan(300);
    };
    for (const [version, deprecated] of [
      ['1.0.0', false],
      ['1.1.0', true],
      ['1.2.0', true],
    ] as const)
      await send('/v1/services/users-service/versions', { version, contract: contract(version, deprecated), service: { owners: ['@acme/users'] } });
    const manifest = 'service: web-app\nconsumes:\n  users-service:\n    - GET /users/{id}\n';
    await send('/v1/services/web-app/versions', { version: '1.0.0', manifest, service: { owners: ['@acme/web'] } });
    await send('/v1/environments', { name: 'production' });
    for (const [service, version] of [
      ['users-service', '1.2.0'],
      ['web-app', '1.0.0'],
    ])
      await send('/v1/deployments', { service, version, environment: 'production' });
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers the page and the API with the migration, its first deprecated version and its users, parsing nothing on the loop', async () => {
    const api = await (await fetch(`${url}/v1/services/users-service/migrations`)).json();
    expect(api).toEqual({
      service: 'users-service',
      migrations: [
        {
          environment: 'production',
          operation: 'GET /users/{userId}',
          deprecatedIn: '1.1.0',
          sunset: '2099-01-01',
          users: ['web-app'],
          ready: false,
        },
      ],
    });
    const page = await (await fetch(`${url}/services/users-service/migrations`)).text();
    expect(page).toContain('GET /users/{userId} (the whole operation)');
    expect(page).toContain('href="/services/web-app?environment=production">web-app</a>');
    expect(loopParses.files()).toEqual([]);
    // What the listener would have heard: a contract parsed on this thread.
    await parseContract(contract('9.0.0', false), 'here.yaml');
    expect(loopParses.files()).toEqual(['here.yaml']);
  });

  it("names the declared uses in overseer usage as the provider's contract does, parsing nothing on the loop", async () => {
    const consumer = await (await fetch(`${url}/v1/services/web-app/usage?environment=production`)).json();
    expect(consumer).toEqual({
      consumer: 'web-app',
      environment: 'production',
      uses: [{ provider: 'users-service', operation: 'GET /users/{userId}', declared: true, observed: null }],
      policy: 'both',
    });
    const provider = await (await fetch(`${url}/v1/services/users-service/usage?asProvider=true`)).json();
    expect(provider.uses).toEqual([{ consumer: 'web-app', operation: 'GET /users/{userId}', declared: true, observed: null }]);
    expect(loopParses.files()).toEqual([]);
  });

  it('lists the part the older version of a rollout still serves, naming both versions, parsing nothing on the loop', async () => {
    // 1.3.0 drops the deprecated operation and rolls out beside 1.2.0, which still serves it to web-app.
    const dropped = contract('1.3.0', false).replace(/ {2}\/users\/\{userId\}:\n[\s\S]*?(?= {2}\/people)/, '');
    expect(dropped).not.toContain('/users/{userId}');
    for (const [path, body] of [
      ['/v1/services/users-service/versions', { version: '1.3.0', contract: dropped }],
      ['/v1/deployments', { service: 'users-service', version: '1.3.0', environment: 'production', mode: 'rolling' }],
    ] as const) {
      const res = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(res.status, await res.text()).toBeLessThan(300);
    }
    const api = await (await fetch(`${url}/v1/services/users-service/migrations?environment=production`)).json();
    expect(api.migrations).toEqual([
      { environment: 'production', operation: 'GET /users/{userId}', deprecatedIn: '1.1.0', sunset: '2099-01-01', users: ['web-app'], ready: false },
    ]);
    const page = await (await fetch(`${url}/services/users-service/migrations`)).text();
    expect(page).toContain('production <span class="muted">runs <code>1.3.0, 1.2.0</code></span>');
    expect(loopParses.files()).toEqual([]);
  });
});
