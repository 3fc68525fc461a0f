// Moving a registry from SQLite to PostgreSQL through the real CLI (`overseer export`, then `overseer import`):
// the registry served from PostgreSQL holds the same records and gives the same can-i-deploy answers.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Verdict } from '../../contracts/model.js';
import { assertBuilt, type RunningRegistry, runCli, startRegistry, startServe } from '../e2e/cli-process.js';
import { POSTGRES_START_TIMEOUT_MS, type PostgresCluster, startPostgres } from '../helpers/postgres.js';
import { EXAMPLE_SERVICES, seedExampleRegistry } from '../helpers/seed-registry.js';

const ENVIRONMENTS = ['production', 'staging', 'preview'];
// billing-worker 2.0.0 needs an operation orders-service lacks: the gate judges it as a consumer too.
const BILLING_V2 = 'service: billing-worker\nowners: ["@acme/billing"]\nconsumes:\n  orders-service:\n    - GET /orders/{id}/refunds\n';

type Question = [service: string, version: string, environment: string];

const QUESTIONS: Question[] = [
  ...EXAMPLE_SERVICES.map((service): [string, string] => [service, '1.0.0']),
  ...['1.1.0', '1.2.0', '2.0.0', '9.9.9'].map((version): [string, string] => ['users-service', version]),
  ['billing-worker', '2.0.0'],
  ['payments-service', '1.0.0'],
].flatMap(([service, version]) => ENVIRONMENTS.map((environment): Question => [service, version, environment]));

let cluster: PostgresCluster;
let dir: string;
const running: RunningRegistry[] = [];

beforeAll(async () => {
  assertBuilt();
  dir = await mkdtemp(join(tmpdir(), 'overseer-migrate-'));
  cluster = await startPostgres();
}, POSTGRES_START_TIMEOUT_MS);
afterEach(async () => {
  await Promise.all(running.splice(0).map((registry) => registry.stop()));
});
afterAll(async () => {
  await cluster?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function get<T>(base: string, path: string): Promise<T> {
  const response = await fetch(new URL(path, base));
  expect(response.status, `GET ${path}`).toBe(200);
  return (await response.json()) as T;
}

async function post(base: string, path: string, body: unknown): Promise<void> {
  const response = await fetch(new URL(path, base), { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  expect(response.status, `POST ${path}: ${await response.clone().text()}`).toBeLessThan(300);
}

// One after the other: each answer is also an audit record, and their order is part of what moves.
async function ask(base: string): Promise<Verdict[]> {
  const verdicts: Verdict[] = [];
  for (const [service, version, environment] of QUESTIONS) {
    // By POST, as the CLI asks: recorded in the audit trail.
    const response = await fetch(new URL('/v1/can-i-deploy', base), {
      method: 'POST',
      body: JSON.stringify({ service, version, environment }),
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status, `can-i-deploy ${service} ${version} ${environment}`).toBe(200);
    verdicts.push((await response.json()) as Verdict);
  }
  return verdicts;
}

/** What the registry holds, read through its API: services, versions, declarations, deployments and the audit trail. */
async function readRegistry(base: string): Promise<Record<string, unknown>> {
  const state: Record<string, unknown> = {
    services: await get(base, '/v1/services'),
    environments: await get(base, '/v1/environments'),
    deployments: await get(base, '/v1/deployments?limit=1000'),
    verdicts: await get(base, '/v1/verdicts?limit=1000'),
  };
  for (const service of [...EXAMPLE_SERVICES]) {
    const { versions } = await get<{ versions: Array<{ version: string }> }>(base, `/v1/services/${service}/versions`);
    state[`${service} versions`] = versions;
    for (const { version } of versions) {
      state[`${service} ${version} declarations`] = await get(base, `/v1/services/${service}/versions/${version}/declarations`);
    }
  }
  return state;
}

// Two registry starts, three CLI processes and 72 questions: several minutes on a machine at load 15 (it timed out at
// 60 s there), where a wrong answer is the failure this test looks for, not a slow one.
it('gives the same can-i-deploy answers after export from SQLite and import into PostgreSQL', { timeout: 300_000 }, async () => {
  const sqliteFile = join(dir, 'registry.db');
  const dump = join(dir, 'registry.jsonl');
  const sqlite = await startRegistry(sqliteFile);
  running.push(sqlite);
  await seedExampleRegistry(sqlite.url);
  await post(sqlite.url, '/v1/services/billing-worker/versions', { version: '2.0.0', manifest: BILLING_V2 });
  // An environment created but never deployed to: its answers move too.
  await post(sqlite.url, '/v1/environments', { name: 'preview' });
  const before = await ask(sqlite.url);
  const stateBefore = await readRegistry(sqlite.url);
  expect(await sqlite.stop()).toBe(0);

  // The answers compared below are not all alike: the comparison would catch a lost consumer or deployment.
  const answer = (service: string, version: string, environment: string) =>
    before[QUESTIONS.findIndex((q) => q.join() === [service, version, environment].join())];
  expect(answer('users-service', '1.1.0', 'production')).toMatchObject({ deployable: true, reasons: [] });
  expect(answer('users-service', '2.0.0', 'production')).toMatchObject({
    deployable: false,
    reasons: expect.arrayContaining([expect.objectContaining({ code: 'breaks-consumer', consumer: 'checkout-web' })]),
  });
  expect(answer('billing-worker', '2.0.0', 'production')).toMatchObject({
    deployable: false,
    reasons: [expect.objectContaining({ code: 'operation-missing' })],
  });
  expect(answer('users-service', '9.9.9', 'staging')).toMatchObject({ deployable: false, reasons: [expect.objectContaining({ code: 'version-unknown' })] });
  expect(new Set(before.flatMap((v) => v.reasons.map((r) => r.code))).size).toBeGreaterThanOrEqual(4);

  const exported = await runCli(['export', '--db', sqliteFile, '--out', dump]);
  expect(exported, exported.stderr).toMatchObject({ code: 0, stdout: expect.stringMatching(/^exported \d+ records from the SQLite file .+ to /) });
  const url = await cluster.createDatabase();
  const imported = await runCli(['import', dump, '--database-url', url]);
  expect(imported, imported.stderr).toMatchObject({
    code: 0,
    stdout: expect.stringMatching(/^imported \d+ .* into the PostgreSQL database postgres(ql)?:\/\//),
  });

  const postgres = await startServe(['--port', '0', '--database-url', url]);
  running.push(postgres);
  expect(await readRegistry(postgres.url)).toEqual(stateBefore);
  const after = await ask(postgres.url);
  // Deployable, the reason codes and their messages, question by question: a failure names the question.
  const shape = (v: Verdict) => ({ deployable: v.deployable, reasons: v.reasons.map((r) => [r.code, r.message]) });
  after.forEach((verdict, i) => expect(shape(verdict), QUESTIONS[i].join(' ')).toEqual(shape(before[i])));
  // Then everything else a verdict carries: consumers, versions, operations, fields and changes.
  expect(after).toEqual(before);
});
