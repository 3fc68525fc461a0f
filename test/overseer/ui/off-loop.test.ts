// A graph page is laid out and written by the registry's worker threads: while one is drawn, the event loop goes on
// answering other requests (here /healthz, asked again and again), so an anonymous visitor asking for one graph after
// another cannot hold can-i-deploy or a publication behind it.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../overseer/app.js';
import { parseConfig } from '../../../overseer/config.js';
import { openSqliteStore } from '../../../overseer/store/sqlite/index.js';
import type { Store } from '../../../overseer/store/store.js';
import { reusedSchemaController } from '../../helpers/app-schemas.js';
import { chainServiceName, seedServiceChain } from '../../helpers/seed-registry.js';

const SERVICES = 1500;
const nameOf = chainServiceName;

describe('graph pages and the event loop', () => {
  let dir: string;
  let store: Store;
  let app: FastifyInstance;
  let url: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'overseer-ui-off-loop-'));
    const config = parseConfig({ db: join(dir, 'registry.db') }, {});
    store = openSqliteStore(config.db);
    await seedServiceChain(store, SERVICES);
    app = buildApp({ config, store, schemaController: reusedSchemaController() });
    url = await app.listen({ port: 0, host: '127.0.0.1' });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers /healthz while large neighbourhoods never asked for before are drawn', async () => {
    const answeredAt: number[] = [];
    let polling = true;
    const poll = (async () => {
      while (polling) {
        const res = await fetch(`${url}/healthz`);
        if (res.ok) answeredAt.push(performance.now());
        await res.arrayBuffer();
      }
    })();
    try {
      // Each focus and depth is new: nothing of its layout or labels can come from a cache.
      for (const focus of [nameOf(700), nameOf(900), nameOf(1100)]) {
        const sent = performance.now();
        const res = await fetch(`${url}/graph?service=${focus}&hops=4`);
        const body = await res.text();
        const answered = performance.now();
        expect(res.status).toBe(200);
        expect(body).toContain(`services are within 4 uses of <a href="/services/${focus}">${focus}</a>: too many to draw`);
        // Answers that reached the client while this page was on its way: the loop was free for them.
        const between = answeredAt.filter((t) => t > sent && t < answered).length;
        expect(between, `/healthz answers while the graph of ${focus} was drawn`).toBeGreaterThanOrEqual(3);
      }
    } finally {
      polling = false;
      await poll;
    }
  }, 120_000);
});
