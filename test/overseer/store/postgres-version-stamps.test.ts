// A service's version names on PostgreSQL are read under a stamp written with its versions (migration 22): a page of
// versions, or an ask about a version never published, no longer counts the service's versions on every call, and
// still sees what another replica published since its last read.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../../overseer/store/postgres/index.js';
import type { Store } from '../../../overseer/store/store.js';
import { queryDatabase } from '../../helpers/postgres-sql.js';
import { logStatements, type StatementLog } from '../../helpers/postgres-statements.js';
import { usePostgres } from '../../helpers/use-postgres.js';
import { seed } from './builders.js';

const cluster = usePostgres();

describe("a service's version names on PostgreSQL", () => {
  let url: string;
  let statements: StatementLog;
  const opened: Store[] = [];
  const open = async () => {
    const store = await openPostgresStore(url);
    opened.push(store);
    return store;
  };
  const names = (store: Store, service = 'web-app') => statements.during(() => store.listVersionNames(service));

  beforeEach(async () => {
    url = await cluster().createDatabase();
    statements = logStatements(url);
  });
  afterEach(async () => {
    statements.stop();
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });
  afterAll(() => statements?.stop());

  it("reads one stamp row and no version's row while the service's versions stay as they were, and sees another replica's", async () => {
    const [reader, writer] = [await open(), await open()];
    await seed(reader).service('web-app').service('empty-service').publish('web-app', '1.0.0').done();
    expect((await names(reader)).value).toEqual(['1.0.0']);
    const again = await names(reader);
    expect(again.value).toEqual(['1.0.0']);
    expect(again.statements.filter((sql) => /\bversions\b/.test(sql))).toEqual([]);

    await seed(writer).publish('web-app', '1.2.0').publish('web-app', '1.1.0').done();
    expect((await names(reader)).value).toEqual(['1.0.0', '1.1.0', '1.2.0']);
    expect((await reader.listVersionPage('web-app', { start: 1, limit: 5 })).total).toBe(3);
    expect((await names(reader, 'empty-service')).value).toEqual([]);
    await expect(reader.listVersionNames('nobody')).rejects.toMatchObject({ code: 'ERR_SERVICE_UNKNOWN' });
  });

  it('stamps the versions of a registry written before migration 22 when it meets one', async () => {
    const first = await open();
    await seed(first).service('web-app').publish('web-app', '1.0.0').publish('web-app', '0.9.0').done();
    await first.close();
    await queryDatabase(url, 'DROP TABLE version_stamps; DROP FUNCTION stamp_version_writes CASCADE; DELETE FROM schema_migrations WHERE id = 22');
    const second = await open();
    expect((await names(second)).value).toEqual(['0.9.0', '1.0.0']);
    await seed(second).publish('web-app', '1.1.0').done();
    expect((await names(second)).value).toEqual(['0.9.0', '1.0.0', '1.1.0']);
  });
});
