// The audit trail grows with news, not with asks: GET answers and records nothing, POST records, repeats are counted,
// and verdicts past their retention are forgotten by the server, not on the request path.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../../overseer/app.js';
import { parseConfig } from '../../../overseer/config.js';
import { openSqliteStore } from '../../../overseer/store/sqlite/index.js';
import type { Store, StoreRecord } from '../../../overseer/store/store.js';
import { reusedSchemaController } from '../../helpers/app-schemas.js';
import { reusedWorkPool } from '../../helpers/app-work.js';
import { ADMIN_TOKEN, type Harness, startHarness } from './harness.js';
import { deployAll, seedRegistry } from './seed.js';

// Six rounds of ten racing asks: enough to show repeats counted on one row however they race. 300 took over 60 s on a
// loaded machine, each ask a can-i-deploy through the worker pool, and counted no differently.
const ASKS = 60;
const QUESTION = { service: 'checkout-web', version: '1.0.0', environment: 'production' };

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Sends `count` identical asks, ten at a time (the work queue is bounded, and a burst would be told to come back). */
async function askRepeatedly(send: () => Promise<{ statusCode: number }>, count = ASKS): Promise<void> {
  for (let done = 0; done < count; done += 10) {
    const answers = await Promise.all(Array.from({ length: Math.min(10, count - done) }, send));
    expect(answers.map((a) => a.statusCode)).toEqual(answers.map(() => 200));
  }
}

const recorded = async (registry: Harness) =>
  (await registry.send('GET', '/v1/verdicts?limit=1000')).json().verdicts as { id: number; askedBy: string; decision: string; count: number }[];

describe('the can-i-deploy audit trail', () => {
  it(`keeps no row for ${ASKS} identical GET asks, nor for as many POST asks without a token (tokens on)`, async () => {
    h = await startHarness({ adminToken: ADMIN_TOKEN });
    const registry = h;
    await seedRegistry(registry, ADMIN_TOKEN);
    await askRepeatedly(() => registry.send('GET', `/v1/can-i-deploy?${new URLSearchParams(QUESTION)}`));
    expect(await recorded(registry)).toEqual([]);

    // A stranger's asks are answered as the GET's are (test/hostile/stranger-asks.test.ts).
    await askRepeatedly(() => registry.send('POST', '/v1/can-i-deploy', QUESTION));
    expect(await recorded(registry)).toEqual([]);
  });

  it(`counts ${ASKS} identical authenticated asks on one row; a different answer starts a new one; the dashboard shows the count`, async () => {
    h = await startHarness({ adminToken: ADMIN_TOKEN });
    const registry = h;
    await seedRegistry(registry, ADMIN_TOKEN);
    await askRepeatedly(() => registry.send('POST', '/v1/can-i-deploy', QUESTION, ADMIN_TOKEN));
    const [refused] = await recorded(registry);
    expect(refused).toMatchObject({ askedBy: 'admin', decision: 'refused', count: ASKS });

    // users-service deployed: the same question now has another answer.
    await deployAll(registry, 'production', ADMIN_TOKEN);
    await registry.send('POST', '/v1/can-i-deploy', QUESTION, ADMIN_TOKEN);
    expect((await recorded(registry)).map((v) => [v.decision, v.count])).toEqual([
      ['deployable', 1],
      ['refused', ASKS],
    ]);

    const audit = (await registry.send('GET', '/audit')).body;
    expect(audit).toContain(`×${ASKS}`);
    expect(audit).toContain(`asked ${ASKS} times since`);
    const page = (await registry.send('GET', `/verdicts/${refused.id}`)).body;
    expect(page).toContain(`${ASKS - 1} more times with the same answer, last at`);
  });

  it('records the asks of two tokens that send the same Idempotency-Key, each under its name; a repeat of one is not recorded', async () => {
    h = await startHarness({ adminToken: ADMIN_TOKEN, env: { OVERSEER_VERDICT_WINDOW_MINUTES: '0' } });
    const registry = h;
    await seedRegistry(registry, ADMIN_TOKEN);
    const issued = await registry.send('POST', '/v1/tokens', { name: 'checkout-ci', service: 'checkout-web' }, ADMIN_TOKEN);
    const ask = (token: string) =>
      registry.app.inject({
        method: 'POST',
        url: '/v1/can-i-deploy',
        payload: QUESTION,
        headers: { authorization: `Bearer ${token}`, 'idempotency-key': '0b3f5e0c-1d2a-4c5b-9e8f-7a6b5c4d3e2f' },
      });
    for (const token of [issued.json().token, ADMIN_TOKEN, issued.json().token]) expect((await ask(token)).statusCode).toBe(200);
    expect((await recorded(registry)).map((v) => v.askedBy)).toEqual(['admin', 'checkout-ci']);
  });

  it('records the ask of a token issued under a revoked token’s name that sends the revoked one’s Idempotency-Key', async () => {
    h = await startHarness({ adminToken: ADMIN_TOKEN, env: { OVERSEER_VERDICT_WINDOW_MINUTES: '0' } });
    const registry = h;
    await seedRegistry(registry, ADMIN_TOKEN);
    const issue = async () => (await registry.send('POST', '/v1/tokens', { name: 'checkout-ci', service: 'checkout-web' }, ADMIN_TOKEN)).json().token as string;
    const ask = (token: string) =>
      registry.app.inject({
        method: 'POST',
        url: '/v1/can-i-deploy',
        payload: QUESTION,
        headers: { authorization: `Bearer ${token}`, 'idempotency-key': '5d1c7a0e-2b3f-4e6a-8c9d-0f1e2d3c4b5a' },
      });
    const first = await issue();
    expect((await ask(first)).statusCode).toBe(200);
    expect((await registry.send('DELETE', '/v1/tokens/checkout-ci', undefined, ADMIN_TOKEN)).statusCode).toBeLessThan(300);
    // Another writer with the same name: its ask is its own, however the key it sends was come by (a log, a copied script).
    const second = await issue();
    expect((await ask(second)).statusCode).toBe(200);
    expect((await recorded(registry)).map((v) => [v.askedBy, v.count])).toEqual([
      ['checkout-ci', 1],
      ['checkout-ci', 1],
    ]);
  });

  it('keeps every ask apart with OVERSEER_VERDICT_WINDOW_MINUTES=0', async () => {
    h = await startHarness({ env: { OVERSEER_VERDICT_WINDOW_MINUTES: '0' } });
    const registry = h;
    await seedRegistry(registry);
    await askRepeatedly(() => registry.send('POST', '/v1/can-i-deploy', QUESTION), 3);
    expect((await recorded(registry)).map((v) => v.count)).toEqual([1, 1, 1]);
  });
});

describe('verdict retention', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  function slowPruning(store: Store): Store {
    const prune = store.pruneVerdicts.bind(store);
    store.pruneVerdicts = async (before) => (await new Promise((resolve) => setTimeout(resolve, 300)), prune(before));
    return store;
  }

  /** A registry whose store already holds a verdict last asked long ago and one asked now, as a restored dump would. */
  async function startWithOldVerdicts(env: Record<string, string>) {
    const dir = await mkdtemp(join(tmpdir(), 'overseer-retention-'));
    dirs.push(dir);
    const config = parseConfig({ db: join(dir, 'registry.db') }, env);
    // A slow delete, as on a large table: the app must still not be ready before the pass at start has run.
    const store = slowPruning(openSqliteStore(config.db));
    const now = new Date().toISOString();
    const verdict = (id: number, at: string): StoreRecord => ({
      kind: 'verdict',
      ...{ id, service: 'web-app', version: `1.0.${id}`, environment: 'production', askedBy: 'ci', deployable: true, reasons: [] },
      ...{ askedAt: at, count: 4, lastAskedAt: at },
    });
    expect(await store.importRecords([verdict(1, '2020-01-01T00:00:00.000Z'), verdict(2, now)])).toBe(true);
    const app = buildApp({ config, store, schemaController: reusedSchemaController(), work: reusedWorkPool(config) });
    await app.ready();
    return { store, close: async () => (await app.close(), await store.close()) };
  }

  it('forgets verdicts last asked before OVERSEER_VERDICT_RETENTION_DAYS, once the server is up', async () => {
    const registry = await startWithOldVerdicts({ OVERSEER_VERDICT_RETENTION_DAYS: '30' });
    try {
      // The pass at start is part of getting ready: the old verdict is gone before the first request could read it.
      expect((await registry.store.listVerdicts()).map((v) => v.id)).toEqual([2]);
    } finally {
      await registry.close();
    }
  });

  it('keeps every verdict with OVERSEER_VERDICT_RETENTION_DAYS=0', async () => {
    const registry = await startWithOldVerdicts({ OVERSEER_VERDICT_RETENTION_DAYS: '0' });
    try {
      // The pass at start has run once the app is ready (the case above shows it deletes): both are still there.
      expect((await registry.store.listVerdicts()).map((v) => v.id)).toEqual([2, 1]);
    } finally {
      await registry.close();
    }
  });
});
