// openPostgresStore: the Store on a PostgreSQL database, through a pg Pool; several replicas may share the database.

import pg from 'pg';
import { newestMigration } from '../pending-migrations.js';
import { exactStore, type Store } from '../store.js';
import { readScopeGeneration } from '../use-generation.js';
import type { WriteKeyOptions } from '../write-keys.js';
import { createAudit } from './audit.js';
import { createClaimMoves } from './claim-moves.js';
import { createConsumers } from './consumers.js';
import { findNewerSchema, guardSchema, TYPES, toPoolQueryable, translateError } from './db.js';
import { createDeployments, readDeploymentGeneration } from './deployments.js';
import { importRecords } from './import-records.js';
import { createMigrationWatch } from './migration-watch.js';
import { MIGRATIONS, migratePostgres } from './migrations.js';
import { createObserved } from './observed.js';
import { createOutbox } from './outbox.js';
import { exportRecords, readLastIds } from './records.js';
import { createServices } from './services.js';
import { createSpanMeets } from './span-meets.js';
import { createUseEdges, readLatestVersionGeneration } from './use-edges.js';
import { createVersions } from './versions.js';
import { rememberWrites } from './write-keys.js';

export type { Migration } from './migrations.js';
export { MIGRATIONS, migratePostgres } from './migrations.js';

export interface PostgresStoreOptions {
  /** Connections in the pool. Default 10. */
  maxConnections?: number;
  /** How long a write waits for a lock another writer holds, in ms, before ERR_STORE_BUSY. Default 5000. */
  lockTimeoutMs?: number;
  /** How long to wait for a free connection, in ms, before ERR_STORE_BUSY. Default 10000. */
  connectTimeoutMs?: number;
  /** Shown in pg_stat_activity, to tell replicas apart. Default "overseer". */
  applicationName?: string;
  /** Told when an idle connection fails (the server restarted, a failover): the pool drops it and opens another. */
  onIdleError?: (error: Error) => void;
  /** The bounds the Idempotency-Keys of writes are kept within (store/write-keys.ts); defaults for a registry. */
  writeKeys?: WriteKeyOptions;
}

function toMilliseconds(value: number | undefined, fallback: number): number {
  return value === undefined || !Number.isFinite(value) ? fallback : Math.max(0, Math.floor(value));
}

function createPool(url: string, options: PostgresStoreOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: Math.max(1, Math.floor(options.maxConnections ?? 10)),
    connectionTimeoutMillis: toMilliseconds(options.connectTimeoutMs, 10_000),
    options: `-c lock_timeout=${toMilliseconds(options.lockTimeoutMs, 5000)}`,
    application_name: options.applicationName ?? 'overseer',
    types: TYPES,
  });
  // Without a listener, an idle connection's error would crash the process.
  pool.on('error', (error) => options.onIdleError?.(error));
  return pool;
}

// A dedicated connection without lock_timeout: a replica waits for another's migration however long it takes.
async function migrate(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, application_name: 'overseer-migrate' });
  // A lost connection surfaces as the failing query's rejection; the event would otherwise crash the process.
  client.on('error', () => {});
  await client.connect();
  try {
    await migratePostgres(client);
  } finally {
    await client.end();
  }
}

async function guard<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw translateError(error);
  }
}

export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<Store> {
  await guard(() => migrate(url));
  const pool = createPool(url, options);
  guardSchema(pool, newestMigration(MIGRATIONS));
  const db = toPoolQueryable(pool);
  const services = createServices(pool, db);
  const versions = createVersions(pool, db);
  const remember = rememberWrites(options.writeKeys);
  const deployments = createDeployments(pool, db, remember);
  const consumers = createConsumers(db);
  const audit = createAudit(pool, db, remember);
  const outbox = createOutbox(pool, db, remember);
  const observed = createObserved(pool, db);
  const watch = createMigrationWatch(pool, db);
  const edges = createUseEdges(db);
  let closing: Promise<void> | undefined;

  return exactStore({
    ...services,
    ...versions,
    ...deployments,
    ...consumers,
    ...audit,
    ...outbox,
    ...observed,
    ...createSpanMeets(db),
    ...watch,
    ...edges,
    ...createClaimMoves(pool),
    exportRecords: () => exportRecords(pool),
    readLastIds: () => readLastIds(db),
    checkSchema: () => guard(() => findNewerSchema(pool)),
    importRecords: (records, lastIds) => importRecords(pool, records, lastIds),
    readScopeGeneration: (scope) =>
      readScopeGeneration(
        {
          deployments: (environment) => readDeploymentGeneration(db, environment),
          uses: consumers.readUseGeneration,
          latestVersions: () => readLatestVersionGeneration(db),
        },
        scope,
      ),
    // Waits for the queries under way; closing twice is closing once.
    close: () => (closing ??= pool.end()),
  });
}
