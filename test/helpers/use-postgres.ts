// A test file's PostgreSQL cluster, started before its tests and stopped after them, as the store files each wrote out.
import { afterAll, beforeAll } from 'vitest';
import { POSTGRES_START_TIMEOUT_MS, type PostgresCluster, startPostgres } from './postgres.js';

/** Registers the file's beforeAll and afterAll; the returned function gives the cluster inside a test or a later hook. */
export function usePostgres(): () => PostgresCluster {
  let cluster: PostgresCluster | undefined;
  beforeAll(async () => {
    cluster = await startPostgres();
  }, POSTGRES_START_TIMEOUT_MS);
  afterAll(async () => {
    await cluster?.stop();
  });
  return () => {
    if (!cluster) throw new Error('the PostgreSQL cluster is not started: read it inside a test or a hook');
    return cluster;
  };
}
