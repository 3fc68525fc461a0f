// The consumers listing, `overseer usage` and the service page name a use alike, and alike leave it as declared
// when the provider's stored contract no longer parses (a stricter reader since it was published).

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../overseer/app.js';
import { parseConfig } from '../../overseer/config.js';
import { openSqliteStore } from '../../overseer/store/sqlite/index.js';
import { reusedSchemaController } from '../helpers/app-schemas.js';
import { reusedWorkPool } from '../helpers/app-work.js';
import { type Harness, sendTo } from './routes/harness.js';
import { seedRegistry } from './routes/seed.js';

let dir: string;
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  await rm(dir, { recursive: true, force: true });
});

/**
 * A registry on the SQLite file of `dir`, started afresh so that nothing its app parsed before is remembered. The worker
 * pool is the process's shared one, unless `restarted`: workers answer a contract asked by hash alone from the parse they
 * keep (a hash fixes a stored text), so a text changed on disk under its hash is read again by new workers only, as after
 * the upgrade that brought a stricter reader.
 */
async function open(restarted = false): Promise<Harness> {
  const config = parseConfig({ db: join(dir, 'registry.db') }, {});
  const store = openSqliteStore(config.db);
  const work = restarted ? undefined : reusedWorkPool(config);
  const app = buildApp({ config, store, schemaController: reusedSchemaController(), ...(work && { work }) });
  await app.ready();
  return { app, store, config, send: sendTo(app), close: () => app.close().then(() => store.close()) };
}

/** What a user reads of one use in each of the three places. */
async function readNames(registry: Harness) {
  const listing = (await registry.send('GET', '/v1/services/users-service/consumers')).json();
  const usage = await registry.send('GET', '/v1/services/users-service/usage?asProvider=true');
  expect(usage.statusCode, usage.body).toBe(200);
  const page = await registry.send('GET', '/services/checkout-web');
  expect(page.statusCode).toBe(200);
  return {
    listing: listing.consumers.find((c: { consumer: string }) => c.consumer === 'checkout-web').uses[0],
    namedBy: listing.namedBy,
    usage: usage.json().uses.map((u: { consumer: string; operation: string }) => `${u.consumer} ${u.operation}`),
    page: /<li class="usage" data-provider="users-service">([\s\S]*?)<\/li>/
      .exec(page.body)?.[1]
      .replace(/<[^>]*>/g, ' ')
      .replace(/\s+/g, ' '),
  };
}

describe('one operation labeller', () => {
  it('names a use by the provider contract everywhere, and leaves it as declared everywhere once that contract no longer parses', async () => {
    dir = await mkdtemp(join(tmpdir(), 'overseer-labeller-'));
    h = await open();
    await seedRegistry(h);
    const named = await readNames(h);
    expect(named.listing).toEqual({ operation: 'getUser', label: 'GET /users/{id}', operationId: 'getUser', line: 5, response: ['id', 'name', 'email'] });
    expect(named.namedBy).toBe('1.0.0');
    expect(named.usage).toEqual(['billing-worker GET /users/{id}', 'checkout-web GET /users/{id}']);
    expect(named.page).toContain('GET /users/{id} getUser declared');
    await h.close();

    const db = new Database(join(dir, 'registry.db'));
    db.prepare('UPDATE contracts SET text = ?').run('openapi: [unclosed');
    db.close();
    h = await open(true);
    const declared = await readNames(h);
    expect(declared.listing).toEqual({ operation: 'getUser', line: 5, response: ['id', 'name', 'email'] });
    expect(declared.namedBy).toBeUndefined();
    expect(declared.usage).toEqual(['billing-worker GET /users/{id}', 'checkout-web getUser']);
    expect(declared.page).toContain('read getUser none');
    expect(declared.page).not.toContain('GET /users/{id}');
  });

  it('leaves as declared the uses of a provider the registry does not know, on the service page and in overseer usage', async () => {
    dir = await mkdtemp(join(tmpdir(), 'overseer-labeller-'));
    h = await open();
    await seedRegistry(h);
    const manifest = 'service: checkout-web\nowners: ["@acme/checkout"]\nconsumes:\n  users-service:\n    - getUser\n  user-servce:\n    - getUser\n';
    expect((await h.send('POST', '/v1/services/checkout-web/versions', { version: '1.1.0', manifest })).statusCode).toBe(201);
    const usage = await h.send('GET', '/v1/services/checkout-web/usage');
    expect(usage.statusCode, usage.body).toBe(200);
    expect(usage.json().uses.map((u: { provider: string; operation: string }) => `${u.provider} ${u.operation}`)).toEqual([
      'user-servce getUser',
      'users-service GET /users/{id}',
    ]);
    const page = await h.send('GET', '/services/checkout-web');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-provider="user-servce"');
  });
});
