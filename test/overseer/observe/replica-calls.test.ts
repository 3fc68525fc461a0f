// Two replicas on one database (a SQLite file; a PostgreSQL database): calls one received count at the other's gate
// once written, though the other had just read (and kept) the provider's calls for an earlier ask.
import { setTimeout as pause } from 'node:timers/promises';
import { expect, it } from 'vitest';
import type { Verdict } from '../../../contracts/model.js';
import { traceExport } from '../../helpers/otlp.js';
import { queryDatabase } from '../../helpers/postgres-sql.js';
import { usePostgres } from '../../helpers/use-postgres.js';
import { sendTo } from '../routes/harness.js';
import { observeFixture as fixture, useReplicaPairs } from './replica-pair.js';

const FLUSH_MS = 200;
const replicas = useReplicaPairs(usePostgres(), { OVERSEER_USAGE_FLUSH_MS: String(FLUSH_MS) });

type Send = ReturnType<typeof sendTo>;

/** users-service 1.0.0 and web-app 1.0.0 deployed to production; users-service 2.0.0 drops GET /users/{userId}. */
async function seed(a: Send): Promise<void> {
  const ok = async (method: 'PUT' | 'POST', url: string, body: unknown) => expect((await a(method, url, body)).statusCode).toBeLessThan(300);
  await ok('PUT', '/v1/services/users-service', { owners: ['@acme/users'] });
  await ok('PUT', '/v1/services/web-app', { owners: ['@acme/web'] });
  await ok('POST', '/v1/services/users-service/versions', { version: '1.0.0', contract: fixture('users.v1.yaml') });
  await ok('POST', '/v1/services/users-service/versions', { version: '2.0.0', contract: fixture('users.v2-no-get-user.yaml') });
  await ok('POST', '/v1/services/web-app/versions', { version: '1.0.0', manifest: 'service: web-app\nowners: ["@acme/web"]\n' });
  await ok('POST', '/v1/environments', { name: 'production' });
  for (const service of ['users-service', 'web-app']) await ok('POST', '/v1/deployments', { service, version: '1.0.0', environment: 'production' });
}

// Asked as the CLI asks (POST): each ask writes its audit record, or counts a repeat on it.
const QUESTION = { service: 'users-service', version: '2.0.0', environment: 'production' };
const ask = async (b: Send) => (await b('POST', '/v1/can-i-deploy', QUESTION)).json() as Verdict;

/** A receives web-app's call of GET /users/7 and writes it; B refuses once its kept read is out of date. */
async function expectCallCountsAtOther(a: Send, b: Send): Promise<void> {
  const call = { consumer: 'web-app', environment: 'production', provider: 'users-service', method: 'GET', url: 'https://users.internal/api/users/7' };
  expect((await a('POST', '/v1/traces', traceExport([call]))).statusCode).toBe(200);
  // A writes what it received (its usage listing flushes first).
  expect((await a('GET', '/v1/services/web-app/usage?environment=production')).statusCode).toBe(200);
  let verdict = await ask(b);
  for (let waited = 0; verdict.deployable && waited < 20 * FLUSH_MS; waited += FLUSH_MS / 4) {
    await pause(FLUSH_MS / 4);
    verdict = await ask(b);
  }
  expect(verdict.deployable).toBe(false);
  expect(verdict.reasons.some((r) => r.consumer === 'web-app' && r.basis === 'observed')).toBe(true);
}

it("counts calls another replica received, though this one had kept the provider's calls read for an earlier ask", async () => {
  const pair = await replicas.onSqlite();
  const [a, b] = [sendTo(pair.a), sendTo(pair.b)];
  await seed(a);
  // B reads users-service's calls (none yet) and keeps them.
  expect((await ask(b)).deployable).toBe(true);
  await expectCallCountsAtOther(a, b);
});

it("on PostgreSQL, keeps the provider's calls across writes of anything else (the verdicts it records), and counts calls another replica wrote since", async () => {
  const pair = await replicas.onPostgres();
  const [url, a, b] = [pair.url, sendTo(pair.a), sendTo(pair.b)];
  await seed(a);
  // B reads users-service's calls (none yet), keeps them, and records the verdict.
  expect((await ask(b)).deployable).toBe(true);
  // A probe: a row written as no Overseer writes (triggers off), so the count of observed-call writes stays. B's next ask
  // uses what it kept and does not see it: neither the verdict B recorded nor this write made it read the calls again,
  // as any write did while the mark was the WAL insert position.
  await queryDatabase(
    url,
    `SET session_replication_role = replica;
     INSERT INTO observed_calls (consumer, provider, operation, environment, count, first_seen, last_seen) VALUES
       ('web-app', 'users-service', 'GET /users/{userId}', 'production', 1, now(), now())`,
  );
  expect((await ask(b)).deployable).toBe(true);
  await expectCallCountsAtOther(a, b);
});
