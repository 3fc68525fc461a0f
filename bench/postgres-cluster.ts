// A throwaway PostgreSQL cluster, for the tests (test/helpers/postgres.ts) and the registry bench alike: initdb into a
// temp dir, pg_ctl start on a free loopback port, everything removed on stop. No manual setup: the binaries come from
// the machine. A test run starts one cluster for every file (test/helpers/global-shared.ts); each file makes its own databases.

import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);
const SUPERUSER = 'postgres';
const START_ATTEMPTS = 3;
/** Long enough for apt-get to install the server on a fresh machine: pass to beforeAll. */
export const POSTGRES_START_TIMEOUT_MS = 1_200_000;

export interface PostgresCluster {
  /** The cluster's `postgres` database, as the superuser. */
  url: string;
  /** Creates a database `t_<random>`, empty or a copy of `template` (which no one may be connected to), and returns its URL. */
  createDatabase(options?: { template?: string }): Promise<string>;
  /** Stops the server and removes its directory. */
  stop(): Promise<void>;
}

interface Binaries {
  initdb: string;
  pgCtl: string;
}

function isRoot(): boolean {
  return process.getuid?.() === 0;
}

function findInPath(name: string): string | undefined {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  return dirs.map((dir) => join(dir, name)).find((file) => existsSync(file));
}

// Debian installs the server binaries off PATH, one folder per major version; the newest wins.
function findInDebianLayout(name: string): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const majors = readdirSync(root)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
  return majors.map((v) => join(root, v, 'bin', name)).find((file) => existsSync(file));
}

function findBinaries(): Binaries | undefined {
  const initdb = findInPath('initdb') ?? findInDebianLayout('initdb');
  const pgCtl = findInPath('pg_ctl') ?? findInDebianLayout('pg_ctl');
  return initdb && pgCtl ? { initdb, pgCtl } : undefined;
}

// A fresh machine of this kind may lack the server; as root we can install it from Debian's packages.
// Test files start in parallel: apt waits for another's dpkg lock instead of failing on it.
async function installServer(): Promise<void> {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (...args: string[]) => run('apt-get', ['-o', 'DPkg::Lock::Timeout=600', ...args], { env, timeout: 900_000 });
  try {
    await apt('install', '-y', '--no-install-recommends', 'postgresql');
  } catch {
    await apt('update');
    await apt('install', '-y', '--no-install-recommends', 'postgresql');
  }
}

// OVERSEER_TEST_PG_BIN names the folder of initdb and pg_ctl when they live elsewhere (Homebrew, a build of one's own).
function findInChosenDir(dir: string): Binaries | undefined {
  const [initdb, pgCtl] = [join(dir, 'initdb'), join(dir, 'pg_ctl')];
  return existsSync(initdb) && existsSync(pgCtl) ? { initdb, pgCtl } : undefined;
}

async function requireBinaries(): Promise<Binaries> {
  const chosen = process.env.OVERSEER_TEST_PG_BIN;
  if (chosen) {
    const found = findInChosenDir(chosen);
    if (found) return found;
    throw new Error(`OVERSEER_TEST_PG_BIN=${chosen} holds no initdb and pg_ctl: PostgreSQL tests cannot run.`);
  }
  const found = findBinaries();
  if (found) return found;
  let installFailure = '';
  if (isRoot() && findInPath('apt-get')) {
    installFailure = await installServer().then(
      () => '',
      (error: unknown) => ` apt-get install postgresql failed: ${String(error)}.`,
    );
    const installed = findBinaries();
    if (installed) return installed;
  }
  throw new Error(
    'PostgreSQL tests need the server binaries (initdb, pg_ctl), found neither on PATH nor in /usr/lib/postgresql/*/bin.' +
      `${installFailure} Install them (Debian: apt-get install -y postgresql) and run the tests again.` +
      (process.env.CI ? ' This is CI: the PostgreSQL tests are not skipped.' : ''),
  );
}

/** Runs a server binary as the `postgres` user when we are root: PostgreSQL refuses to run as root. */
async function runAsOwner(file: string, args: string[], cwd: string): Promise<void> {
  const [command, argv] = isRoot() ? ['runuser', ['-u', SUPERUSER, '--', file, ...args]] : [file, args];
  await run(command, argv, { cwd, timeout: 120_000 });
}

// The server packages create the user; binaries installed some other way may come without it.
async function ensureOwner(): Promise<void> {
  const exists = await run('id', ['-u', SUPERUSER]).then(
    () => true,
    () => false,
  );
  if (!exists) await run('useradd', ['--system', '--user-group', '--no-create-home', SUPERUSER]);
}

// Synchronous: an 'exit' handler cannot wait for a promise.
function stopNow(pgCtl: string, args: string[], dir: string): void {
  const [command, argv] = isRoot() ? ['runuser', ['-u', SUPERUSER, '--', pgCtl, ...args]] : [pgCtl, args];
  try {
    execFileSync(command, argv, { cwd: dir, stdio: 'ignore', timeout: 30_000 });
    execFileSync('rm', ['-rf', dir], { stdio: 'ignore' });
  } catch {
    // Best effort: the process is going away.
  }
}

async function makeClusterDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'overseer-pg-'));
  if (isRoot()) {
    await ensureOwner();
    const [uid, gid] = await Promise.all([run('id', ['-u', SUPERUSER]), run('id', ['-g', SUPERUSER])]);
    await chown(dir, Number(uid.stdout.trim()), Number(gid.stdout.trim()));
  }
  return dir;
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

// Durability is worthless for a test's throwaway cluster, and these settings make each database cheap; a bench that
// compares with SQLite's synced commits keeps PostgreSQL's defaults instead (durable).
function serverOptions(port: number, socketDir: string, durable: boolean): string {
  return [
    `-p ${port}`,
    `-k ${socketDir}`,
    '-c listen_addresses=127.0.0.1',
    ...(durable ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
    '-c max_connections=200',
  ].join(' ');
}

async function readLog(file: string): Promise<string> {
  return readFile(file, 'utf8').catch(() => '(no server log)');
}

// The port found free may be taken before the server binds it; another port is tried then.
async function startServer(bins: Binaries, dir: string, data: string, durable: boolean): Promise<number> {
  const log = join(dir, 'server.log');
  let lastError: unknown;
  for (let attempt = 0; attempt < START_ATTEMPTS; attempt++) {
    const port = await findFreePort();
    try {
      await runAsOwner(bins.pgCtl, ['-D', data, '-l', log, '-w', '-t', '60', '-o', serverOptions(port, dir, durable), 'start'], dir);
      return port;
    } catch (error) {
      lastError = error;
    }
  }
  throw new Error(`pg_ctl could not start PostgreSQL: ${String(lastError)}\n${await readLog(log)}`);
}

function databaseUrl(port: number, database: string): string {
  return `postgresql://${SUPERUSER}@127.0.0.1:${port}/${database}`;
}

// FILE_COPY (PostgreSQL 15+) copies the template's files instead of logging every page: cheaper with fsync off.
async function createDatabase(adminUrl: string, port: number, template: string | undefined): Promise<string> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const [{ server_version_num: version }] = (await client.query<{ server_version_num: string }>('SHOW server_version_num')).rows;
    const strategy = Number(version) >= 150000 ? ' STRATEGY FILE_COPY' : '';
    await client.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${client.escapeIdentifier(template)}` : ''}${strategy}`);
  } finally {
    await client.end();
  }
  return databaseUrl(port, name);
}

/** The database name of a URL this cluster gave out, to use as a template. */
export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}

/** The cluster at `url` (its `postgres` database), started by someone else: `stop()` leaves it running. */
export function attachPostgres(url: string): PostgresCluster {
  const port = Number(new URL(url).port);
  return { url, createDatabase: (options = {}) => createDatabase(url, port, options.template), stop: async () => undefined };
}

/** Starts a new cluster (`durable`: fsync and synchronous commits on, as PostgreSQL ships); call `stop()` when done, even when a test failed. */
export async function startOwnPostgres({ durable = false } = {}): Promise<PostgresCluster> {
  const bins = await requireBinaries();
  const dir = await makeClusterDir();
  const data = join(dir, 'data');
  try {
    await runAsOwner(bins.initdb, ['-D', data, '-U', SUPERUSER, '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C'], dir);
    const port = await startServer(bins, dir, data, durable);
    const url = databaseUrl(port, 'postgres');
    const stopArgs = ['-D', data, '-m', 'immediate', '-w', 'stop'];
    // A test process that dies before afterAll must not leave a server running.
    const stopOnExit = () => stopNow(bins.pgCtl, stopArgs, dir);
    process.once('exit', stopOnExit);
    return {
      url,
      createDatabase: (options = {}) => createDatabase(url, port, options.template),
      stop: async () => {
        process.off('exit', stopOnExit);
        // Immediate: nothing here needs a clean shutdown, and the directory goes next.
        await runAsOwner(bins.pgCtl, stopArgs, dir).catch(() => undefined);
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
