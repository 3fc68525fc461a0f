// A registry moved into PostgreSQL by `overseer import` is one bulk transaction, after which the planner knew nothing of
// the tables' sizes until autovacuum analysed them, a minute or more later: the checks the registry runs at start and
// its first asks were planned blind. The planner's own row counts (pg_class.reltuples, -1 before any analysis) show
// what it knows once the import is in.
import { afterEach, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../../overseer/store/postgres/index.js';
import type { Store, StoreRecord } from '../../../overseer/store/store.js';
import { countRows, queryDatabase } from '../../helpers/postgres-sql.js';
import { usePostgres } from '../../helpers/use-postgres.js';
import { seedRegistry } from './dump-seed.js';
import { openTempSqlite } from './temp-sqlite.js';

const cluster = usePostgres();
const TABLES = ['services', 'versions', 'declarations', 'deployments', 'contracts'];

describe('an import into PostgreSQL', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function exported(): Promise<StoreRecord[]> {
    const source = await openTempSqlite();
    cleanups.push(source.cleanup);
    await seedRegistry(source.store);
    const records: StoreRecord[] = [];
    for await (const record of source.store.exportRecords()) records.push(record);
    return records;
  }

  it('leaves the planner knowing how many rows each table it wrote holds', async () => {
    const url = await cluster().createDatabase();
    const store: Store = await openPostgresStore(url);
    cleanups.push(() => store.close());
    expect(await store.importRecords(await exported())).toBe(true);
    const known = await queryDatabase<{ relname: string; reltuples: number }>(
      url,
      'SELECT relname, reltuples::int AS reltuples FROM pg_class WHERE relname = ANY($1::text[]) ORDER BY relname',
      [TABLES],
    );
    const counted = await Promise.all([...TABLES].sort().map(async (relname) => ({ relname, reltuples: await countRows(url, relname) })));
    expect(counted.every((t) => t.reltuples > 0)).toBe(true);
    expect(known).toEqual(counted);
  });
});
