// PostgreSQL parsed and planned each of the store's statements at every run: a leaf's can-i-deploy sends a dozen small
// reads, and parsing them cost the database more than running them. A statement with parameters is now prepared once
// per connection and run again by its name; the connection's own list of prepared statements shows it.
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { TYPES, toQueryable } from '../../../overseer/store/postgres/db.js';
import { usePostgres } from '../../helpers/use-postgres.js';

const cluster = usePostgres();

describe('statements on a PostgreSQL connection', () => {
  const pools: pg.Pool[] = [];
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((p) => p.end()));
  });

  /** A pool of one connection: every statement, and the look at what it prepared, runs on the same one. */
  async function connect(): Promise<pg.Pool> {
    const pool = new pg.Pool({ connectionString: await cluster().createDatabase(), types: TYPES, max: 1 });
    pools.push(pool);
    return pool;
  }

  const prepared = async (client: pg.Pool) =>
    (await client.query<{ statement: string; runs: number }>('SELECT statement, (generic_plans + custom_plans)::int AS runs FROM pg_prepared_statements')).rows;

  it('prepares a statement with parameters once and runs it again by name, with the same answers', async () => {
    const client = await connect();
    const db = toQueryable(client);
    const sql = "SELECT $1::text || '-' || $2::text AS name";
    expect(await db.query(sql, ['users', 'service'])).toEqual([{ name: 'users-service' }]);
    expect(await db.query(sql, ['web', 'app'])).toEqual([{ name: 'web-app' }]);
    expect(await db.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    expect(await prepared(client)).toEqual([{ statement: sql, runs: 2 }]);
  });

  it('prepares a statement again on another connection, which does not share the first one', async () => {
    const [first, second] = [await connect(), await connect()];
    const sql = 'SELECT $1::int + 1 AS n';
    expect(await toQueryable(first).query(sql, [1])).toEqual([{ n: 2 }]);
    expect(await toQueryable(second).query(sql, [2])).toEqual([{ n: 3 }]);
    expect([await prepared(first), await prepared(second)]).toEqual([[{ statement: sql, runs: 1 }], [{ statement: sql, runs: 1 }]]);
  });
});
