// Migrated databases handed from test to test, each emptied back to what the migrations left before it is handed out
// again: a copy of a migrated template per test (CREATE DATABASE, which checkpoints the cluster) cost about 0.4 s,
// half of the PostgreSQL store file's time once the shared suite had a hundred tests.

import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { openPostgresStore } from '../../overseer/store/postgres/index.js';
import { databaseName, type PostgresCluster } from './postgres.js';

interface ReusedDatabases {
  /** The URL of a migrated database no one else is using, as fresh as a copy of the template. */
  take(): Promise<string>;
  /** Hands `url` back once every connection to it is closed (the store's `close()`). */
  give(url: string): void;
  /** Closes the connections kept to empty the databases. */
  close(): Promise<void>;
}

/** Databases copied from the database at `template` (one the store has migrated, no one connected to it) as tests need them. */
async function reuseDatabases(cluster: PostgresCluster, template: string): Promise<ReusedDatabases> {
  const emptying = await readEmptying(template);
  const free: pg.Client[] = [];
  const inUse = new Map<string, pg.Client>();
  return {
    take: async () => {
      let client = free.pop();
      if (client) {
        await client.query(emptying);
      } else {
        client = new pg.Client({ connectionString: await cluster.createDatabase({ template: databaseName(template) }) });
        await client.connect();
      }
      const url = urlOf(client, template);
      inUse.set(url, client);
      return url;
    },
    give: (url) => {
      const client = inUse.get(url);
      inUse.delete(url);
      if (client) free.push(client);
    },
    close: async () => {
      await Promise.all([...free.splice(0), ...inUse.values()].map((client) => client.end()));
      inUse.clear();
    },
  };
}

/**
 * Registers the file's beforeAll and afterAll: one database the store migrates, then copies of it handed to the tests by
 * `reuseDatabases`. The returned function gives them inside a test or a later hook.
 */
export function useMigratedDatabases(cluster: () => PostgresCluster): () => ReusedDatabases {
  let databases: ReusedDatabases | undefined;
  beforeAll(async () => {
    const template = await cluster().createDatabase();
    await (await openPostgresStore(template)).close();
    databases = await reuseDatabases(cluster(), template);
  });
  afterAll(async () => {
    await databases?.close();
  });
  return () => {
    if (!databases) throw new Error('the migrated databases are not made yet: read them inside a test or a hook');
    return databases;
  };
}

// One script: every table but the migrations' record emptied, the rows the migrations wrote (the generation
// counters) put back as they were, and every sequence set back to where the template's stands, so that ids start
// where a fresh copy's do.
async function readEmptying(template: string): Promise<string> {
  const client = new pg.Client({ connectionString: template });
  await client.connect();
  try {
    const tables = (
      await client.query<{ name: string }>(
        "SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations'",
      )
    ).rows.map((row) => row.name);
    const sequences = (
      await client.query<{ name: string; last: string | null }>(
        "SELECT quote_ident(sequencename) AS name, last_value AS last FROM pg_sequences WHERE schemaname = 'public'",
      )
    ).rows;
    // DELETE, not TRUNCATE: a test writes a few rows to a few of some twenty-five tables, and TRUNCATE gives every table
    // it names new files (170 ms a test at load 17, the store suite's largest cost) where deleting them took 5 ms. Foreign
    // keys are not checked meanwhile (replica mode, a superuser's), so the tables go in any order.
    const script = ['SET LOCAL session_replication_role = replica', ...tables.map((table) => `DELETE FROM ${table}`)];
    for (const table of tables) {
      const rows = (await client.query(`SELECT * FROM ${table}`)).rows;
      if (rows.length > 0)
        script.push(`INSERT INTO ${table} SELECT * FROM json_populate_recordset(NULL::${table}, ${client.escapeLiteral(JSON.stringify(rows))})`);
    }
    for (const { name, last } of sequences) script.push(last === null ? `ALTER SEQUENCE ${name} RESTART` : `SELECT setval('${name}', ${Number(last)})`);
    return `BEGIN; ${script.join('; ')}; COMMIT`;
  } finally {
    await client.end();
  }
}

function urlOf(client: pg.Client, template: string): string {
  const url = new URL(template);
  url.pathname = `/${encodeURIComponent(client.database ?? '')}`;
  return url.toString();
}
