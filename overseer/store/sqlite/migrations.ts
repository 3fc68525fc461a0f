// The SQLite schema as ordered migrations, kept in code so that the build ships them without copying files.

import type Database from 'better-sqlite3';
import { pendingMigrations } from '../pending-migrations.js';
import { MIGRATIONS_01_09 } from './migrations/01-09.js';
import { MIGRATIONS_10_19 } from './migrations/10-19.js';
import { MIGRATIONS_20_29 } from './migrations/20-29.js';

export interface Migration {
  id: number;
  name: string;
  sql: string;
  /** Rows SQL cannot compute (semver order), written in the migration's transaction right after its SQL. */
  fill?: (db: Database.Database) => void;
}

// Each decade of migrations in a file of its own (migrations/), in the order they are applied.
export const MIGRATIONS: readonly Migration[] = [...MIGRATIONS_01_09, ...MIGRATIONS_10_19, ...MIGRATIONS_20_29];

/**
 * Applies the migrations not yet recorded, all in one immediate transaction so that two processes
 * opening a new file at once apply them exactly once. Returns the ids applied now.
 */
export function migrateSqlite(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number[] {
  const apply = db.transaction((): number[] => {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`);
    const applied = db.prepare<[], number>('SELECT id FROM schema_migrations').pluck().all();
    const pending = pendingMigrations(migrations, applied);
    const record = db.prepare('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)');
    for (const migration of pending) {
      db.exec(migration.sql);
      migration.fill?.(db);
      record.run(migration.id, migration.name, new Date().toISOString());
    }
    return pending.map((m) => m.id);
  });
  return apply.immediate();
}
