// The PostgreSQL schema as ordered migrations, applied under an advisory lock so that replicas starting together apply them once.

import type pg from 'pg';
import { pendingMigrations } from '../pending-migrations.js';
import { LOCKS } from './db.js';
import type { RowReader } from './latest-versions.js';
import { MIGRATIONS_01_09 } from './migrations/01-09.js';
import { MIGRATIONS_10_19 } from './migrations/10-19.js';
import { MIGRATIONS_20_29 } from './migrations/20-29.js';

export interface Migration {
  id: number;
  name: string;
  sql: string;
  /** Rows SQL cannot compute (semver order), written in the migration's transaction right after its SQL. */
  fill?: (db: RowReader) => Promise<void>;
}

// Each decade of migrations in a file of its own (migrations/), in the order they are applied.
export const MIGRATIONS: readonly Migration[] = [...MIGRATIONS_01_09, ...MIGRATIONS_10_19, ...MIGRATIONS_20_29];

async function applyPending(client: pg.Client, migrations: readonly Migration[]): Promise<number[]> {
  await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)`);
  const applied = (await client.query<{ id: number }>('SELECT id FROM schema_migrations')).rows.map((r) => r.id);
  const pending = pendingMigrations(migrations, applied);
  for (const migration of pending) {
    await client.query(migration.sql);
    if (migration.fill)
      await migration.fill({ query: async <R extends pg.QueryResultRow>(sql: string, params?: unknown[]) => (await client.query<R>(sql, params)).rows });
    await client.query('INSERT INTO schema_migrations (id, name, applied_at) VALUES ($1, $2, clock_timestamp())', [migration.id, migration.name]);
  }
  return pending.map((m) => m.id);
}

/**
 * Applies the migrations not yet recorded, in one transaction (PostgreSQL DDL is transactional), holding
 * a session advisory lock: a replica starting meanwhile waits, then finds them applied. Returns the ids applied now.
 */
export async function migratePostgres(client: pg.Client, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  // The lock is per session and dies with the connection, so a replica killed mid-migration blocks no one.
  await client.query('SELECT pg_advisory_lock($1::int4, 0)', [LOCKS.migrate]);
  try {
    await client.query('BEGIN');
    try {
      const applied = await applyPending(client, migrations);
      await client.query('COMMIT');
      return applied;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1::int4, 0)', [LOCKS.migrate]);
  }
}
