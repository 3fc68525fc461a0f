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
  // One statement per set of filters given: with `:x IS NULL OR` in one statement SQLite plans a scan of every row
  // (the plan is made once, before the values are known), and a hub's ask would read the whole table.
  const selects = new Map<string, Database.Statement<Record<string, string>, ObservedCallRecord>>();
  const select = (filters: Record<string, string>) => {
    const names = Object.keys(filters);
    const key = names.join(',');
    let statement = selects.get(key);
    if (!statement) {
      const where = names.map((name) => (name === 'since' ? 'last_seen >= :since' : `${name} = :${name}`));
      statement = db.prepare<Record<string, string>, ObservedCallRecord>(
        `SELECT consumer, provider, operation, environment, count, first_seen AS firstSeen, last_seen AS lastSeen FROM observed_calls
         ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY consumer, provider, operation, environment`,
      );
      selects.set(key, statement);
    }
    return statement;
  };
  const prune = db.prepare<[string]>('DELETE FROM observed_calls WHERE last_seen < ?');

  return {
    recordObservedCalls: db.transaction((calls: readonly ObservedCallInput[]): void => {
      for (const call of calls) upsert.run(call);
    }),
    listObservedCalls(query: ObservedCallQuery = {}): ObservedCallRecord[] {
      const filters: Record<string, string> = {};
      for (const name of ['consumer', 'provider', 'environment', 'since'] as const) if (query[name] !== undefined) filters[name] = query[name];
      return select(filters).all(filters);
    },
    pruneObservedCalls: (before: string): number => prune.run(before).changes,
  };
}
