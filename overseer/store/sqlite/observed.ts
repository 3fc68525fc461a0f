// Observed usage on SQLite: one row per consumer, provider, operation and environment, counts added in place.

import type Database from 'better-sqlite3';
import { MAX_CALL_COUNT } from '../../../contracts/index.js';
import {
  boundCallers,
  callerKeyOf,
  type ObservedCallInput,
  type ObservedCallQuery,
  type ObservedCallRecord,
  type ObservedWriteOptions,
  type ObservedWriteResult,
  pairKeyOf,
  pairsWithNewCallers,
  readObservedRow,
} from '../observed.js';

export function createObserved(db: Database.Database) {
  // Counts add up to MAX_CALL_COUNT and stop there, never past what an INTEGER holds (a row from before may be above it).
  const upsert = db.prepare<ObservedCallInput & { consumerVersion: string }>(
    `INSERT INTO observed_calls (consumer, consumer_version, provider, operation, environment, count, first_seen, last_seen)
     VALUES (:consumer, :consumerVersion, :provider, :operation, :environment, :count, :firstSeen, :lastSeen)
     ON CONFLICT (consumer, provider, operation, environment, consumer_version) DO UPDATE SET
       count = min(count, ${MAX_CALL_COUNT} - excluded.count) + excluded.count,
       first_seen = min(first_seen, excluded.first_seen),
       last_seen = max(last_seen, excluded.last_seen)`,
  );
  // One statement per set of filters given: with `:x IS NULL OR` in one statement SQLite plans a scan of every row
  // (the plan is made once, before the values are known), and a hub's ask would read the whole table.
  const selects = new Map<string, Database.Statement<Record<string, string>, ObservedCallRecord & { consumerVersion: string }>>();
  const select = (filters: Record<string, string>) => {
    const names = Object.keys(filters);
    const key = names.join(',');
    let statement = selects.get(key);
    if (!statement) {
      const where = names.map((name) =>
        name === 'since' ? 'last_seen >= :since' : name === 'party' ? '(consumer = :party OR provider = :party)' : `${name} = :${name}`,
      );
      statement = db.prepare<Record<string, string>, ObservedCallRecord & { consumerVersion: string }>(
        `SELECT consumer, consumer_version AS consumerVersion, provider, operation, environment, count, first_seen AS firstSeen, last_seen AS lastSeen
         FROM observed_calls ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY consumer, provider, operation, environment, consumer_version`,
      );
      selects.set(key, statement);
    }
    return statement;
  };
  const prune = db.prepare<[string]>('DELETE FROM observed_calls WHERE last_seen < ?');
  // Moved by migration 20's triggers on every write of observed_calls, by any connection: another process's, and not the
  // contract writer's (a large publication), which the file's data_version counted too.
  const selectGeneration = db.prepare<[], number>('SELECT n FROM observed_call_generation WHERE id = 1').pluck();
  // The primary key starts with the consumer: a caller already held is found without reading its provider's rows.
  const holds = db
    .prepare<[string, string, string], number>('SELECT 1 FROM observed_calls WHERE consumer = ? AND provider = ? AND environment = ? LIMIT 1')
    .pluck();
  const callers = db.prepare<[string, string], number>('SELECT COUNT(DISTINCT consumer) FROM observed_calls WHERE provider = ? AND environment = ?').pluck();
  const registered = db.prepare<[string], number>('SELECT 1 FROM services WHERE name = ?').pluck();

  /** The batch's calls within the bound on callers per provider and environment, read in the write's transaction. */
  function bound(calls: readonly ObservedCallInput[], maxConsumers: number) {
    const stored = new Set<string>();
    const isRegistered = new Map<string, boolean>();
    for (const call of calls) {
      if (!isRegistered.has(call.consumer)) isRegistered.set(call.consumer, registered.get(call.consumer) !== undefined);
      if (isRegistered.get(call.consumer) || holds.get(call.consumer, call.provider, call.environment) !== undefined) stored.add(callerKeyOf(call));
    }
    const counts = new Map(pairsWithNewCallers(calls, stored).map((pair) => [pairKeyOf(pair), callers.get(pair.provider, pair.environment) ?? 0]));
    return boundCallers(calls, stored, counts, maxConsumers);
  }

  return {
    recordObservedCalls: db.transaction((calls: readonly ObservedCallInput[], options: ObservedWriteOptions = {}): ObservedWriteResult => {
      const { kept, refused } = options.maxConsumers === undefined ? { kept: calls, refused: 0 } : bound(calls, options.maxConsumers);
      for (const call of kept) upsert.run({ ...call, consumerVersion: call.consumerVersion ?? '' });
      return { refused };
    }),
    listObservedCalls(query: ObservedCallQuery = {}): ObservedCallRecord[] {
      const filters: Record<string, string> = {};
      for (const name of ['consumer', 'provider', 'party', 'environment', 'since'] as const) if (query[name] !== undefined) filters[name] = query[name];
      return select(filters).all(filters).map(readObservedRow);
    },
    readWriteMark: (): string => String(selectGeneration.get() ?? 0),
    pruneObservedCalls: (before: string): number => prune.run(before).changes,
  };
}
