// A stranger's POST /v1/can-i-deploy on a registry with tokens: answered as the GET is, and nothing left behind. It
// wrote a row to the audit trail (merged with its repeats, but one per version and answer) that the dashboard's /audit
// showed beside CI's asks, and a refusal it heard first was announced on its behalf. On both stores.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../overseer/app.js';
import { parseConfig } from '../../overseer/config.js';
import { openPostgresStore } from '../../overseer/store/postgres/index.js';
import { openSqliteStore } from '../../overseer/store/sqlite/index.js';
import type { Store } from '../../overseer/store/store.js';
import { reusedSchemaController } from '../helpers/app-schemas.js';
import { reusedWorkPool } from '../helpers/app-work.js';
import { writeMigratedSqlite } from '../helpers/migrated-sqlite.js';
import { usePostgres } from '../helpers/use-postgres.js';
import { ADMIN_TOKEN, type Harness, sendTo } from '../overseer/routes/harness.js';
import { seedRegistry } from '../overseer/routes/seed.js';

const cluster = usePostgres();
// Refused: users-service, which checkout-web uses, runs nowhere in production.
const QUESTION = { service: 'checkout-web', version: '1.0.0', environment: 'production' };
// Notifications on: a refusal has somewhere to be announced (the sender never runs here; the outbox shows what was planned).
const ENV = {
  OVERSEER_ADMIN_TOKEN: ADMIN_TOKEN,
  OVERSEER_SLACK_TOKEN: 'xoxb-test-token',
  OVERSEER_SLACK_CHANNELS: '*',
  OVERSEER_SLACK_API_URL: 'http://127.0.0.1:9/api',
};

let opened: { app: FastifyInstance; store: Store; dir: string } | undefined;
afterEach(async () => {
  await opened?.app.close();
  await opened?.store.close();
  if (opened) await rm(opened.dir, { recursive: true, force: true });
  opened = undefined;
});

async function open(kind: 'sqlite' | 'postgres'): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'overseer-stranger-asks-'));
  const config = parseConfig({ db: join(dir, 'registry.db') }, ENV);
  let store: Store;
  if (kind === 'postgres') store = await openPostgresStore(await cluster().createDatabase());
  else {
    await writeMigratedSqlite(config.db);
    store = openSqliteStore(config.db);
  }
  const app = buildApp({ config, store, schemaController: reusedSchemaController(), work: reusedWorkPool(config, ENV) });
  opened = { app, store, dir };
  await app.ready();
  return { app, store, config, send: sendTo(app), close: async () => undefined };
}

describe.each(['sqlite', 'postgres'] as const)("a stranger's can-i-deploy POST on %s, tokens on", (kind) => {
  it('is answered as the GET is, and leaves no audit row, no /audit line and no announcement; the same ask with a token does', async () => {
    const registry = await open(kind);
    await seedRegistry(registry, ADMIN_TOKEN);
    await registry.send('PUT', '/v1/services/checkout-web', { owners: ['@acme/checkout'], slack: '#checkout-alerts' }, ADMIN_TOKEN);

    const read = await registry.send('GET', `/v1/can-i-deploy?${new URLSearchParams(QUESTION)}`);
    const asked = await registry.send('POST', '/v1/can-i-deploy', QUESTION);
    expect(asked.statusCode).toBe(200);
    expect(asked.json()).toMatchObject({ service: 'checkout-web', decision: 'refused', deployable: false });
    expect(asked.json().reasons).toEqual(read.json().reasons);
    // An Idempotency-Key is still echoed: the answer is the same whoever asks.
    const keyed = await registry.app.inject({ method: 'POST', url: '/v1/can-i-deploy', payload: QUESTION, headers: { 'idempotency-key': 'stranger-1' } });
    expect([keyed.statusCode, keyed.headers['idempotency-key']]).toEqual([200, 'stranger-1']);

    const verdicts = async () => (await registry.send('GET', '/v1/verdicts?limit=100')).json().verdicts as { askedBy: string; count: number }[];
    expect(await verdicts()).toEqual([]);
    expect((await registry.send('GET', '/audit')).body).not.toContain('checkout-web');
    expect(await registry.store.listNotifications()).toEqual([]);

    const withToken = await registry.send('POST', '/v1/can-i-deploy', QUESTION, ADMIN_TOKEN);
    expect(withToken.json().decision).toBe('refused');
    expect((await verdicts()).map((v) => [v.askedBy, v.count])).toEqual([['admin', 1]]);
    expect((await registry.send('GET', '/audit')).body).toContain('checkout-web');
    expect((await registry.store.listNotifications()).map((n) => n.event)).toContain('gate.refused');
  }, 60_000);
});

describe("a stranger's can-i-deploy POST on an open registry", () => {
  it('is recorded as anonymous: every ask there is a stranger, and the trail is theirs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'overseer-stranger-asks-'));
    const config = parseConfig({ db: join(dir, 'registry.db') }, {});
    await writeMigratedSqlite(config.db);
    const store = openSqliteStore(config.db);
    const app = buildApp({ config, store, schemaController: reusedSchemaController(), work: reusedWorkPool(config, {}) });
    opened = { app, store, dir };
    const registry: Harness = { app, store, config, send: sendTo(app), close: async () => undefined };
    await seedRegistry(registry);
    expect((await registry.send('POST', '/v1/can-i-deploy', QUESTION)).statusCode).toBe(200);
    const { verdicts } = (await registry.send('GET', '/v1/verdicts')).json();
    expect(verdicts.map((v: { askedBy: string; decision: string }) => [v.askedBy, v.decision])).toEqual([['anonymous', 'refused']]);
  }, 60_000);
});
