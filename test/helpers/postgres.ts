// The tests' PostgreSQL cluster: the run's shared one when the global setup started it, else one of the file's own.
// Starting a cluster lives in bench/postgres-cluster.ts, which the registry bench uses too.
import { attachPostgres, type PostgresCluster, startOwnPostgres } from '../../bench/postgres-cluster.js';

export { databaseName, POSTGRES_START_TIMEOUT_MS, type PostgresCluster, startOwnPostgres } from '../../bench/postgres-cluster.js';

/**
 * The run's shared cluster when the global setup started one, else a new cluster of this file's own;
 * call `stop()` when done (afterAll), even when a test failed: it stops only a cluster of the file's own.
 */
export async function startPostgres(): Promise<PostgresCluster> {
  const shared = await providedByGlobalSetup('postgresUrl');
  return shared ? attachPostgres(shared) : startOwnPostgres();
}

/** Imported when called, not at the top: the global setup imports this file too, outside any test, where vitest's runtime is absent. */
async function providedByGlobalSetup(key: 'postgresUrl'): Promise<string | undefined> {
  const { inject } = await import('vitest');
  return inject(key);
}
