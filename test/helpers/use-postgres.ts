// A test file's PostgreSQL cluster in one line: started before the file's tests, stopped after them, shared when the run has one.
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
