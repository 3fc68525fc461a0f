// PostgreSQL replicas meeting the schema: migrating at once, a registry written before a migration, and a database a
// newer Overseer migrated. Each test migrates (or tampers with) a fresh database of its own.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, openPostgresStore } from '../../../overseer/store/postgres/index.js';
import type { Store } from '../../../overseer/store/store.js';
import { countRows, queryDatabase } from '../../helpers/postgres-sql.js';
import { usePostgres } from '../../helpers/use-postgres.js';
import { seedLowerVersionLast } from './suite/assertions.js';

const cluster = usePostgres();
const SERVICE = 'users-service';

describe('PostgreSQL migrations under replicas', () => {
  let url: string;
  const opened: Store[] = [];
  const open = async () => {
    const store = await openPostgresStore(url);
    opened.push(store);
    return store;
  };

  beforeEach(async () => {
    url = await cluster().createDatabase();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });

  it('applies its migrations once when replicas start together, and not again on restart', async () => {
    await Promise.all(Array.from({ length: 6 }, () => open()));
    const migrations = await queryDatabase(url, 'SELECT id, applied_at FROM schema_migrations ORDER BY id');
    expect(migrations.map((m) => m.id)).toEqual(MIGRATIONS.map((m) => m.id));
    await open();
    expect(await queryDatabase(url, 'SELECT id, applied_at FROM schema_migrations ORDER BY id')).toEqual(migrations);
  });

  it("fills each service's latest version when migration 12 meets a registry written before it", async () => {
    const first = await open();
    await seedLowerVersionLast(first);
    await first.close();
    // The database as a registry before migration 12 left it.
    await queryDatabase(url, 'DROP TABLE latest_versions; DELETE FROM schema_migrations WHERE id = 12');
    const second = await open();
    expect(await second.listUseEdges()).toEqual([{ consumer: 'web-app', version: '1.10.0', provider: 'users-service' }]);
  });

  it('refuses a database migrated by a newer Overseer', async () => {
    await open();
    await queryDatabase(url, "INSERT INTO schema_migrations (id, name, applied_at) VALUES (999, 'future', now())");
    const newest = MIGRATIONS[MIGRATIONS.length - 1].id;
    await expect(open()).rejects.toMatchObject({
      code: 'ERR_STORE_SCHEMA',
      message: `the database has migrations this Overseer does not know (999; this Overseer knows migrations up to ${newest}): it was written by a newer version`,
    });
  });

  it('writes nothing once a newer Overseer migrated the database under it (a rolling upgrade), and reads on', async () => {
    const store = await open();
    await store.upsertService({ name: SERVICE, owners: [] });
    expect(await store.checkSchema()).toBeUndefined();
    await queryDatabase(url, "INSERT INTO schema_migrations (id, name, applied_at) VALUES (999, 'future', now())");
    const refusal = { code: 'ERR_STORE_SCHEMA', message: expect.stringContaining('a newer Overseer migrated the database while this one was running (999;') };
    // What /healthz reads to take the replica out of its load balancer, before a write is refused.
    expect(await store.checkSchema()).toMatchObject(refusal);
    await expect(store.upsertService({ name: 'orders-service', owners: [] })).rejects.toMatchObject(refusal);
    await expect(store.publishVersion({ service: SERVICE, version: '1.0.0' })).rejects.toMatchObject(refusal);
    expect(await countRows(url, 'services')).toBe(1);
    expect(await countRows(url, 'versions')).toBe(0);
    expect((await store.getService(SERVICE))?.name).toBe(SERVICE);
  });
});
