// The migration watch on PostgreSQL: compared and replaced under a lock per provider and environment, so that two
// replicas checking at once see one transition, not two.

import type pg from 'pg';
import { type MigrationFreed, type MigrationWatchInput, type MigrationWatchRecord, planMigrationWatch } from '../migration-watch.js';
import type { Outbox } from '../outbox.js';
import { type Queryable, transact } from './db.js';
import { enqueueAfter } from './outbox.js';

const SELECT = `SELECT provider, environment, part AS key, users, used_since AS "usedSince", updated_at AS "updatedAt" FROM migration_watch
  WHERE ($1::text IS NULL OR provider = $1) AND ($2::text IS NULL OR environment = $2) ORDER BY provider, environment, part`;

export function createMigrationWatch(pool: pg.Pool, db: Queryable) {
  return {
    listMigrationWatch: (query: { provider?: string; environment?: string } = {}): Promise<MigrationWatchRecord[]> =>
      db.query<MigrationWatchRecord>(SELECT, [query.provider ?? null, query.environment ?? null]),
    watchMigrations: (input: MigrationWatchInput, outbox?: Outbox<MigrationFreed[]>): Promise<MigrationFreed[]> =>
      transact(
        pool,
        async (tx) => {
          const stored = await tx.query<MigrationWatchRecord>(SELECT, [input.provider, input.environment]);
          const plan = planMigrationWatch(stored, input, await tx.now());
          for (const r of plan.write)
            await tx.execute(
              `INSERT INTO migration_watch (provider, environment, part, users, used_since, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
               ON CONFLICT (provider, environment, part) DO UPDATE SET users = excluded.users, used_since = excluded.used_since, updated_at = excluded.updated_at`,
              [r.provider, r.environment, r.key, JSON.stringify(r.users), r.usedSince, r.updatedAt],
            );
          if (plan.remove.length > 0)
            await tx.execute('DELETE FROM migration_watch WHERE provider = $1 AND environment = $2 AND part = ANY($3::text[])', [
              input.provider,
              input.environment,
              plan.remove,
            ]);
          return enqueueAfter(tx, plan.freed, outbox);
        },
        // The deployment space with a key of its own: a lock per provider and environment.
        { lock: { space: 'deployment', key: `migration-watch ${input.provider} ${input.environment}` } },
      ),
  };
}
