// Several replicas on one PostgreSQL database: real `overseer serve` processes, written to concurrently over HTTP.
// No lost or duplicated rows, only the 409s a conflict calls for, and nothing acknowledged lost when one is killed.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DeploymentResponse, RegistryDeployment, RegistryVersion } from '../../contracts/model.js';
import { MIGRATIONS } from '../../overseer/store/postgres/index.js';
import { assertBuilt, type RunningRegistry, runCli, startServe } from '../e2e/cli-process.js';
import { POSTGRES_START_TIMEOUT_MS, type PostgresCluster, startPostgres } from '../helpers/postgres.js';
import { countRows, queryDatabase } from '../helpers/postgres-sql.js';
import { USERS_V1, USERS_V2_BREAKING } from './routes/fixtures.js';

const USERS = 'users-service';
const ORDERS = 'orders-service';

interface Reply {
  status: number;
  body: Record<string, unknown>;
}

let cluster: PostgresCluster;
const running: RunningRegistry[] = [];

beforeAll(async () => {
  assertBuilt();
  cluster = await startPostgres();
}, POSTGRES_START_TIMEOUT_MS);
afterEach(async () => {
  await Promise.all(running.splice(0).map((replica) => replica.stop()));
});
afterAll(async () => {
  await cluster?.stop();
});

/** A replica given the database by flag, or by OVERSEER_DATABASE_URL (both ways are covered). */
async function startReplica(url: string, options: { via?: 'flag' | 'env'; port?: string } = {}): Promise<RunningRegistry> {
  const port = ['--port', options.port ?? '0'];
  const replica = options.via === 'env' ? await startServe(port, { OVERSEER_DATABASE_URL: url }) : await startServe([...port, '--database-url', url]);
  running.push(replica);
  return replica;
}

async function send(base: string, method: string, path: string, body?: unknown): Promise<Reply> {
  const response = await fetch(new URL(path, base), {
    method,
    ...(body !== undefined && { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const statuses = (replies: Reply[]) => replies.map((r) => r.status);
const count = (replies: Reply[], status: number) => replies.filter((r) => r.status === status).length;

// Each version's contract differs (its info.version), so every publication stores a contract of its own.
function contractFor(version: string, variant = ''): string {
  return USERS_V1.replace('version: 1.0.0', `version: ${version}`).replace('operationId: getUser', `operationId: getUser${variant}`);
}

function publish(base: string, service: string, version: string, variant = ''): Promise<Reply> {
  return send(base, 'POST', `/v1/services/${service}/versions`, { version, branch: 'main', contract: contractFor(version, variant) });
}

// Environments are created before use; creating one again is a 200 no-op, so each deploy may ask.
async function deploy(base: string, service: string, version: string, environment: string): Promise<Reply> {
  await send(base, 'POST', '/v1/environments', { name: environment });
  return send(base, 'POST', '/v1/deployments', { service, version, environment });
}

async function listVersions(base: string, service: string): Promise<RegistryVersion[]> {
  const reply = await send(base, 'GET', `/v1/services/${service}/versions`);
  expect(reply.status).toBe(200);
  return reply.body.versions as RegistryVersion[];
}

async function history(base: string, service: string, environment: string): Promise<RegistryDeployment[]> {
  const reply = await send(base, 'GET', `/v1/deployments?service=${service}&environment=${environment}&limit=1000`);
  expect(reply.status).toBe(200);
  return reply.body.deployments as RegistryDeployment[];
}

async function current(base: string, environment: string): Promise<RegistryDeployment[]> {
  const reply = await send(base, 'GET', `/v1/environments/${environment}/deployments`);
  expect(reply.status).toBe(200);
  return reply.body.deployments as RegistryDeployment[];
}

// A session's statistics reach the shared counters when it goes idle, at most once a second (10 s later when it was
// too soon), and at the latest as it ends, before it leaves pg_stat_activity: read once the replicas' sessions are gone.
async function insertsOnceClosed(url: string, table: string): Promise<number> {
  const others = `SELECT count(*) AS n FROM pg_stat_activity
    WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid()`;
  await expect.poll(async () => Number((await queryDatabase<{ n: string }>(url, others))[0]?.n), { timeout: 30_000, interval: 50 }).toBe(0);
  const [row] = await queryDatabase<{ n: string }>(url, 'SELECT n_tup_ins AS n FROM pg_stat_user_tables WHERE relname = $1', [table]);
  return Number(row?.n ?? 0);
}

describe('overseer serve on PostgreSQL', () => {
  it('refuses to start without a usable database URL, and never prints the password', async () => {
    const both = await runCli(['serve', '--db', 'x.db', '--database-url', 'postgres://h/d']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('give --db or --database-url, not both');
    const scheme = await runCli(['serve'], { env: { OVERSEER_DATABASE_URL: 'mysql://h/d' } });
    expect(scheme).toMatchObject({ code: 2, stderr: expect.stringContaining('must start with postgres:// or postgresql://') });
    // Port 1 on loopback: nothing listens, the connection is refused at once.
    const unreachable = await runCli(['serve', '--port', '0', '--database-url', 'postgres://overseer:s3cret@127.0.0.1:1/none']);
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toMatch(
      /^error ERR_DATABASE_UNREACHABLE: cannot open the PostgreSQL database postgres:\/\/overseer:\*\*\*@127\.0\.0\.1:1\/none: .*ECONNREFUSED/m,
    );
    expect(unreachable.stderr + unreachable.stdout).not.toContain('s3cret');
  });

  it('applies the migrations once when two replicas start together on an empty database', async () => {
    const url = await cluster.createDatabase();
    const [a, b] = await Promise.all([startReplica(url), startReplica(url, { via: 'env' })]);
    const applied = await queryDatabase<{ id: number }>(url, 'SELECT id FROM schema_migrations ORDER BY id');
    expect(applied.map((m) => m.id)).toEqual(MIGRATIONS.map((m) => m.id));
    // One database: what one replica writes the other reads.
    expect((await send(a.url, 'PUT', `/v1/services/${USERS}`, { owners: ['@acme/users'] })).status).toBe(201);
    expect((await send(b.url, 'GET', `/v1/services/${USERS}`)).status).toBe(200);
    expect((await send(b.url, 'GET', '/healthz')).body).toMatchObject({ status: 'ok' });
    // Inserts are counted even when rolled back: a second attempt at the migrations would show here.
    await Promise.all([a.stop(), b.stop()]);
    expect(await insertsOnceClosed(url, 'schema_migrations')).toBe(MIGRATIONS.length);
  });

  it('a rolling upgrade: a replica left running writes nothing once a newer Overseer migrated the database, which a new start refuses', async () => {
    const url = await cluster.createDatabase();
    const old = await startReplica(url);
    expect((await send(old.url, 'PUT', `/v1/services/${USERS}`, { owners: ['@acme/users'] })).status).toBe(201);
    expect((await publish(old.url, USERS, '1.0.0')).status).toBe(201);
    expect((await send(old.url, 'POST', '/v1/environments', { name: 'production' })).status).toBe(201);
    // What a newer Overseer's replica does when it starts: a migration this build does not know.
    await queryDatabase(url, "INSERT INTO schema_migrations (id, name, applied_at) VALUES (999, 'from a newer Overseer', now())");
    const refused = await publish(old.url, USERS, '1.1.0');
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ code: 'ERR_STORE_SCHEMA', message: expect.stringContaining('retry: an upgraded replica answers') });
    expect((await deploy(old.url, USERS, '1.0.0', 'production')).status).toBe(503);
    // Creating an environment is a write too (it was made outside a transaction, and slipped past the guard).
    expect((await send(old.url, 'POST', '/v1/environments', { name: 'staging' })).status).toBe(503);
    expect(await countRows(url, 'environments')).toBe(1);
    expect(await countRows(url, 'versions')).toBe(1);
    expect(await countRows(url, 'deployments')).toBe(0);
    // A replica of this build started now (a rollback, a restart) refuses at once, naming both migrations.
    const started = await runCli(['serve', '--port', '0', '--database-url', url]);
    expect(started.code).toBe(2);
    const newest = MIGRATIONS[MIGRATIONS.length - 1].id;
    expect(started.stderr).toContain(
      `error ERR_STORE_SCHEMA: the database has migrations this Overseer does not know (999; this Overseer knows migrations up to ${newest})`,
    );
  });

  it('takes concurrent publishes through two replicas: each version once, only the expected 409s', async () => {
    const url = await cluster.createDatabase();
    const [a, b] = await Promise.all([startReplica(url), startReplica(url, { via: 'env' })]);
    const through = (i: number) => (i % 2 === 0 ? a.url : b.url);

    const services = await Promise.all(range(20).map((i) => send(through(i), 'PUT', `/v1/services/${USERS}`, { owners: ['@acme/users'] })));
    expect([count(services, 201), count(services, 200)]).toEqual([1, 19]);

    const same = await Promise.all(range(20).map((i) => publish(through(i), USERS, '1.0.0')));
    expect([count(same, 201), count(same, 200)], JSON.stringify(statuses(same))).toEqual([1, 19]);

    const distinct = await Promise.all(range(20).map((i) => publish(through(i), USERS, `1.1.${i}`)));
    expect(statuses(distinct)).toEqual(range(20).map(() => 201));

    // Two contents for one version: the first stored wins; only the requests carrying the other get 409.
    const variantOf = (i: number) => (i % 4 < 2 ? '' : 'V2');
    const mixed = await Promise.all(range(20).map((i) => publish(through(i), USERS, '2.0.0', variantOf(i))));
    const [a2, b2] = await Promise.all([a, b].map(async (r) => (await send(r.url, 'GET', `/v1/services/${USERS}/versions/2.0.0`)).body));
    expect(a2).toEqual(b2);
    const winner = range(20).find((i) => mixed[i].status === 201)!;
    mixed.forEach((reply, i) => {
      if (variantOf(i) === variantOf(winner)) expect(reply.status).toBe(i === winner ? 201 : 200);
      else expect(reply).toMatchObject({ status: 409, body: { code: 'ERR_VERSION_CONFLICT' } });
    });
    expect(count(mixed, 201)).toBe(1);

    const expected = ['1.0.0', ...range(20).map((i) => `1.1.${i}`), '2.0.0'];
    const [fromA, fromB] = await Promise.all([listVersions(a.url, USERS), listVersions(b.url, USERS)]);
    expect(fromA.map((v) => v.version)).toEqual(expected);
    expect(fromB).toEqual(fromA);
    expect(await countRows(url, 'services')).toBe(1);
    expect(await countRows(url, 'versions')).toBe(expected.length);
    expect(await countRows(url, 'version_branches')).toBe(expected.length);
    expect(await countRows(url, 'contracts')).toBe(expected.length);
  });

  // Two replica starts and over 200 requests, a hundred at once, on one PostgreSQL: it took 64 s of the default 60 in a
  // whole run on a loaded machine. Generous, as the case below.
  it('records concurrent deployments through two replicas: no duplicates, one current version per service and environment', { timeout: 180_000 }, async () => {
    const url = await cluster.createDatabase();
    const [a, b] = await Promise.all([startReplica(url), startReplica(url, { via: 'env' })]);
    const through = (i: number) => (i % 2 === 0 ? a.url : b.url);
    for (const service of [USERS, ORDERS]) {
      expect((await send(a.url, 'PUT', `/v1/services/${service}`, { owners: [] })).status).toBe(201);
      for (const i of range(4)) expect((await publish(b.url, service, `1.0.${i}`)).status).toBe(201);
    }

    const same = await Promise.all(range(20).map((i) => deploy(through(i), USERS, '1.0.0', 'production')));
    expect([count(same, 201), count(same, 200)]).toEqual([1, 19]);
    expect(new Set(same.map((r) => (r.body as unknown as DeploymentResponse).deployment.id)).size).toBe(1);

    // 80 deployments moving two services between versions in two environments, through both replicas at once.
    const pairs = [USERS, ORDERS].flatMap((service) => ['staging', 'qa'].map((environment) => ({ service, environment })));
    const moving = await Promise.all(
      range(80).map((i) => {
        const { service, environment } = pairs[(i >> 1) % pairs.length];
        return deploy(through(i), service, `1.0.${(i >> 3) % 4}`, environment);
      }),
    );
    expect(
      moving.every((r) => r.status === 201 || r.status === 200),
      JSON.stringify(statuses(moving)),
    ).toBe(true);
    const created = moving.filter((r) => r.status === 201).map((r) => (r.body as unknown as DeploymentResponse).deployment);

    for (const { service, environment } of pairs) {
      const [fromA, fromB] = await Promise.all([history(a.url, service, environment), history(b.url, service, environment)]);
      expect(fromB).toEqual(fromA);
      const mine = created.filter((d) => d.service === service && d.environment === environment);
      expect(fromA.map((d) => d.id).sort((x, y) => x - y)).toEqual(mine.map((d) => d.id).sort((x, y) => x - y));
      expect(fromA.filter((d) => d.replacedAt === null)).toEqual([fromA[0]]);
      // Each was replaced when the next was made, and never by the same version (that would be "unchanged").
      fromA.slice(1).forEach((older, i) => {
        expect(older.replacedAt).toBe(fromA[i].deployedAt);
        expect(older.version).not.toBe(fromA[i].version);
      });
    }
    for (const environment of ['staging', 'qa']) {
      const [nowA, nowB] = await Promise.all([current(a.url, environment), current(b.url, environment)]);
      expect(nowB).toEqual(nowA);
      expect(nowA.map((d) => d.service).sort()).toEqual([ORDERS, USERS]);
    }
    expect(await countRows(url, 'deployments')).toBe(1 + created.length);
    expect(await countRows(url, 'deployments WHERE replaced_at IS NULL')).toBe(1 + pairs.length);
  });

  it("has a replica's can-i-deploy see a deployment and an API claim made through another at once: the generation is the database's", async () => {
    const url = await cluster.createDatabase();
    const [a, b] = await Promise.all([startReplica(url), startReplica(url)]);
    const ask = async () => {
      const reply = await send(a.url, 'GET', `/v1/can-i-deploy?service=${USERS}&version=2.0.0&environment=production`);
      expect(reply.status).toBe(200);
      return (reply.body.reasons as { code: string; consumer?: string }[]).filter((r) => r.code === 'breaks-consumer').map((r) => r.consumer);
    };
    // What a Backstage `consumesApis` entry declares: `api` names the API; `provider` is rewritten once a service claims it.
    const readsEmail = (provider: string, api?: string) => [
      { consumer: 'checkout-web', provider, uses: [{ operation: 'getUser', response: ['email'] }], ...(api && { api }) },
    ];
    const publishWith = (base: string, service: string, body: Record<string, unknown>) => send(base, 'POST', `/v1/services/${service}/versions`, body);
    for (const service of [USERS, 'checkout-web']) expect((await send(a.url, 'PUT', `/v1/services/${service}`, { owners: [] })).status).toBe(201);
    expect((await publishWith(a.url, USERS, { version: '1.0.0', contract: USERS_V1 })).status).toBe(201);
    expect((await deploy(a.url, USERS, '1.0.0', 'production')).status).toBe(201);
    expect((await publishWith(a.url, USERS, { version: '2.0.0', contract: USERS_V2_BREAKING })).status).toBe(201);
    expect((await publishWith(a.url, 'checkout-web', { version: '1.0.0', declarations: readsEmail(USERS) })).status).toBe(201);
    expect((await publishWith(a.url, 'checkout-web', { version: '2.0.0', declarations: readsEmail('users-api', 'users-api') })).status).toBe(201);
    expect(await ask()).toEqual([]);
    // Asked again through a: what it keeps of production holds only until another replica's write moves it.
    expect(await ask()).toEqual([]);

    expect((await deploy(b.url, 'checkout-web', '1.0.0', 'production')).status).toBe(201);
    expect(await ask()).toEqual(['checkout-web']);
    expect((await deploy(b.url, 'checkout-web', '2.0.0', 'production')).status).toBe(201);
    expect(await ask()).toEqual([]);
    // users-service claims users-api through b: checkout-web 2.0.0's declaration is rewritten, no deployment moves.
    const claim = await publishWith(b.url, USERS, {
      version: '1.0.1',
      contract: USERS_V1.replace('version: 1.0.0', 'version: 1.0.1'),
      manifest:
        'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: users-service}\nspec:\n  type: service\n  owner: group:acme/users\n  providesApis: [api:users-api]\n',
    });
    expect(claim.status, JSON.stringify(claim.body)).toBe(201);
    expect(await ask()).toEqual(['checkout-web']);
  });

  // Three replica starts and 80 writes one after another: generous, for a machine busy with other files.
  it('keeps every acknowledged write when a replica is killed mid-stream and started again', { timeout: 180_000 }, async () => {
    const url = await cluster.createDatabase();
    let a = await startReplica(url);
    const b = await startReplica(url, { via: 'env' });
    const port = new URL(a.url).port;
    expect((await send(b.url, 'PUT', `/v1/services/${USERS}`, { owners: [] })).status).toBe(201);

    interface Acknowledged {
      version: string;
      environment: string;
      deploymentId: number;
    }
    const acknowledged: Acknowledged[] = [];
    // A write is acknowledged once both its publication and its deployment were answered 2xx.
    const write = async (base: string, version: string, environment: string): Promise<boolean> => {
      try {
        const published = await publish(base, USERS, version);
        if (published.status !== 201 && published.status !== 200) return false;
        const deployed = await deploy(base, USERS, version, environment);
        if (deployed.status !== 201 && deployed.status !== 200) return false;
        acknowledged.push({ version, environment, deploymentId: (deployed.body as unknown as DeploymentResponse).deployment.id });
        return true;
      } catch {
        return false;
      }
    };

    let killedWith: Array<{ version: string; ok: boolean }> = [];
    const streamA = async () => {
      for (const i of range(40)) {
        if (i !== 20) {
          expect(await write(a.url, `1.${i}.0-a`, 'env-a')).toBe(true);
          continue;
        }
        // Killed as soon as the first of four concurrent writes is answered: the others are under way.
        const inFlight = range(4).map((j) => ({ version: `1.${i}.${j}-a`, outcome: write(a.url, `1.${i}.${j}-a`, 'env-a') }));
        await Promise.race(inFlight.map((w) => w.outcome));
        a.child.kill('SIGKILL');
        killedWith = await Promise.all(inFlight.map(async ({ version, outcome }) => ({ version, ok: await outcome })));
        expect(await a.stop()).toBeNull();
        // Back on its port, as a load balancer's target comes back.
        a = await startReplica(url, { port });
        // The client retries what it did not see acknowledged: publishing and deploying again are idempotent.
        for (const { version, ok } of killedWith) if (!ok) expect(await write(a.url, version, 'env-a')).toBe(true);
      }
    };
    const streamB = async () => {
      for (const i of range(40)) expect(await write(b.url, `1.${i}.0-b`, 'env-b')).toBe(true);
    };
    await Promise.all([streamA(), streamB()]);

    expect(killedWith).toHaveLength(4);
    expect(acknowledged).toHaveLength(39 + 4 + 40);
    for (const replica of [a, b]) {
      const stored = new Set((await listVersions(replica.url, USERS)).map((v) => v.version));
      for (const { version } of acknowledged) expect(stored.has(version), version).toBe(true);
      for (const environment of ['env-a', 'env-b']) {
        const kept = new Map((await history(replica.url, USERS, environment)).map((d) => [d.id, d]));
        for (const ack of acknowledged.filter((w) => w.environment === environment)) {
          expect(kept.get(ack.deploymentId), `${ack.version} (deployment ${ack.deploymentId})`).toMatchObject({ version: ack.version, environment });
        }
      }
      const nowA = await current(replica.url, 'env-a');
      const nowB = await current(replica.url, 'env-b');
      expect([nowA.map((d) => d.version), nowB.map((d) => d.version)]).toEqual([['1.39.0-a'], ['1.39.0-b']]);
    }
    expect(await countRows(url, 'versions')).toBe(new Set(acknowledged.map((w) => w.version)).size);
    expect(await countRows(url, 'deployments WHERE replaced_at IS NULL')).toBe(2);
  });
});
