// Two replicas of one registry on one database (a SQLite file; a PostgreSQL database of the run's cluster), built in the
// test's process as `overseer serve` builds them: the observe tests of calls split between replicas start theirs here.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, expect } from 'vitest';
import { buildApp } from '../../../overseer/app.js';
import { parseConfig } from '../../../overseer/config.js';
import { openPostgresStore } from '../../../overseer/store/postgres/index.js';
import { openSqliteStore } from '../../../overseer/store/sqlite/index.js';
import { reusedSchemaController } from '../../helpers/app-schemas.js';
import { reusedWorkPool } from '../../helpers/app-work.js';
import type { PostgresCluster } from '../../helpers/postgres.js';

/** A file of test/fixtures/observe. */
export const observeFixture = (name: string) => readFileSync(new URL(`../../fixtures/observe/${name}`, import.meta.url), 'utf8');

interface ReplicaPair {
  a: FastifyInstance;
  b: FastifyInstance;
}

/**
 * Registers an afterEach that closes every replica (and removes its SQLite folder); returns what starts two replicas,
 * with `env` as their environment, on SQLite or on a database of the file's `cluster` (its `usePostgres()`). They share the test process's worker pool: what a replica keeps
 * of the calls it read (the observer's) is its own, and the pool keeps nothing of a registry's state.
 */
export function useReplicaPairs(cluster: () => PostgresCluster, env: Record<string, string> = {}) {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function startReplica(database: { db: string } | { databaseUrl: string }): Promise<FastifyInstance> {
    const config = parseConfig(database, env);
    const store = config.databaseUrl === undefined ? openSqliteStore(config.db) : await openPostgresStore(config.databaseUrl);
    const app = buildApp({ config, store, schemaController: reusedSchemaController(), work: reusedWorkPool(config, env) });
    cleanups.push(async () => {
      await app.close();
      await store.close();
    });
    await app.ready();
    return app;
  }

  return {
    /** Two replicas on one new SQLite file. */
    async onSqlite(): Promise<ReplicaPair> {
      const dir = await mkdtemp(join(tmpdir(), 'overseer-replicas-'));
      cleanups.push(() => rm(dir, { recursive: true, force: true }));
      const db = join(dir, 'registry.db');
      return { a: await startReplica({ db }), b: await startReplica({ db }) };
    },
    /** Two replicas on one new PostgreSQL database, and its URL. */
    async onPostgres(): Promise<ReplicaPair & { url: string }> {
      const url = await cluster().createDatabase();
      return { url, a: await startReplica({ databaseUrl: url }), b: await startReplica({ databaseUrl: url }) };
    },
  };
}

/** users-service 1.0.0 live in production, and each caller registered with a manifest and live there, on the registry at `url`. */
export async function seedUsersAndCallers(url: string, callers: string[]): Promise<void> {
  const ok = async (method: string, path: string, body: unknown) => {
    const init = { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
    expect((await fetch(`${url}${path}`, init)).status, `${method} ${path}`).toBeLessThan(300);
  };
  await ok('PUT', '/v1/services/users-service', { owners: ['@acme/users'] });
  await ok('POST', '/v1/services/users-service/versions', { version: '1.0.0', contract: observeFixture('users.v1.yaml') });
  await ok('POST', '/v1/environments', { name: 'production' });
  await ok('POST', '/v1/deployments', { service: 'users-service', version: '1.0.0', environment: 'production' });
  for (const name of callers) {
    await ok('PUT', `/v1/services/${name}`, { owners: ['@acme/web'] });
    await ok('POST', `/v1/services/${name}/versions`, { version: '1.0.0', manifest: `service: ${name}\nowners: ["@acme/web"]\n` });
    await ok('POST', '/v1/deployments', { service: name, version: '1.0.0', environment: 'production' });
  }
}
