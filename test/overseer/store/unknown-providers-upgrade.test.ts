// A registry written before migration 19, opened by this release: the providers its declarations name that no service
// is named are listed at once, on either store, not only those declared after the upgrade.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../../overseer/store/postgres/index.js';
import { openSqliteStore } from '../../../overseer/store/sqlite/index.js';
import type { Store } from '../../../overseer/store/store.js';
import { POSTGRES_START_TIMEOUT_MS, type PostgresCluster, startPostgres } from '../../helpers/postgres.js';
import { queryDatabase } from '../../helpers/postgres-sql.js';
import { declare, seed } from './builders.js';

// web-app calls users-service right, and user-service, which no service is named.
async function seedMisspelling(store: Store): Promise<void> {
  await seed(store)
    .service('users-service')
    .service('web-app')
    .publish('web-app', '1.0.0', { declarations: [declare('web-app', 'user-service', '*'), declare('web-app', 'users-service', '*')] })
    .done();
}

describe('migration 19 meeting a registry written before it', () => {
  let cluster: PostgresCluster;
  beforeAll(async () => {
    cluster = await startPostgres();
  }, POSTGRES_START_TIMEOUT_MS);
  afterAll(async () => {
    await cluster?.stop();
  });

  it('lists the providers no service is named on SQLite', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'overseer-store-'));
    const file = join(dir, 'registry.db');
    try {
      const first = openSqliteStore(file);
      await seedMisspelling(first);
      await first.close();
      // The file as a registry before migration 19 left it.
      const db = new Database(file);
      db.exec(`DROP TRIGGER declarations_insert_unknown_provider; DROP TRIGGER declarations_update_unknown_provider;
        DROP TRIGGER services_insert_unknown_provider; DROP TABLE unknown_providers; DELETE FROM schema_migrations WHERE id = 19`);
      db.close();
      const second = openSqliteStore(file);
      expect(await second.listUnknownProviders()).toEqual(['user-service']);
      await second.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('lists the providers no service is named on PostgreSQL', async () => {
    const url = await cluster.createDatabase();
    const first = await openPostgresStore(url);
    await seedMisspelling(first);
    await first.close();
    // The database as a registry before migration 19 left it.
    await queryDatabase(
      url,
      'DROP TABLE unknown_providers; DROP FUNCTION note_unknown_providers, forget_unknown_provider CASCADE; DELETE FROM schema_migrations WHERE id = 19',
    );
    const second = await openPostgresStore(url);
    expect(await second.listUnknownProviders()).toEqual(['user-service']);
    await second.close();
  });
});
