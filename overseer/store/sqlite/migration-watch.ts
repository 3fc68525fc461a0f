// The migration watch on SQLite: who used each deprecated part at the last check, compared and replaced in one transaction.

import type Database from 'better-sqlite3';
import { type MigrationFreed, type MigrationWatchInput, type MigrationWatchRecord, planMigrationWatch } from '../migration-watch.js';

interface Row {
  provider: string;
  environment: string;
  key: string;
  users: string;
  usedSince: string | null;
  updatedAt: string;
}

const COLUMNS = 'provider, environment, part AS key, users, used_since AS usedSince, updated_at AS updatedAt';
const toRecord = (row: Row): MigrationWatchRecord => ({ ...row, users: JSON.parse(row.users) as string[] });

export function createMigrationWatch(db: Database.Database, now: () => string) {
  const select = db.prepare<Record<string, string | null>, Row>(
    `SELECT ${COLUMNS} FROM migration_watch
     WHERE (:provider IS NULL OR provider = :provider) AND (:environment IS NULL OR environment = :environment)
     ORDER BY provider, environment, part`,
  );
  const upsert = db.prepare<[string, string, string, string, string | null, string]>(
    `INSERT INTO migration_watch (provider, environment, part, users, used_since, updated_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (provider, environment, part) DO UPDATE SET users = excluded.users, used_since = excluded.used_since, updated_at = excluded.updated_at`,
  );
  const remove = db.prepare<[string, string, string]>('DELETE FROM migration_watch WHERE provider = ? AND environment = ? AND part = ?');

  const list = (query: { provider?: string; environment?: string } = {}): MigrationWatchRecord[] =>
    select.all({ provider: query.provider ?? null, environment: query.environment ?? null }).map(toRecord);

  return {
    listMigrationWatch: list,
    /** Joins the caller's transaction (the outbox's) when there is one. */
    watchMigrations: db.transaction((input: MigrationWatchInput): MigrationFreed[] => {
      const plan = planMigrationWatch(list(input), input, now());
      for (const r of plan.write) upsert.run(r.provider, r.environment, r.key, JSON.stringify(r.users), r.usedSince, r.updatedAt);
      for (const key of plan.remove) remove.run(input.provider, input.environment, key);
      return plan.freed;
    }),
  };
}
