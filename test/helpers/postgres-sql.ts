// Plain SQL against a test database, as an operator with psql would run it beside the store.

import pg from 'pg';

/** Runs one statement on a connection of its own and returns the rows. */
export async function queryDatabase<T extends pg.QueryResultRow = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** `SELECT count(*)` as a number. */
export async function countRows(url: string, from: string): Promise<number> {
  const [row] = await queryDatabase<{ n: string }>(url, `SELECT count(*) AS n FROM ${from}`);
  return Number(row.n);
}

/** A connection that holds a transaction open until `release()`: to make a store wait. */
export async function holdTransaction(url: string, statements: string[]): Promise<{ release(): Promise<void> }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('BEGIN');
  for (const sql of statements) await client.query(sql);
  return {
    release: async () => {
      await client.query('ROLLBACK');
      await client.end();
    },
  };
}
