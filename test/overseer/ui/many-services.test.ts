// A registry of thousands of services, written straight into a real SQLite file: every page answers with a bounded
// page (a megabyte at most), a hub's neighbourhood is grouped and says so, and "every service" is refused past its cap.

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
import { reusedWorkPool } from '../../helpers/app-work.js';
import { chainServiceName, seedServiceChain } from '../../helpers/seed-registry.js';

const SERVICES = 3000;
const MEGABYTE = 1024 * 1024;
const nameOf = chainServiceName;

describe(`the dashboard at ${SERVICES} services`, () => {
  let dir: string;
  let store: Store;
  let app: FastifyInstance;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'overseer-ui-many-'));
    const config = parseConfig({ db: join(dir, 'registry.db') }, {});
    store = openSqliteStore(config.db);
    await seedServiceChain(store, SERVICES, { environment: 'production' });
    app = buildApp({ config, store, schemaController: reusedSchemaController(), work: reusedWorkPool(config) });
    await app.ready();
  }, 240_000);
  afterAll(async () => {
    await app?.close();
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const get = async (url: string) => {
    const res = await app.inject({ method: 'GET', url });
    expect(res.statusCode, url).toBe(200);
    expect(res.rawPayload.length, url).toBeLessThanOrEqual(MEGABYTE);
    return res.body;
  };

  it('answers every page within a megabyte', async () => {
    for (const url of [
      '/',
      '/?page=60',
      '/?blocked=1',
      '/?q=team-7',
      '/graph',
      '/graph?environment=production',
      '/graph?service=svc-00',
      '/environments',
      '/audit',
    ]) {
      await get(url);
    }
    expect(await get('/?page=60')).toContain('2951–3000 of 3000 (page 60 of 60)');
  });

  it("groups a hub's neighbourhood by owner past the services it can draw, and says so", async () => {
    const page = await get(`/graph?service=${nameOf(0)}&hops=2`);
    expect(page).toContain(`${SERVICES} services are within 2 uses of <a href="/services/${nameOf(0)}">${nameOf(0)}</a>: too many to draw.`);
    expect(page.match(/<g class="node plain" data-service=/g)).toHaveLength(120);
    expect(page.match(/<g class="node group" /g)?.length).toBeGreaterThan(1);
    // Edges between services drawn one by one say how many operations they use (their declarations were read); a
    // link to a box counts the uses it stands for.
    expect(page).toContain(`data-from="${nameOf(1)}" data-to="${nameOf(0)}" data-operations="1">`);
    expect(page).not.toMatch(/<g class="edge"[^>]*data-to="svc-\d+"(?! data-operations)[^>]*>/);
    expect(page).toMatch(/<text [^>]*>\d+ uses<\/text>/);
  });

  it('draws the neighbourhood of an environment, from its deployments', async () => {
    const page = await get(`/graph?service=${nameOf(5)}&environment=production`);
    expect(page).toContain('Dependency graph, deployed in production: 4 services, 5 uses');
    expect(page).toContain(`data-from="${nameOf(6)}" data-to="${nameOf(5)}" data-operations="1">`);
  });

  it('draws owners when every service is asked for but they are too many, and says so', async () => {
    const page = await get('/graph?by=service');
    expect(page).toContain(`${SERVICES} services are too many to draw one by one: drawn by owner.`);
    expect(page).toContain('Dependency graph by owner, latest versions: 40 owners');
    // The form still says what was asked, so "Show" asks it again rather than the default.
    expect(page).toContain('<option value="service" selected>every service (up to 500)</option>');
  });
});
