// The pool, its type parsers, and transactions: retried on serialization failures, serialised by advisory locks.

import pg from 'pg';
import { StoreError } from '../errors.js';
import { newerSchema } from '../pending-migrations.js';

/** The database's clock, to the millisecond: replicas' clocks differ, and SQLite keeps milliseconds too. */
export const NOW_MS = "date_trunc('milliseconds', clock_timestamp())";

/** A listing's page by name (services, environments, tokens): after $1 unless null, at most $2 rows (LIMIT NULL is every row). */
export const AFTER_NAME = '($1::text IS NULL OR name > $1)';

/** Whether `id` can name a row of a bigserial column: any other number names no row, rather than failing the query's cast. */
export const isRowId = (id: number): boolean => Number.isSafeInteger(id) && id > 0;

// Advisory lock spaces (the first int of the two-int form); "OVS" in the high bytes keeps them clear of other apps.
const LOCK_BASE = 0x4f565300;
export const LOCKS = {
  migrate: LOCK_BASE + 1,
  service: LOCK_BASE + 2,
  version: LOCK_BASE + 3,
  deployment: LOCK_BASE + 4,
  hosts: LOCK_BASE + 5,
  names: LOCK_BASE + 6,
  repositories: LOCK_BASE + 7,
  token: LOCK_BASE + 8,
  notification: LOCK_BASE + 9,
} as const;
type LockSpace = keyof typeof LOCKS;

const RETRYABLE = new Set(['40001', '40P01']); // serialization_failure, deadlock_detected
const BUSY = new Set(['55P03', '57014']); // lock_not_available (lock_timeout), query_canceled (statement_timeout)
const MAX_ATTEMPTS = 8;

const INT8_OID = 20;
const TIMESTAMPTZ_OID = 1184;

/** A statement runner: the pool outside a transaction, one client inside. */
export interface Queryable {
  query<R extends pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<R[]>;
  /** Rows changed by the statement. */
  execute(sql: string, params?: unknown[]): Promise<number>;
}

export interface Transaction extends Queryable {
  /** The database time, read once per transaction so that one write stamps every row alike. */
  now(): Promise<string>;
}

interface TransactionOptions {
  /** Waits for the advisory lock of this key first: the writers of one key run one after the other. */
  lock?: { space: LockSpace; key: string };
  /** Never run again (on a serialization failure or a lost connection): `work` reads what it cannot read twice. */
  once?: boolean;
}

// A timestamptz as a session in UTC writes it, to the millisecond (as every time the store stamps): rewritten as ISO text
// without a Date between, which cost a leaf's ask a regular expression, a Date and its printing per time read.
const UTC_TEXT = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,3}))?\+00$/;

// Ids as numbers and times as ISO strings, exactly as the SQLite store returns them; only for this pool.
function parseTimestamp(text: string): string {
  const utc = UTC_TEXT.exec(text);
  if (utc) return `${utc[1]}T${utc[2]}.${(utc[3] ?? '').padEnd(3, '0')}Z`;
  return (pg.types.getTypeParser(TIMESTAMPTZ_OID, 'text')(text) as Date).toISOString();
}

export const TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8_OID) return (text: string) => Number(text);
    if (oid === TIMESTAMPTZ_OID) return parseTimestamp;
    return pg.types.getTypeParser(oid, format ?? 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export function isUniqueViolation(error: unknown): boolean {
  return errorCode(error) === '23505';
}

/** PostgreSQL errors that mean "busy, try again" become ERR_STORE_BUSY; everything else passes through. */
export function translateError(error: unknown): unknown {
  const code = errorCode(error);
  const timedOut = error instanceof Error && /timeout exceeded when trying to connect/.test(error.message);
  if ((code !== undefined && (BUSY.has(code) || RETRYABLE.has(code))) || timedOut) {
    return new StoreError('ERR_STORE_BUSY', 'the database stayed busy with other writers; try again', {}, { cause: error });
  }
  return error;
}

// PostgreSQL parsed and planned every statement at every run: a leaf's can-i-deploy runs a dozen small reads, whose
// parsing and planning cost more of the server than running them. A statement with parameters (so one command) is
// prepared once per connection under a name of its own. The store's texts are a fixed set, a few hundred; past this
// many (a text built from values somewhere) statements run unnamed, so a connection never holds an unbounded number.
const MAX_NAMED = 1024;
const statementNames = new Map<string, string>();

function toConfig(sql: string, params: unknown[]): pg.QueryConfig | string {
  if (params.length === 0) return sql;
  let name = statementNames.get(sql);
  if (name === undefined && statementNames.size < MAX_NAMED) statementNames.set(sql, (name = `overseer_${statementNames.size}`));
  return name === undefined ? sql : { name, text: sql, values: params };
}

/** Statements on one client, errors as they come (a transaction decides about retries). */
export function toQueryable(client: pg.Pool | pg.PoolClient): Queryable {
  const run = <R extends pg.QueryResultRow>(sql: string, params: unknown[]) => {
    const config = toConfig(sql, params);
    return typeof config === 'string' ? client.query<R>(config, params) : client.query<R>(config);
  };
  return {
    query: async <R extends pg.QueryResultRow>(sql: string, params: unknown[] = []) => (await run<R>(sql, params)).rows,
    execute: async (sql, params = []) => (await run(sql, params)).rowCount ?? 0,
  };
}

/** Single statements on the pool, each its own transaction, with busy errors translated. */
export function toPoolQueryable(pool: pg.Pool): Queryable {
  const base = toQueryable(pool);
  return {
    query: <R extends pg.QueryResultRow>(sql: string, params?: unknown[]) =>
      base.query<R>(sql, params).catch((error: unknown) => Promise.reject(translateError(error))),
    execute: (sql, params) => base.execute(sql, params).catch((error: unknown) => Promise.reject(translateError(error))),
  };
}

function pause(attempt: number): Promise<void> {
  const ms = Math.random() * Math.min(200, 5 * 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// A client whose ROLLBACK failed has lost its connection: it is destroyed, not returned to the pool.
async function rollback(client: pg.PoolClient): Promise<Error | undefined> {
  try {
    await client.query('ROLLBACK');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/** Thrown by `attempt` when the connection died before COMMIT was sent: nothing was written, so it may run again. */
class ConnectionLost extends Error {
  constructor(cause: unknown) {
    super('the database connection was lost before the transaction committed', { cause });
  }
}

/** Checks out a client that reports a lost connection through its next query, not as an unhandled 'error' event. */
export async function checkOut(pool: pg.Pool): Promise<{ client: pg.PoolClient; checkIn(broken?: Error): void }> {
  const client = await pool.connect();
  const ignore = () => {};
  client.on('error', ignore);
  const checkIn = (broken?: Error) => {
    client.off('error', ignore);
    client.release(broken);
  };
  return { client, checkIn };
}

// The newest migration each pool's code knows. An old replica left running while a newer one migrates the database
// (a rolling upgrade) would write rows the new schema reads otherwise: its transactions check first, and refuse.
const KNOWN_SCHEMA = new WeakMap<pg.Pool, number>();

/** Makes every transaction on `pool` refuse with ERR_STORE_SCHEMA once the database holds a migration above `newest`. */
export function guardSchema(pool: pg.Pool, newest: number): void {
  KNOWN_SCHEMA.set(pool, newest);
}

/** ERR_STORE_SCHEMA once the database holds a migration above the one `pool`'s code knows (guardSchema), else undefined. */
export async function findNewerSchema(pool: pg.Pool): Promise<StoreError | undefined> {
  const known = KNOWN_SCHEMA.get(pool);
  if (known === undefined) return undefined;
  const { rows } = await pool.query<{ id: number }>(`${SELECT_NEWER}$1 ORDER BY id`, [known]);
  return refusalOf(rows, known);
}

// The migrations above the one this code knows; the same question in a transaction's first round trip and on /healthz.
const SELECT_NEWER = 'SELECT id FROM schema_migrations WHERE id > ';

function refusalOf(rows: { id: number }[], known: number): StoreError | undefined {
  return rows.length > 0
    ? newerSchema(
        rows.map((row) => row.id),
        known,
        true,
      )
    : undefined;
}

// One round trip. The migration lock taken shared makes a migration wait for the writes under way, and a write wait
// for a migration under way; in READ COMMITTED the last statement's snapshot is taken once the lock is granted.
async function beginChecked(client: pg.PoolClient, known: number): Promise<void> {
  const sql = `BEGIN; SELECT pg_advisory_xact_lock_shared(${LOCKS.migrate}, 0); ${SELECT_NEWER}${known} ORDER BY id`;
  const results = (await client.query(sql)) as unknown as pg.QueryResult<{ id: number }>[];
  const refused = refusalOf(results[2].rows, known);
  if (refused) throw refused;
}

async function attempt<T>(pool: pg.Pool, work: (tx: Transaction) => Promise<T>, options: TransactionOptions): Promise<T> {
  const { client, checkIn } = await checkOut(pool);
  let broken: Error | undefined;
  let committing = false;
  try {
    const known = KNOWN_SCHEMA.get(pool);
    await (known === undefined ? client.query('BEGIN') : beginChecked(client, known));
    if (options.lock) await client.query('SELECT pg_advisory_xact_lock($1::int4, hashtext($2))', [LOCKS[options.lock.space], options.lock.key]);
    let time: Promise<string> | undefined;
    const base = toQueryable(client);
    const now = () => (time ??= base.query<{ now: string }>(`SELECT ${NOW_MS} AS now`).then((rows) => rows[0].now));
    const result = await work({ ...base, now });
    committing = true;
    await client.query('COMMIT');
    return result;
  } catch (error) {
    broken = await rollback(client);
    // Once COMMIT is sent its outcome is unknown: only a transaction lost before that is safe to run again.
    throw broken && !committing ? new ConnectionLost(error) : error;
  } finally {
    checkIn(broken);
  }
}

/**
 * Runs `work` in a READ COMMITTED transaction. Writers that must not interleave take an advisory lock first;
 * each statement after it sees what the previous holder committed. A serialization failure, a deadlock, or a
 * connection lost before COMMIT (a replica's connections cut by a failover) runs the transaction again.
 */
export async function transact<T>(pool: pg.Pool, work: (tx: Transaction) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt(pool, work, options);
    } catch (error) {
      const code = errorCode(error);
      const again = options.once !== true && (error instanceof ConnectionLost || (code !== undefined && RETRYABLE.has(code)));
      if (again && tries < MAX_ATTEMPTS) {
        await pause(tries);
        continue;
      }
      if (error instanceof ConnectionLost) throw error.cause;
      throw translateError(error);
    }
  }
}
