// SQLite-only behaviour the shared store suite cannot show: the file across restarts, migrations, a busy writer.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrateSqlite, openSqliteStore } from '../../../overseer/store/sqlite/index.js';
import { isStoreError, type PublishResult, type Store } from '../../../overseer/store/store.js';
import { declare, makeContract, seed, sha256 } from './builders.js';
import { DISTINCT_VERSIONS, RACE_SERVICE, SHARED_PUBLISHES_PER_WORKER, SHARED_VERSION, WORKERS, type WorkerReport } from './fixtures/race-plan.js';
import { describeStoreSuite } from './store-suite.js';
import { expectEdgesFollowWrites, expectWriteMarkFollowsOtherWrites, seedLowerVersionLast } from './suite/assertions.js';
import { openTempSqlite } from './temp-sqlite.js';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const WORKER = fileURLToPath(new URL('./fixtures/publish-worker.ts', import.meta.url));

async function makeTempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'overseer-store-'));
}

// Reads the file beside the store, as an operator with the sqlite3 shell would.
function queryFile<T>(file: string, sql: string): T[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare<[], T>(sql).all();
  } finally {
    db.close();
  }
}

describeStoreSuite('sqlite', openTempSqlite);

describe('SQLite store file', () => {
  let dir: string;
  let file: string;
  const opened: Store[] = [];
  const open = (options?: { busyTimeoutMs?: number }) => {
    const store = openSqliteStore(file, options);
    opened.push(store);
    return store;
  };

  beforeEach(async () => {
    dir = await makeTempDir();
    file = join(dir, 'registry.db');
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps data across close and reopen without applying migrations again', async () => {
    const first = open();
    const contract = makeContract(['/users/{id}']);
    await seed(first)
      .service('users-service')
      .service('web-app')
      .publish('users-service', '1.0.0', { contract, branch: 'main' })
      .publish('web-app', '1.0.0', { declarations: [declare('web-app', 'users-service', ['GET /users/{id}'])] })
      .deploy('users-service', '1.0.0', 'production')
      .done();
    await first.createToken({ name: 'ci', service: 'web-app', hash: sha256('secret') });
    await first.close();
    const migrations = queryFile<{ id: number; applied_at: string }>(file, 'SELECT id, applied_at FROM schema_migrations ORDER BY id');
    expect(migrations.map((m) => m.id)).toEqual(MIGRATIONS.map((m) => m.id));

    const second = open();
    expect(await second.getVersion('users-service', '1.0.0')).toMatchObject({ contractHash: contract.hash, branches: ['main'] });
    expect((await second.getContract(contract.hash))?.canonical).toBe(contract.canonical);
    expect((await second.currentDeployment('users-service', 'production'))?.version).toBe('1.0.0');
    expect((await second.listConsumersOf('users-service')).map((c) => c.consumer)).toEqual(['web-app']);
    expect((await second.findTokenByHash(sha256('secret')))?.name).toBe('ci');
    expect(queryFile(file, 'SELECT id, applied_at FROM schema_migrations ORDER BY id')).toEqual(migrations);
    expect(queryFile<{ journal_mode: string }>(file, 'PRAGMA journal_mode')[0].journal_mode).toBe('wal');
  });

  it("fills each service's latest version when migration 12 meets a registry written before it", async () => {
    const first = open();
    await seedLowerVersionLast(first);
    await first.close();
    // The file as a registry before migration 12 left it.
    const db = new Database(file);
    db.exec('DROP TABLE latest_versions; DELETE FROM schema_migrations WHERE id = 12');
    db.close();
    const second = open();
    expect(await second.listUseEdges()).toEqual([{ consumer: 'web-app', version: '1.10.0', provider: 'users-service' }]);
    expect(queryFile(file, 'SELECT service, version FROM latest_versions')).toEqual([{ service: 'web-app', version: '1.10.0' }]);
  });

  it('keeps verdicts and webhooks written before migration 13, and from then on never gives their ids again', async () => {
    // The file as a registry before migration 13 left it, with the newest webhook (id 2) deleted.
    const db = new Database(file);
    migrateSqlite(
      db,
      MIGRATIONS.filter((m) => m.id < 13),
    );
    db.exec(`INSERT INTO verdicts (id, service, version, environment, asked_by, deployable, reasons, asked_at, last_asked_at)
      VALUES (7, 'web-app', '1.0.0', 'production', 'ci', 0, '[]', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`);
    db.exec(`INSERT INTO webhooks (id, url, events, secret, created_at) VALUES
      (1, 'https://hooks.example.com/a', '["*"]', 'secret-a-of-some-length', '2026-01-01T00:00:00.000Z'),
      (2, 'https://hooks.example.com/b', '["*"]', 'secret-b-of-some-length', '2026-01-01T00:00:00.000Z')`);
    db.close();
    const store = open();
    expect(await store.getVerdict(7)).toMatchObject({ service: 'web-app', version: '1.0.0', deployable: false });
    expect((await store.listWebhooks()).map((w) => w.url)).toEqual(['https://hooks.example.com/a', 'https://hooks.example.com/b']);
    expect(await store.deleteWebhook(2)).toBe(true);
    expect((await store.createWebhook({ url: 'https://hooks.example.com/c', events: ['*'], secret: 'secret-c-of-some-length' })).id).toBe(3);
  });

  it("sees in the graph's edges a version another connection (as another process would) published since its last read", async () => {
    await expectEdgesFollowWrites(open(), open());
  });

  it("lists a service's version names with what another connection and its own published since its last read", async () => {
    const [reader, writer] = [open(), open()];
    await seed(reader).service('web-app').publish('web-app', '1.0.0').done();
    expect(await reader.listVersionNames('web-app')).toEqual(['1.0.0']);
    // Kept until another connection's commit: the reader's own count of versions is not read again to learn that.
    await seed(writer).publish('web-app', '1.2.0').publish('web-app', '1.1.0').done();
    expect(await reader.listVersionNames('web-app')).toEqual(['1.0.0', '1.1.0', '1.2.0']);
    await seed(reader).publish('web-app', '0.9.0').done();
    expect((await reader.listVersionPage('web-app', { start: 0, limit: 2 })).versions.map((v) => v.version)).toEqual(['0.9.0', '1.0.0']);
    expect(await writer.listVersionNames('web-app')).toEqual(['0.9.0', '1.0.0', '1.1.0', '1.2.0']);
  });

  it('moves the write mark when another connection records observed calls, and not for its own reads', async () => {
    const reader = open();
    const mark = await reader.readWriteMark();
    await reader.listObservedCalls();
    expect(await reader.readWriteMark()).toBe(mark);
    await expectWriteMarkFollowsOtherWrites(reader, open());
  });

  it("leaves the write mark alone when a large contract goes through the store's own writer thread: no hub's calls are read again", async () => {
    const store = open();
    await store.upsertService({ name: 'users-service', owners: [] });
    const mark = await store.readWriteMark();
    const big = makeContract(Array.from({ length: 8000 }, (_, i) => `/big/${i}/${'x'.repeat(60)}`));
    expect(big.text.length + big.canonical.length).toBeGreaterThan(1024 * 1024);
    expect((await store.publishVersion({ service: 'users-service', version: '1.0.0', contract: big })).status).toBe('created');
    expect(await store.readWriteMark()).toBe(mark);
  });

  it('refuses a file migrated by a newer Overseer', async () => {
    await open().close();
    const db = new Database(file);
    db.prepare("INSERT INTO schema_migrations (id, name, applied_at) VALUES (999, 'future', '2099-01-01T00:00:00.000Z')").run();
    db.close();
    const newest = MIGRATIONS[MIGRATIONS.length - 1].id;
    expect(() => open()).toThrow(
      expect.objectContaining({
        code: 'ERR_STORE_SCHEMA',
        message: `the database has migrations this Overseer does not know (999; this Overseer knows migrations up to ${newest}): it was written by a newer version`,
      }),
    );
  });

  it('says when a newer Overseer migrated the file it holds open (what /healthz reads)', async () => {
    const store = open();
    expect(await store.checkSchema()).toBeUndefined();
    const db = new Database(file);
    db.prepare("INSERT INTO schema_migrations (id, name, applied_at) VALUES (999, 'future', '2099-01-01T00:00:00.000Z')").run();
    db.close();
    expect(await store.checkSchema()).toMatchObject({
      code: 'ERR_STORE_SCHEMA',
      message: expect.stringContaining('a newer Overseer migrated the database while this one was running (999;'),
    });
  });

  it('stores one row for a contract shared by versions', async () => {
    const store = open();
    const contract = makeContract(['/a']);
    await seed(store).service('a-service').publish('a-service', '1.0.0', { contract }).publish('a-service', '1.0.1', { contract }).done();
    expect(queryFile(file, 'SELECT hash FROM contracts')).toEqual([{ hash: contract.hash }]);
  });

  it('answers ERR_STORE_BUSY when another writer holds the file too long', async () => {
    const store = open({ busyTimeoutMs: 50 });
    await store.upsertService({ name: 'a-service', owners: [] });
    const holder = new Database(file);
    holder.exec('BEGIN IMMEDIATE');
    try {
      await expect(store.publishVersion({ service: 'a-service', version: '1.0.0' })).rejects.toMatchObject({ code: 'ERR_STORE_BUSY' });
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect((await store.publishVersion({ service: 'a-service', version: '1.0.0' })).status).toBe('created');
  });

  it('stores concurrent publishes through two connections once each', async () => {
    const [a, b] = [open(), open()];
    const through = (i: number) => (i % 2 === 0 ? a : b);
    await a.upsertService({ name: 'users-service', owners: [] });
    const contract = makeContract(['/users']);
    const other = makeContract(['/other']);

    const distinct = await Promise.all(
      Array.from({ length: 20 }, (_, i) => through(i).publishVersion({ service: 'users-service', version: `1.0.${i}`, contract })),
    );
    expect(distinct.every((r) => r.status === 'created')).toBe(true);
    expect(await b.listVersions('users-service')).toHaveLength(20);

    const same = await Promise.all(Array.from({ length: 20 }, (_, i) => through(i).publishVersion({ service: 'users-service', version: '2.0.0', contract })));
    expect(same.filter((r) => r.status === 'created')).toHaveLength(1);
    expect(same.filter((r) => r.status === 'unchanged')).toHaveLength(19);

    const mixed = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => through(i).publishVersion({ service: 'users-service', version: '3.0.0', contract: i % 4 < 2 ? contract : other })),
    );
    const winner = (await a.getVersion('users-service', '3.0.0'))?.contractHash;
    mixed.forEach((outcome, i) => {
      const mine = i % 4 < 2 ? contract.hash : other.hash;
      if (outcome.status === 'rejected') {
        expect(isStoreError(outcome.reason, 'ERR_VERSION_CONFLICT') && mine !== winner).toBe(true);
      } else {
        expect(mine).toBe(winner);
      }
    });
    const fulfilled = mixed.filter((o): o is PromiseFulfilledResult<PublishResult> => o.status === 'fulfilled');
    expect(fulfilled.filter((o) => o.value.status === 'created')).toHaveLength(1);
    expect(fulfilled).toHaveLength(10);

    expect(queryFile(file, "SELECT count(*) AS n FROM versions WHERE service = 'users-service'")).toEqual([{ n: 22 }]);
    // The losing contract was refused before any write: nothing of a conflicting publish is kept.
    expect(queryFile(file, 'SELECT count(*) AS n FROM contracts')).toEqual([{ n: 1 }]);
  });

  it('stores the writes of racing processes once each, with only the expected conflicts', { timeout: 120_000 }, async () => {
    const script = await bundleWorker();
    const reports = await runWorkers(script, file, WORKERS).finally(() => rm(script, { force: true }));

    expect(reports.filter((r) => r.service === 'created')).toHaveLength(1);
    expect(reports.every((r) => r.service === 'created' || r.service === 'unchanged')).toBe(true);
    DISTINCT_VERSIONS.forEach((_, i) => {
      const statuses = reports.map((r) => r.distinct[i]).sort();
      expect(statuses).toEqual(['created', ...Array(WORKERS - 1).fill('unchanged')]);
    });
    const check = open();
    const winner = (await check.getVersion(RACE_SERVICE, SHARED_VERSION))?.contractHash;
    for (const report of reports) {
      const allowed = report.contractHash === winner ? ['created', 'unchanged'] : ['ERR_VERSION_CONFLICT'];
      expect(report.same.every((s) => allowed.includes(s))).toBe(true);
    }
    expect(reports.flatMap((r) => r.same).filter((s) => s === 'created')).toHaveLength(1);
    expect(reports.filter((r) => r.deploy === 'created')).toHaveLength(1);
    expect(reports.every((r) => r.deploy === 'created' || r.deploy === 'unchanged')).toBe(true);

    expect(queryFile(file, 'SELECT count(*) AS n FROM versions')).toEqual([{ n: DISTINCT_VERSIONS.length + 1 }]);
    expect(queryFile(file, 'SELECT count(*) AS n FROM deployments')).toEqual([{ n: 1 }]);
    expect(queryFile(file, 'SELECT count(*) AS n FROM schema_migrations')).toEqual([{ n: MIGRATIONS.length }]);
    expect(SHARED_PUBLISHES_PER_WORKER * WORKERS).toBe(20);
  });
});

// The worker is TypeScript: esbuild (a declared dependency, it builds the action too) turns it into one
// plain-Node file, written under test-output/ so its bare imports (better-sqlite3) resolve from the repository.
async function bundleWorker(): Promise<string> {
  const outfile = join(REPO_ROOT, 'test-output', `publish-worker-${process.pid}.mjs`);
  await build({ entryPoints: [WORKER], outfile, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'silent' });
  return outfile;
}

interface WatchedWorker {
  ready: Promise<void>;
  report: Promise<WorkerReport>;
}

function watchWorker(child: ChildProcessWithoutNullStreams): WatchedWorker {
  let stderr = '';
  let last: WorkerReport | undefined;
  let markReady = () => {};
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('exit', resolve);
    child.on('error', reject);
  });
  const failure = (code: number | null) => new Error(`worker exited with ${code}: ${stderr}`);
  // Settling after "ready" is a no-op, so an early exit is the only way this rejects.
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    exited.then((code) => reject(failure(code)), reject);
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line === 'ready') markReady();
    else if (line.startsWith('{')) last = JSON.parse(line) as WorkerReport;
  });
  const report = exited.then((code) => {
    if (code === 0 && last) return last;
    throw failure(code);
  });
  return { ready, report };
}

// Starts every worker, waits until all are ready, then releases them together.
async function runWorkers(script: string, file: string, count: number): Promise<WorkerReport[]> {
  const children = Array.from({ length: count }, (_, worker) =>
    spawn(process.execPath, [script, file, String(worker)], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] }),
  );
  const watched = children.map(watchWorker);
  watched.forEach((w) => w.report.catch(() => {})); // awaited below; silences the rejection if "ready" fails first
  try {
    await Promise.all(watched.map((w) => w.ready));
    const startAt = Date.now() + 300;
    for (const child of children) child.stdin.end(`go ${startAt}\n`);
    return await Promise.all(watched.map((w) => w.report));
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill();
  }
}
