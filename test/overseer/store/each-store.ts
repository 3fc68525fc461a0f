// The two stores a file runs its cases on, each opened fresh per case and closed after the file: the cases count reads
// or round trips, which differ by store, so each file states them for both without repeating how each store is opened.
import { afterAll } from 'vitest';
import { openPostgresStore } from '../../../overseer/store/postgres/index.js';
import { usePostgres } from '../../helpers/use-postgres.js';
import type { StoreHandle } from './store-suite.js';
import { openTempSqlite } from './temp-sqlite.js';

/** For `describe.each`: SQLite on a new file, PostgreSQL on a new database of the run's cluster. Call it at the file's top. */
export function eachStore(): [string, () => Promise<StoreHandle>][] {
  const cluster = usePostgres();
  const openPostgres = async (): Promise<StoreHandle> => {
    const store = await openPostgresStore(await cluster().createDatabase());
    return { store, cleanup: () => store.close() };
  };
  return [
    ['SQLite', openTempSqlite],
    ['PostgreSQL', openPostgres],
  ];
}

/** A list the cases push their cleanups on, run newest first after the describe's cases. */
export function useCleanups(): (() => Promise<void>)[] {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });
  return cleanups;
}
