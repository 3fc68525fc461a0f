// The shared store suite on PostgreSQL: each test takes a migrated database, emptied after the test before it.
import { openPostgresStore } from '../../../overseer/store/postgres/index.js';
import { useMigratedDatabases } from '../../helpers/postgres-reuse.js';
import { usePostgres } from '../../helpers/use-postgres.js';
import { describeStoreSuite } from './store-suite.js';

const databases = useMigratedDatabases(usePostgres());

describeStoreSuite('postgres', async (options) => {
  const url = await databases().take();
  const store = await openPostgresStore(url, options);
  return {
    store,
    cleanup: async () => {
      await store.close();
      databases().give(url);
    },
  };
});
