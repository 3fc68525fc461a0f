// A Slack link to a verdict outlives the verdict: once the audit retention pruned it, the page says so and leads to
// where the service stands now, instead of a bare "no such verdict".

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Verdict } from '../../../contracts/index.js';
import { buildApp } from '../../../overseer/app.js';
import { parseConfig } from '../../../overseer/config.js';
import { openSqliteStore } from '../../../overseer/store/sqlite/index.js';
import type { Store } from '../../../overseer/store/store.js';
import { reusedSchemaController } from '../../helpers/app-schemas.js';
import { reusedWorkPool } from '../../helpers/app-work.js';

const refusal = (service: string): Verdict => ({
  decision: 'refused',
  deployable: false,
  service,
  version: '2.0.0',
  environment: 'production',
  reasons: [{ code: 'provider-not-deployed', severity: 'error', message: `${service} 2.0.0 needs billing, not deployed in production` }],
});

describe('a verdict pruned by the audit retention', () => {
  let dir: string;
  let store: Store;
  let app: FastifyInstance;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'overseer-ui-pruned-'));
    const config = parseConfig({ db: join(dir, 'registry.db') }, { OVERSEER_VERDICT_RETENTION_DAYS: '30' });
    store = openSqliteStore(config.db);
    app = buildApp({ config, store, schemaController: reusedSchemaController(), work: reusedWorkPool(config) });
    await app.ready();
    await app.inject({ method: 'PUT', url: '/v1/services/users-service', payload: { owners: ['@acme/users'] } });
  });

  afterEach(async () => {
    await app.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("answers a page that says so and links the service's current state, from a notification's link", async () => {
    const { id } = await store.recordVerdict(refusal('users-service'), 'admin');
    expect(await store.pruneVerdicts(new Date(Date.now() + 60_000).toISOString())).toBe(1);
    const res = await app.inject({ method: 'GET', url: `/verdicts/${id}?service=users-service&environment=production` });
    expect(res.statusCode).toBe(410);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('<h1>Verdict pruned</h1>');
    expect(res.body).toContain(`Verdict #${id} was pruned by the audit retention, which keeps a verdict 30 days after it was last asked`);
    expect(res.body).toContain('<a href="/services/users-service?environment=production">users-service now</a>');
  });

  it("does not show another verdict that took the pruned one's id, and answers 404 for an id never recorded", async () => {
    const first = await store.recordVerdict(refusal('users-service'), 'admin');
    expect(await store.pruneVerdicts(new Date(Date.now() + 60_000).toISOString())).toBe(1);
    const later = await store.recordVerdict(refusal('orders-service'), 'admin');
    const link = await app.inject({ method: 'GET', url: `/verdicts/${first.id}?service=users-service&environment=production` });
    expect(link.statusCode).toBe(410);
    expect(link.body).toContain(`Verdict #${first.id} was pruned`);
    expect(link.body).not.toContain('orders-service');
    const never = await app.inject({ method: 'GET', url: `/verdicts/${later.id + 1}` });
    expect(never.statusCode).toBe(404);
    expect(never.body).toContain('<h1>No such verdict</h1>');
  });
});
