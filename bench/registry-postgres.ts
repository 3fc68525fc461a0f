// The registry bench's PostgreSQL: one throwaway cluster for the run, started as the tests start theirs, with
// PostgreSQL's durable defaults (SQLite's registry syncs its commits too), a new database per size, and the
// registry seeded on SQLite moved into it by the store's own bulk path (export and import).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { attachPostgres, type PostgresCluster, startOwnPostgres } from './postgres-cluster.js';
import { withoutOverseerVariables } from './registry-server.js';
import { readProcessTreeCpuMs } from './server-cpu.js';

export interface BenchPostgres {
  /** A new, empty database for one size's registry. */
  createDatabase(): Promise<string>;
  /** The server's version and the settings that decide its cost, for the method text. */
  describe: string;
  /** The cluster's CPU so far (postmaster and backends), or null when it runs elsewhere than this machine. */
  readCpuMs(): number | null;
  stop(): Promise<void>;
}

// What decides a read's and a commit's cost; all are PostgreSQL's defaults here but max_connections.
const SETTINGS = ['fsync', 'synchronous_commit', 'full_page_writes', 'shared_buffers', 'work_mem', 'max_connections'] as const;

// A backend's parent is the postmaster; a server on another machine has no such process here.
async function readPostmasterPid(url: string): Promise<number | null> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const backend = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    const stat = readFileSync(`/proc/${backend}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  } finally {
    await client.end();
  }
}

async function readSettings(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const version = (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version;
    const { rows } = await client.query<{ name: string; setting: string }>(
      'SELECT name, current_setting(name) AS setting FROM pg_settings WHERE name = ANY($1) ORDER BY name',
      [[...SETTINGS]],
    );
    return `PostgreSQL ${version.split(' ')[0]} (${rows.map((row) => `${row.name} ${row.setting}`).join(', ')})`;
  } finally {
    await client.end();
  }
}

/** initdb and pg_ctl start on a free loopback port, and `stop()` removes the cluster; or, given `url`, that server, left running. */
export async function startBenchPostgres(url?: string): Promise<BenchPostgres> {
  const cluster: PostgresCluster = url === undefined ? await startOwnPostgres({ durable: true }) : attachPostgres(url);
  const where = url === undefined ? 'a throwaway cluster on this machine, over loopback TCP' : 'the server given by --postgres-url';
  try {
    const postmaster = await readPostmasterPid(cluster.url);
    return {
      createDatabase: () => cluster.createDatabase(),
      describe: `${where}: ${await readSettings(cluster.url)}`,
      readCpuMs: () => (postmaster === null ? null : readProcessTreeCpuMs(postmaster)),
      stop: () => cluster.stop(),
    };
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}

const BIN = fileURLToPath(new URL('../cli/bin.js', import.meta.url));

function runCli(args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...withoutOverseerVariables(process.env), ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => {
      errors += chunk.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`overseer ${args[0]} exited with ${code}: ${errors.slice(0, 2000)}`))));
  });
}

/**
 * Copies the SQLite registry `db` (its server may still run) into the empty PostgreSQL database at `databaseUrl`, by
 * `overseer export` and `overseer import`: one bulk transaction, where 30,000 requests through the API took minutes.
 */
export async function moveRegistry(db: string, databaseUrl: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'overseer-bench-dump-'));
  try {
    const dump = join(dir, 'registry.jsonl');
    await runCli(['export', '--db', db, '--out', dump], {});
    await runCli(['import', dump], { OVERSEER_DATABASE_URL: databaseUrl });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
