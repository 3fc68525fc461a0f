// Observed usage on PostgreSQL: a batch is one upsert; replicas flushing at once add up, never overwrite.

import type pg from 'pg';
import { mergeObservedCall, type ObservedCallInput, type ObservedCallQuery, type ObservedCallRecord } from '../observed.js';
import { type Queryable, transact } from './db.js';

/** One row per key (an upsert may touch a row once), in key order so that concurrent batches lock alike. */
function mergeBatch(calls: readonly ObservedCallInput[]): ObservedCallInput[] {
  const byKey = new Map<string, ObservedCallInput>();
  for (const call of calls) mergeObservedCall(byKey, call);
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, call]) => call);
}

export function createObserved(pool: pg.Pool, db: Queryable) {
  return {
    async recordObservedCalls(calls: readonly ObservedCallInput[]): Promise<void> {
      const rows = mergeBatch(calls);
      if (rows.length === 0) return;
      const column = <K extends keyof ObservedCallInput>(key: K) => rows.map((r) => r[key]);
      await transact(pool, (tx) =>
        tx.execute(
          `INSERT INTO observed_calls AS o (consumer, provider, operation, environment, count, first_seen, last_seen)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::timestamptz[], $7::timestamptz[])
           ON CONFLICT (consumer, provider, operation, environment) DO UPDATE SET
             count = o.count + excluded.count,
             first_seen = least(o.first_seen, excluded.first_seen),
             last_seen = greatest(o.last_seen, excluded.last_seen)`,
          [column('consumer'), column('provider'), column('operation'), column('environment'), column('count'), column('firstSeen'), column('lastSeen')],
        ),
      );
    },
    listObservedCalls(query: ObservedCallQuery = {}): Promise<ObservedCallRecord[]> {
      return db.query<ObservedCallRecord>(
        `SELECT consumer, provider, operation, environment, count, first_seen AS "firstSeen", last_seen AS "lastSeen" FROM observed_calls
         WHERE ($1::text IS NULL OR consumer = $1) AND ($2::text IS NULL OR provider = $2)
           AND ($3::text IS NULL OR environment = $3) AND ($4::timestamptz IS NULL OR last_seen >= $4)
         ORDER BY consumer, provider, operation, environment`,
        [query.consumer ?? null, query.provider ?? null, query.environment ?? null, query.since ?? null],
      );
    },
    pruneObservedCalls: (before: string): Promise<number> => db.execute('DELETE FROM observed_calls WHERE last_seen < $1', [before]),
    // Every commit that writes a row moves the WAL insert position at once, whoever made it (even with asynchronous
    // commit, where the position written out may lag); vacuum and checkpoints move it too: a read again, no more.
    async readWriteMark(): Promise<string> {
      const [row] = await db.query<{ lsn: string }>('SELECT pg_current_wal_insert_lsn()::text AS lsn');
      return row!.lsn;
    },
  };
}
