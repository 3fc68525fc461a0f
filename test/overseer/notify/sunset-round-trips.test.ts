// The sunset check on PostgreSQL reads the deployed versions and their contracts a page at a time: one by one, a
// replica started on a 5,000-service registry sent 25,000 queries at start and answered slowly while they ran. The
// statements reading versions and contracts are counted on the client's connections to this file's database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../overseer/config.js';
import { checkSunsets } from '../../../overseer/notify/sunset.js';
import { openPostgresStore } from '../../../overseer/store/postgres/index.js';
import type { Store } from '../../../overseer/store/store.js';
import type { WorkPool } from '../../../overseer/work/pool.js';
import { reusedWorkPool } from '../../helpers/app-work.js';
import { logStatements, type StatementLog } from '../../helpers/postgres-statements.js';
import { usePostgres } from '../../helpers/use-postgres.js';
import { makeContract, seed } from '../store/builders.js';

const cluster = usePostgres();

describe('the sunset check on PostgreSQL', () => {
  let store: Store;
  let statements: StatementLog;
  const config = parseConfig({ db: 'unused.db' }, {});

  /** Deploys `count` new services to production, each with a contract of its own. */
  async function deployServices(from: number, count: number): Promise<void> {
    for (let i = from; i < from + count; i++) {
      const name = `sunset-service-${i}`;
      await seed(store)
        .service(name)
        .publish(name, '1.0.0', { contract: makeContract([`/items-${i}`]) })
        .deploy(name, '1.0.0', 'production')
        .done();
    }
  }

  /** The statements one check sends that read versions or contracts. */
  async function check(): Promise<string[]> {
    const { statements: sent } = await statements.during(() => checkSunsets(store, reusedWorkPool(config) as WorkPool, config.notify!, new Date()));
    return sent.filter((sql) => /FROM (versions|contracts)\b/.test(sql));
  }

  beforeAll(async () => {
    const url = await cluster().createDatabase();
    statements = logStatements(url);
    store = await openPostgresStore(url);
    await store.createEnvironment('production');
  });
  afterAll(async () => {
    statements?.stop();
    await store?.close();
  });

  it('reads as many times for twelve deployments as for four, each contract once per process', async () => {
    await deployServices(0, 4);
    const first = await check();
    expect(first.length).toBeGreaterThan(0);
    await deployServices(4, 8);
    expect((await check()).length).toBe(first.length);
    // Nothing new deployed: the contracts screened already are not read again.
    expect((await check()).filter((sql) => /FROM contracts\b/.test(sql))).toEqual([]);
  });
});
