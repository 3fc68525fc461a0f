// PostgreSQL replicas writing to one database at once: what one wrote the other sees, concurrent writes land once,
// and a replica restarted or cut off by the database loses nothing acknowledged.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPostgresStore, type PostgresStoreOptions } from '../../../overseer/store/postgres/index.js';
import { type DeploymentResult, isStoreError, type PublishResult, type Store } from '../../../overseer/store/store.js';
import { useMigratedDatabases } from '../../helpers/postgres-reuse.js';
import { countRows, holdTransaction, queryDatabase } from '../../helpers/postgres-sql.js';
import { usePostgres } from '../../helpers/use-postgres.js';
import { makeContract } from './builders.js';
import { expectEdgesFollowWrites, expectWriteMarkFollowsOtherWrites } from './suite/assertions.js';

const databases = useMigratedDatabases(usePostgres());
const SERVICE = 'users-service';
// This database's connections alone: another file's replica-a may be writing on the same cluster.
const CUT_REPLICA_A = "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'replica-a' AND datname = current_database()";
const fulfilled = <T>(outcomes: PromiseSettledResult<T>[]) =>
  outcomes.filter((o): o is PromiseFulfilledResult<T> => o.status === 'fulfilled').map((o) => o.value);

describe('PostgreSQL store shared by replicas', () => {
  let url: string;
  const opened: Store[] = [];
  const open = async (options?: PostgresStoreOptions) => {
    const store = await openPostgresStore(url, options);
    opened.push(store);
    return store;
  };

  beforeEach(async () => {
    url = await databases().take();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
    databases().give(url);
  });

  it("sees in the graph's edges a version another replica published since its last read", async () => {
    await expectEdgesFollowWrites(await open(), await open());
  });

  it('moves the write mark when another replica records observed calls', async () => {
    await expectWriteMarkFollowsOtherWrites(await open(), await open());
  });

  it('answers ERR_STORE_BUSY when another writer holds a table too long', async () => {
    const store = await open({ lockTimeoutMs: 50 });
    await store.upsertService({ name: SERVICE, owners: [] });
    const holder = await holdTransaction(url, ['LOCK TABLE versions IN ACCESS EXCLUSIVE MODE']);
    try {
      await expect(store.publishVersion({ service: SERVICE, version: '1.0.0' })).rejects.toMatchObject({ code: 'ERR_STORE_BUSY' });
    } finally {
      await holder.release();
    }
    expect((await store.publishVersion({ service: SERVICE, version: '1.0.0' })).status).toBe('created');
  });

  it('stores concurrent publishes through two replicas once each, with only the expected conflicts', async () => {
    // Twenty publications of one service wait in turn for its lock: at load 25 the last outwaited the 5 s default (ERR_STORE_BUSY).
    const [a, b] = await Promise.all(['replica-a', 'replica-b'].map((applicationName) => open({ applicationName, lockTimeoutMs: 60_000 })));
    const through = (i: number) => (i % 2 === 0 ? a : b);
    const services = await Promise.all(Array.from({ length: 20 }, (_, i) => through(i).upsertService({ name: SERVICE, owners: ['@acme/users'] })));
    expect(services.filter((s) => s.status === 'created')).toHaveLength(1);
    const contract = makeContract(['/users']);
    const other = makeContract(['/other']);

    const distinct = await Promise.all(
      Array.from({ length: 20 }, (_, i) => through(i).publishVersion({ service: SERVICE, version: `1.0.${i}`, contract, branch: 'main' })),
    );
    expect(distinct.every((r) => r.status === 'created')).toBe(true);
    expect((await b.listVersions(SERVICE)).map((v) => v.version)).toEqual(Array.from({ length: 20 }, (_, i) => `1.0.${i}`));

    const same = await Promise.all(Array.from({ length: 20 }, (_, i) => through(i).publishVersion({ service: SERVICE, version: '2.0.0', contract })));
    expect(same.filter((r) => r.status === 'created')).toHaveLength(1);
    expect(same.filter((r) => r.status === 'unchanged')).toHaveLength(19);

    const mixed = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => through(i).publishVersion({ service: SERVICE, version: '3.0.0', contract: i % 4 < 2 ? contract : other })),
    );
    const winner = (await a.getVersion(SERVICE, '3.0.0'))?.contractHash;
    mixed.forEach((outcome, i) => {
      const mine = i % 4 < 2 ? contract.hash : other.hash;
      if (outcome.status === 'rejected') expect(isStoreError(outcome.reason, 'ERR_VERSION_CONFLICT') && mine !== winner).toBe(true);
      else expect(mine).toBe(winner);
    });
    const published = fulfilled<PublishResult>(mixed);
    expect(published.filter((r) => r.status === 'created')).toHaveLength(1);
    expect(published).toHaveLength(10);

    expect(await countRows(url, 'services')).toBe(1);
    expect(await countRows(url, 'versions')).toBe(22);
    expect(await countRows(url, 'version_branches')).toBe(20);
    // The losing contract was refused before any write: every stored contract is some version's (either may win 3.0.0).
    expect(await countRows(url, 'contracts WHERE hash NOT IN (SELECT contract_hash FROM versions WHERE contract_hash IS NOT NULL)')).toBe(0);
    expect(await countRows(url, 'contracts')).toBe(winner === contract.hash ? 1 : 2);
  });

  it('records concurrent deployments through two replicas without duplicates or two current versions', async () => {
    const [a, b] = await Promise.all([open(), open()]);
    const through = (i: number) => (i % 2 === 0 ? a : b);
    await a.upsertService({ name: SERVICE, owners: [] });
    for (let i = 0; i < 4; i++) await a.publishVersion({ service: SERVICE, version: `1.0.${i}` });

    const same = await Promise.all(
      Array.from({ length: 20 }, (_, i) => through(i).recordDeployment({ service: SERVICE, version: '1.0.0', environment: 'production' })),
    );
    expect(same.filter((r) => r.status === 'created')).toHaveLength(1);
    expect(new Set(same.map((r) => r.deployment.id)).size).toBe(1);
    expect(await countRows(url, 'deployments')).toBe(1);

    const moving: DeploymentResult[] = await Promise.all(
      Array.from({ length: 20 }, (_, i) => through(i).recordDeployment({ service: SERVICE, version: `1.0.${i % 4}`, environment: 'staging' })),
    );
    const created = moving.filter((r) => r.status === 'created');
    const history = await a.deploymentHistory({ environment: 'staging', limit: 1000 });
    expect(history.map((d) => d.id).sort((x, y) => x - y)).toEqual(created.map((r) => r.deployment.id).sort((x, y) => x - y));
    expect(history.filter((d) => d.replacedAt === null)).toHaveLength(1);
    expect(history[0].replacedAt).toBeNull();
    // Each deployment was replaced exactly when the next one was made, and never by the same version.
    history.slice(1).forEach((older, i) => {
      expect(older.replacedAt).toBe(history[i].deployedAt);
      expect(older.version).not.toBe(history[i].version);
    });
    expect(await countRows(url, 'deployments WHERE replaced_at IS NULL')).toBe(2);
    expect(await countRows(url, 'environments')).toBe(2);
  });

  it('keeps every acknowledged write when a replica is restarted in the middle of a stream of writes', async () => {
    let a = await open({ applicationName: 'replica-a' });
    const b = await open({ applicationName: 'replica-b' });
    await b.upsertService({ name: SERVICE, owners: [] });
    const acknowledged: string[] = [];
    const failed: string[] = [];
    const write = async (store: Store, version: string) => {
      try {
        await store.publishVersion({ service: SERVICE, version, branch: 'main' });
        await store.recordDeployment({ service: SERVICE, version, environment: version.endsWith('a') ? 'env-a' : 'env-b' });
        acknowledged.push(version);
      } catch {
        failed.push(version);
      }
    };
    const streamA = (async () => {
      for (let i = 0; i < 40; i++) {
        if (i === 15) {
          // Stopped while its next writes start: those may fail, but nothing acknowledged may be lost.
          const stopping = a.close();
          await Promise.all([write(a, `1.${i}.0-a`), write(a, `1.${i}.1-a`)]);
          await stopping;
          a = await open({ applicationName: 'replica-a' });
        } else await write(a, `1.${i}.0-a`);
      }
    })();
    const streamB = (async () => {
      for (let i = 0; i < 40; i++) await write(b, `1.${i}.0-b`);
    })();
    await Promise.all([streamA, streamB]);

    expect(acknowledged.length).toBeGreaterThanOrEqual(78);
    const stored = new Set((await b.listVersions(SERVICE)).map((v) => v.version));
    for (const version of acknowledged) expect(stored.has(version)).toBe(true);
    const deployed = await a.deploymentHistory({ service: SERVICE, limit: 1000 });
    for (const version of acknowledged) expect(deployed.filter((d) => d.version === version)).toHaveLength(1);
    expect((await a.currentDeployment(SERVICE, 'env-b'))?.version).toBe('1.39.0-b');
    expect((await b.currentDeployment(SERVICE, 'env-a'))?.version).toBe('1.39.0-a');
  });

  it("goes on writing when the database cuts a replica's connections (a failover), losing nothing acknowledged", async () => {
    const a = await open({ applicationName: 'replica-a' });
    await a.upsertService({ name: SERVICE, owners: [] });
    const outcomes: Array<{ version: string; ok: boolean }> = [];
    for (let i = 0; i < 30; i++) {
      const version = `2.${i}.0`;
      const writing = a.publishVersion({ service: SERVICE, version }).then(
        () => true,
        () => false,
      );
      if (i % 10 === 5) await queryDatabase(url, CUT_REPLICA_A);
      outcomes.push({ version, ok: await writing });
    }
    const stored = new Set((await a.listVersions(SERVICE)).map((v) => v.version));
    for (const { version, ok } of outcomes) if (ok) expect(stored.has(version)).toBe(true);
    // A transaction cut before COMMIT runs again on a new connection, so the stream does not notice.
    expect(outcomes.filter((o) => !o.ok).length).toBeLessThanOrEqual(3);
    expect(outcomes.slice(-4).every((o) => o.ok)).toBe(true);
  });
});
