// A replica left running while a newer Overseer migrated its PostgreSQL database (a rolling upgrade) refuses every
// write: its /healthz says so with 503, so that a load balancer takes it out, and it still stops cleanly on SIGTERM.

import { setTimeout as pause } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, type RunningRegistry, startServe } from '../e2e/cli-process.js';
import { runCliHere } from '../e2e/in-process.js';
import { traceExport } from '../helpers/otlp.js';
import { POSTGRES_START_TIMEOUT_MS, type PostgresCluster, startPostgres } from '../helpers/postgres.js';
import { queryDatabase } from '../helpers/postgres-sql.js';

let cluster: PostgresCluster;
let replica: RunningRegistry | undefined;

beforeAll(async () => {
  assertBuilt();
  cluster = await startPostgres();
}, POSTGRES_START_TIMEOUT_MS);
afterEach(async () => {
  // A failed assertion leaves it running otherwise.
  await replica?.stop();
  replica = undefined;
});
afterAll(async () => {
  await cluster?.stop();
});

async function health(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const answer = await fetch(new URL('/healthz', url));
  return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
}

/** /healthz until it answers `status`: the replica looks at the database's migrations at most every few seconds. */
async function healthOnce(url: string, status: number): Promise<{ status: number; body: Record<string, unknown> }> {
  let last = await health(url);
  for (let tries = 0; tries < 150 && last.status !== status; tries++) {
    await pause(100);
    last = await health(url);
  }
  return last;
}

describe('a replica older than its database', () => {
  it('answers /healthz 503 with the reason once the database is migrated under it, and stops cleanly', async () => {
    const url = await cluster.createDatabase();
    // An hour: the observed call waits in memory until the stop.
    replica = await startServe(['--port', '0', '--database-url', url], { OVERSEER_USAGE_FLUSH_MS: '3600000' });
    const { url: registry } = replica;
    const cli = (...args: string[]) => runCliHere(args, { env: { OVERSEER_URL: registry } });
    for (const args of [
      ['environment', 'create', 'production'],
      ['publish', '--manifest', 'examples/users-service/overseer.yaml', '--version', '1.0.0'],
      ['record-deployment', '--service', 'users-service', '--version', '1.0.0', '--env', 'production'],
    ]) {
      const r = await cli(...args);
      expect(r.code, r.stderr).toBe(0);
    }
    const call = { consumer: 'billing-worker', environment: 'production', provider: 'users-service', method: 'POST', url: 'http://users.internal/users' };
    const exported = await fetch(new URL('/v1/traces', registry), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(traceExport([call])),
    });
    expect(await exported.json()).toEqual({ partialSuccess: {} });
    expect(await health(registry)).toMatchObject({ status: 200, body: { status: 'ok' } });

    // What a newer Overseer's replica does when it starts: a migration this build does not know.
    await queryDatabase(url, "INSERT INTO schema_migrations (id, name, applied_at) VALUES (999, 'from a newer Overseer', now())");
    expect(await healthOnce(registry, 503)).toEqual({
      status: 503,
      body: {
        status: 'refusing-writes',
        writeKeys: true,
        keyedWrites: [
          'POST /v1/deployments',
          'POST /v1/deployments/end',
          'POST /v1/tokens',
          'POST /v1/environments',
          'DELETE /v1/tokens/:name',
          'POST /v1/notifications/:id/retry',
        ],
        code: 'ERR_STORE_SCHEMA',
        message: expect.stringMatching(
          /^a newer Overseer migrated the database while this one was running \(999; .*\): this replica writes nothing more; upgrade it$/,
        ),
        observe: { unwritten: 1, dropped: 0, refused: 0, refusedCallers: 0 },
        work: { waiting: { write: 0, gate: 0, ingest: 0, read: 0, anonymous: 0 } },
      },
    });

    const stopped = replica;
    replica = undefined;
    expect(await stopped.stop()).toBe(0);
    expect(stopped.output()).toContain('stopping: the store refused the last write of observed calls: 1 count(s) held in memory are lost');
  }, 180_000);
});
