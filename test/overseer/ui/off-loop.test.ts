// A graph page is laid out and written by the registry's worker threads: while one is drawn, the event loop goes on
// answering other requests (here /healthz, asked again and again), so an anonymous visitor asking for one graph after
// another cannot hold can-i-deploy or a publication behind it. And after a write, what the pages kept is read again
// only where it changed: one publication does not make the next visitor's page re-read every edge on the event loop.

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
import { countingStore } from './counting-store.js';

const SERVICES = 1500;
const nameOf = chainServiceName;

describe('graph pages and the event loop', () => {
  let dir: string;
  let store: Store;
  let app: FastifyInstance;
  let url: string;
  // Store calls by verb, reset by the test that reads them.
  const calls = new Map<string, number>();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'overseer-ui-off-loop-'));
    const config = parseConfig({ db: join(dir, 'registry.db') }, {});
    store = openSqliteStore(config.db);
    await seedServiceChain(store, SERVICES);
    const counted = countingStore(store, calls);
    app = buildApp({ config, store: counted, schemaController: reusedSchemaController() });
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
        // Answers that reached the client while this page was on its way: the loop was free for them. The poller has one
        // /healthz in flight at a time, so a loop held by the drawing answers at most that one before the page (the next
        // is sent only after it): two show the loop turned while the page was drawn. Three failed once at load 15, on a
        // page drawn quickly enough to leave room for two round trips only.
        const between = answeredAt.filter((t) => t > sent && t < answered).length;
        expect(between, `/healthz answers while the graph of ${focus} was drawn`).toBeGreaterThanOrEqual(2);
      }
    } finally {
      polling = false;
      await poll;
    }
  }, 120_000);

  it("after a publication, reads again the new version's uses alone, not every edge nor every owner", async () => {
    const page = async (path: string) => {
      const res = await fetch(`${url}${path}`);
      expect(res.status).toBe(200);
      return res.text();
    };
    await page(`/graph?service=${nameOf(5)}&hops=1`);
    await page('/');
    // A consumer's new version uses a service far from it: one consumer's edges change, 3,000 others do not.
    const uses = [{ operation: 'GET /r0/items/{id}', response: ['id'] }];
    await store.publishVersion({ service: nameOf(1200), version: '2.0.0', declarations: [{ consumer: nameOf(1200), provider: nameOf(5), uses }] });
    calls.clear();
    expect(await page(`/graph?service=${nameOf(5)}&hops=1`)).toContain(`data-service="${nameOf(1200)}"`);
    await page('/');
    expect(Object.fromEntries(['listUseEdges', 'listAllUses', 'listServiceOwners'].map((verb) => [verb, calls.get(verb) ?? 0]))).toEqual({
      listUseEdges: 0,
      listAllUses: 0,
      listServiceOwners: 0,
    });
    expect(calls.get('getDeclarations'), 'declarations read: the new version, and the labels drawn').toBeLessThanOrEqual(3);
  }, 60_000);
});
