// PostgreSQL-only behaviour the shared store suite cannot show: replicas migrating, writing and delivering at once.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, openPostgresStore, type PostgresStoreOptions } from '../../../overseer/store/postgres/index.js';
import { type DeploymentResult, isStoreError, type PublishResult, type Store } from '../../../overseer/store/store.js';
import { POSTGRES_START_TIMEOUT_MS, type PostgresCluster, startPostgres } from '../../helpers/postgres.js';
import { type ReusedDatabases, reuseDatabases } from '../../helpers/postgres-reuse.js';
import { countRows, holdTransaction, queryDatabase } from '../../helpers/postgres-sql.js';
import { makeContract, makeVerdict } from './builders.js';
import { describeStoreSuite } from './store-suite.js';
import { expectEdgesFollowWrites, expectWriteMarkFollowsOtherWrites, seedLowerVersionLast } from './suite/assertions.js';

let cluster: PostgresCluster;
let databases: ReusedDatabases;
beforeAll(async () => {
  cluster = await startPostgres();
  // The suite's databases are copies of one migrated database, emptied between tests; the tests below migrate fresh ones themselves.
  const url = await cluster.createDatabase();
  await (await openPostgresStore(url)).close();
  databases = await reuseDatabases(cluster, url);
}, POSTGRES_START_TIMEOUT_MS);
afterAll(async () => {
  await databases?.close();
  await cluster?.stop();
});

describeStoreSuite('postgres', async (options) => {
  const url = await databases.take();
  const store = await openPostgresStore(url, options);
  return {
    store,
    cleanup: async () => {
      await store.close();
      databases.give(url);
    },
  };
});

const SERVICE = 'users-service';
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
    url = await cluster.createDatabase();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });

  it('applies its migrations once when replicas start together, and not again on restart', async () => {
    await Promise.all(Array.from({ length: 6 }, () => open()));
    const migrations = await queryDatabase(url, 'SELECT id, applied_at FROM schema_migrations ORDER BY id');
    expect(migrations.map((m) => m.id)).toEqual(MIGRATIONS.map((m) => m.id));
    await open();
    expect(await queryDatabase(url, 'SELECT id, applied_at FROM schema_migrations ORDER BY id')).toEqual(migrations);
  });

  it("sees in the graph's edges a version another replica published since its last read", async () => {
    await expectEdgesFollowWrites(await open(), await open());
  });

  it('moves the write mark when another replica records observed calls', async () => {
    await expectWriteMarkFollowsOtherWrites(await open(), await open());
  });

  it("fills each service's latest version when migration 12 meets a registry written before it", async () => {
    const first = await open();
    await seedLowerVersionLast(first);
    await first.close();
    // The database as a registry before migration 12 left it.
    await queryDatabase(url, 'DROP TABLE latest_versions; DELETE FROM schema_migrations WHERE id = 12');
    const second = await open();
    expect(await second.listUseEdges()).toEqual([{ consumer: 'web-app', version: '1.10.0', provider: 'users-service' }]);
  });

  it('refuses a database migrated by a newer Overseer', async () => {
    await open();
    await queryDatabase(url, "INSERT INTO schema_migrations (id, name, applied_at) VALUES (999, 'future', now())");
    const newest = MIGRATIONS[MIGRATIONS.length - 1].id;
    await expect(open()).rejects.toMatchObject({
      code: 'ERR_STORE_SCHEMA',
      message: `the database has migrations this Overseer does not know (999; this Overseer knows migrations up to ${newest}): it was written by a newer version`,
    });
  });

  it('writes nothing once a newer Overseer migrated the database under it (a rolling upgrade), and reads on', async () => {
    const store = await open();
    await store.upsertService({ name: SERVICE, owners: [] });
    expect(await store.checkSchema()).toBeUndefined();
    await queryDatabase(url, "INSERT INTO schema_migrations (id, name, applied_at) VALUES (999, 'future', now())");
    const refusal = { code: 'ERR_STORE_SCHEMA', message: expect.stringContaining('a newer Overseer migrated the database while this one was running (999;') };
    // What /healthz reads to take the replica out of its load balancer, before a write is refused.
    expect(await store.checkSchema()).toMatchObject(refusal);
    await expect(store.upsertService({ name: 'orders-service', owners: [] })).rejects.toMatchObject(refusal);
    await expect(store.publishVersion({ service: SERVICE, version: '1.0.0' })).rejects.toMatchObject(refusal);
    expect(await countRows(url, 'services')).toBe(1);
    expect(await countRows(url, 'versions')).toBe(0);
    expect((await store.getService(SERVICE))?.name).toBe(SERVICE);
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
      if (i % 10 === 5) await queryDatabase(url, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'replica-a'");
      outcomes.push({ version, ok: await writing });
    }
    const stored = new Set((await a.listVersions(SERVICE)).map((v) => v.version));
    for (const { version, ok } of outcomes) if (ok) expect(stored.has(version)).toBe(true);
    // A transaction cut before COMMIT runs again on a new connection, so the stream does not notice.
    expect(outcomes.filter((o) => !o.ok).length).toBeLessThanOrEqual(3);
    expect(outcomes.slice(-4).every((o) => o.ok)).toBe(true);
  });
});

describe('PostgreSQL outbox shared by replicas', () => {
  let url: string;
  let a: Store;
  let b: Store;
  const notification = (key: string) => ({
    key,
    event: 'version.published',
    channel: 'webhook' as const,
    target: 'https://hooks.example.com/x',
    payload: { key },
  });

  beforeEach(async () => {
    url = await cluster.createDatabase();
    [a, b] = await Promise.all([openPostgresStore(url), openPostgresStore(url)]);
    await a.upsertService({ name: SERVICE, owners: [] });
  });
  afterEach(async () => {
    await Promise.all([a.close(), b.close()]);
  });

  it('enqueues notifications in the transaction of the write that causes them, once per key', async () => {
    const contract = makeContract(['/users']);
    const outbox = (r: PublishResult) => [notification(`published:${r.version.version}`)];
    await a.publishVersion({ service: SERVICE, version: '1.0.0', contract }, outbox);
    await b.publishVersion({ service: SERVICE, version: '1.0.0', contract }, outbox);
    await expect(
      a.publishVersion({ service: SERVICE, version: '1.0.0', contract: makeContract(['/x']) }, () => [notification('conflict')]),
    ).rejects.toMatchObject({
      code: 'ERR_VERSION_CONFLICT',
    });
    const failing = () => {
      throw new Error('outbox failed');
    };
    await expect(a.recordDeployment({ service: SERVICE, version: '1.0.0', environment: 'production' }, failing)).rejects.toThrow('outbox failed');
    expect(await a.currentDeployment(SERVICE, 'production')).toBeUndefined();
    const verdict = await b.recordVerdict(makeVerdict(SERVICE, '1.0.0', 'production', true), 'ci', (v) => [
      { ...notification(`verdict:${v.id}`), verdictId: v.id },
    ]);

    const stored = await a.listNotifications();
    expect(stored.map((n) => n.key)).toEqual([`verdict:${verdict.id}`, 'published:1.0.0']);
    expect(stored[0]).toMatchObject({
      verdictId: verdict.id,
      status: 'pending',
      attempts: 0,
      lastError: null,
      deliveredAt: null,
      payload: { key: `verdict:${verdict.id}` },
    });
    expect(stored[1]).not.toHaveProperty('verdictId');
    expect(await b.enqueueNotifications([notification('published:1.0.0'), notification('other')])).toBe(1);
  });

  it('counts identical can-i-deploy asks racing on two replicas on one verdict record', async () => {
    const verdict = makeVerdict(SERVICE, '1.0.0', 'production', false);
    await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? a : b).recordVerdict(verdict, 'ci')));
    expect((await b.listVerdicts()).map((v) => [v.askedBy, v.count])).toEqual([['ci', 30]]);
  });

  it('leases each due notification to one worker at a time, across replicas', async () => {
    await a.enqueueNotifications(Array.from({ length: 40 }, (_, i) => notification(`n${i}`)));
    const claims = await Promise.all(
      Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? a : b).claimNotifications({ owner: `worker-${i}`, limit: 5, leaseMs: 60_000 })),
    );
    const ids = claims.flat().map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(40);
    for (const claimed of claims) expect(claimed.map((n) => n.id)).toEqual([...claimed.map((n) => n.id)].sort((x, y) => x - y));
    expect(await b.claimNotifications({ owner: 'late', limit: 10, leaseMs: 60_000 })).toEqual([]);

    const [first] = claims.find((c) => c.length > 0)!;
    const owner = `worker-${claims.findIndex((c) => c.some((n) => n.id === first.id))}`;
    expect(await b.markNotificationFailed(first.id, 'someone-else', { error: 'x', retryInMs: 0 })).toBe(false);
    expect(await b.markNotificationFailed(first.id, owner, { error: 'HTTP 500', retryInMs: 0 })).toBe(true);
    const again = await a.claimNotifications({ owner: 'retrier', limit: 10, leaseMs: 60_000 });
    expect(again.map((n) => [n.id, n.attempts, n.lastError])).toEqual([[first.id, 1, 'HTTP 500']]);
    expect(await a.markNotificationDelivered(first.id)).toBe(true);
    expect(await b.markNotificationDelivered(first.id)).toBe(false);
    expect(await a.getNotification(first.id)).toMatchObject({ status: 'delivered', attempts: 2 });

    const [second] = claims.flat().filter((n) => n.id !== first.id);
    const secondOwner = `worker-${claims.findIndex((c) => c.some((n) => n.id === second.id))}`;
    expect(await a.markNotificationFailed(second.id, secondOwner, { error: 'gone', retryInMs: null })).toBe(true);
    expect(await a.listNotifications({ status: 'failed' })).toMatchObject([{ id: second.id, status: 'failed' }]);
    expect(await b.retryNotification(second.id)).toMatchObject({ status: 'pending', attempts: 0 });
    expect(await a.retryNotification(0.5)).toBeUndefined();
  });

  it('keeps webhook subscriptions', async () => {
    const hook = await a.createWebhook({ url: 'https://hooks.example.com/x', events: ['version.breaking', 'deploy.refused'], secret: 's3cret' });
    expect(hook).toMatchObject({ id: 1, events: ['version.breaking', 'deploy.refused'], secret: 's3cret' });
    expect(await b.listWebhooks()).toEqual([hook]);
    expect(await b.getWebhook(hook.id)).toEqual(hook);
    expect(await b.deleteWebhook(hook.id)).toBe(true);
    expect(await a.deleteWebhook(hook.id)).toBe(false);
    expect(await a.getWebhook(Number.NaN)).toBeUndefined();
  });
});
