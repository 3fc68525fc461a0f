// Observed usage on PostgreSQL: a batch is one upsert; replicas flushing at once add up, never overwrite.

import type pg from 'pg';
import { MAX_CALL_COUNT } from '../../../contracts/index.js';
import {
  boundCallers,
  callerKeyOf,
  mergeObservedCall,
  type ObservedCallInput,
  type ObservedCallQuery,
  type ObservedCallRecord,
  type ObservedWriteOptions,
  type ObservedWriteResult,
  pairKeyOf,
  pairsWithNewCallers,
  readObservedRow,
} from '../observed.js';
import { type Queryable, transact } from './db.js';

type Row = { consumer: string; provider: string; environment: string };

/** One row per key (an upsert may touch a row once), in key order so that concurrent batches lock alike. */
function mergeBatch(calls: readonly ObservedCallInput[]): ObservedCallInput[] {
  const byKey = new Map<string, ObservedCallInput>();
  for (const call of calls) mergeObservedCall(byKey, call);
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, call]) => call);
}

/** A batch added to its rows: counts add up to MAX_CALL_COUNT and stop there (no bigint overflow), first and last seen widen. */
function insert(tx: Queryable, rows: ObservedCallInput[]): Promise<number> {
  const column = <K extends keyof ObservedCallInput>(key: K) => rows.map((r) => r[key]);
  return tx.execute(
    `INSERT INTO observed_calls AS o (consumer, provider, operation, environment, count, first_seen, last_seen, consumer_version)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::timestamptz[], $7::timestamptz[], $8::text[])
     ON CONFLICT (consumer, provider, operation, environment, consumer_version) DO UPDATE SET
       count = least(o.count, ${MAX_CALL_COUNT} - excluded.count) + excluded.count,
       first_seen = least(o.first_seen, excluded.first_seen),
       last_seen = greatest(o.last_seen, excluded.last_seen)`,
    [
      ...(['consumer', 'provider', 'operation', 'environment', 'count', 'firstSeen', 'lastSeen'] as const).map(column),
      rows.map((r) => r.consumerVersion ?? ''),
    ],
  );
}

/** The batch's calls within the bound on callers per provider and environment, read in the write's transaction. */
async function bound(tx: Queryable, rows: ObservedCallInput[], maxConsumers: number) {
  const held = await tx.query<Row>(
    `SELECT DISTINCT consumer, provider, environment FROM observed_calls
     WHERE (consumer, provider, environment) IN (SELECT * FROM unnest($1::text[], $2::text[], $3::text[]))`,
    [rows.map((r) => r.consumer), rows.map((r) => r.provider), rows.map((r) => r.environment)],
  );
  const services = await tx.query<{ name: string }>('SELECT name FROM services WHERE name = ANY($1::text[])', [[...new Set(rows.map((r) => r.consumer))]]);
  const registered = new Set(services.map((s) => s.name));
  const stored = new Set([...held, ...rows.filter((r) => registered.has(r.consumer))].map(callerKeyOf));
  const pairs = pairsWithNewCallers(rows, stored);
  const counted =
    pairs.length === 0
      ? []
      : await tx.query<{ provider: string; environment: string; n: number }>(
          `SELECT provider, environment, count(DISTINCT consumer)::int AS n FROM observed_calls
           WHERE (provider, environment) IN (SELECT * FROM unnest($1::text[], $2::text[])) GROUP BY provider, environment`,
          [pairs.map((p) => p.provider), pairs.map((p) => p.environment)],
        );
  return boundCallers(rows, stored, new Map(counted.map((c) => [pairKeyOf(c), c.n])), maxConsumers);
}

export function createObserved(pool: pg.Pool, db: Queryable) {
  return {
    async recordObservedCalls(calls: readonly ObservedCallInput[], options: ObservedWriteOptions = {}): Promise<ObservedWriteResult> {
      const merged = mergeBatch(calls);
      if (merged.length === 0) return { refused: 0 };
      return transact(pool, async (tx) => {
        const { kept: rows, refused } = options.maxConsumers === undefined ? { kept: merged, refused: 0 } : await bound(tx, merged, options.maxConsumers);
        if (rows.length > 0) await insert(tx, rows);
        return { refused };
      });
    },

    async listObservedCalls(query: ObservedCallQuery = {}): Promise<ObservedCallRecord[]> {
      const rows = await db.query<ObservedCallRecord & { consumerVersion: string }>(
        `SELECT consumer, consumer_version AS "consumerVersion", provider, operation, environment, count, first_seen AS "firstSeen", last_seen AS "lastSeen"
         FROM observed_calls
         WHERE ($1::text IS NULL OR consumer = $1) AND ($2::text IS NULL OR provider = $2)
           AND ($3::text IS NULL OR environment = $3) AND ($4::timestamptz IS NULL OR last_seen >= $4)
           AND ($5::text IS NULL OR consumer = $5 OR provider = $5)
         ORDER BY consumer, provider, operation, environment, consumer_version`,
        [query.consumer ?? null, query.provider ?? null, query.environment ?? null, query.since ?? null, query.party ?? null],
      );
      return rows.map(readObservedRow);
    },
    pruneObservedCalls: (before: string): Promise<number> => db.execute('DELETE FROM observed_calls WHERE last_seen < $1', [before]),
    // Migration 21's count of observed-call writes, moved at commit by any replica's: a verdict recorded leaves it alone.
    async readWriteMark(): Promise<string> {
      const [row] = await db.query<{ n: string }>('SELECT n::text AS n FROM observed_call_generation WHERE id = 1');
      return row!.n;
    },
  };
}
