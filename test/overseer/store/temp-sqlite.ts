// A store on a new SQLite file for one test, for the files that run the same cases on SQLite and PostgreSQL.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore, type SqliteStoreOptions } from '../../../overseer/store/sqlite/index.js';
import { writeMigratedSqlite } from '../../helpers/migrated-sqlite.js';
import type { StoreHandle } from './store-suite.js';

/** In a folder of its own, which cleanup removes with the file after closing the store; the file starts migrated. */
export async function openTempSqlite(options?: SqliteStoreOptions): Promise<StoreHandle> {
  const dir = await mkdtemp(join(tmpdir(), 'overseer-store-'));
  await writeMigratedSqlite(join(dir, 'registry.db'));
  const store = openSqliteStore(join(dir, 'registry.db'), options);
  return {
    store,
    cleanup: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
