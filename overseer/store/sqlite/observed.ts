// Observed usage on SQLite: one row per consumer, provider, operation and environment, counts added in place.

import type Database from 'better-sqlite3';
import type { ObservedCallInput, ObservedCallQuery, ObservedCallRecord } from '../observed.js';

export function createObserved(db: Database.Database) {
  const upsert = db.prepare<ObservedCallInput>(
    `INSERT INTO observed_calls (consumer, provider, operation, environment, count, first_seen, last_seen)
     VALUES (:consumer, :provider, :operation, :environment, :count, :firstSeen, :lastSeen)
     ON CONFLICT (consumer, provider, operation, environment) DO UPDATE SET
       count = count + excluded.count,
       first_seen = min(first_seen, excluded.first_seen),
       last_seen = max(last_seen, excluded.last_seen)`,
  );
  const select = db.prepare<Record<string, string | null>, ObservedCallRecord>(
    `SELECT consumer, provider, operation, environment, count, first_seen AS firstSeen, last_seen AS lastSeen FROM observed_calls
     WHERE (:consumer IS NULL OR consumer = :consumer) AND (:provider IS NULL OR provider = :provider)
       AND (:environment IS NULL OR environment = :environment) AND (:since IS NULL OR last_seen >= :since)
     ORDER BY consumer, provider, operation, environment`,
  );
  const prune = db.prepare<[string]>('DELETE FROM observed_calls WHERE last_seen < ?');

  return {
    recordObservedCalls: db.transaction((calls: readonly ObservedCallInput[]): void => {
      for (const call of calls) upsert.run(call);
    }),
    listObservedCalls(query: ObservedCallQuery = {}): ObservedCallRecord[] {
      return select.all({
        consumer: query.consumer ?? null,
        provider: query.provider ?? null,
        environment: query.environment ?? null,
        since: query.since ?? null,
      });
    },
    pruneObservedCalls: (before: string): number => prune.run(before).changes,
  };
}
