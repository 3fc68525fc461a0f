// Graph pages are drawn a few at a time: one more asked while they are drawn gets a "Busy" page with Retry-After at
// once, rather than a queue that anonymous visitors could fill; those being drawn are answered when done.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../../overseer/app.js';
import { parseConfig } from '../../../overseer/config.js';
import { openSqliteStore } from '../../../overseer/store/sqlite/index.js';
import type { Store } from '../../../overseer/store/store.js';
import type { WorkPool } from '../../../overseer/work/pool.js';
import { reusedSchemaController } from '../../helpers/app-schemas.js';
import { reusedWorkPool } from '../../helpers/app-work.js';

describe('graph pages asked for while others are drawn', () => {
  let dir: string;
  let store: Store;
  let app: FastifyInstance;
  // The real pool draws every graph; each draw first waits here, so that the test decides when the draws end.
  let held = 0;
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'overseer-ui-busy-'));
    const config = parseConfig({ db: join(dir, 'registry.db') }, {});
    store = openSqliteStore(config.db);
    const pool = reusedWorkPool(config) as WorkPool;
    const drawGraph: WorkPool['drawGraph'] = async (page) => {
      held++;
      await released;
      return pool.drawGraph(page);
    };
    app = buildApp({ config, store, schemaController: reusedSchemaController(), work: { ...pool, drawGraph } });
    await app.ready();
  });

  afterEach(async () => {
    release();
    await app.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers the third a Busy page with Retry-After, and the two being drawn with their graphs', async () => {
    const drawn = [app.inject({ method: 'GET', url: '/graph' }), app.inject({ method: 'GET', url: '/graph?by=owner' })];
    await vi.waitFor(() => expect(held).toBe(2), { timeout: 30_000 });

    const busy = await app.inject({ method: 'GET', url: '/graph' });
    expect(busy.statusCode).toBe(503);
    expect(busy.headers['retry-after']).toBe('2');
    expect(busy.headers['content-type']).toMatch(/^text\/html/);
    expect(busy.body).toContain('<title>Busy · Overseer</title>');
    expect(busy.body).toContain('The registry is drawing other graphs: try again in 2 seconds.');
    expect(busy.body).toContain('href="/"');
    expect(held).toBe(2);

    release();
    for (const page of await Promise.all(drawn)) {
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<title>Dependency graph');
    }
  });
});
