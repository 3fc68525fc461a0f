// What the dashboard keeps between pages (who uses whom per scope, every service's owner, a hub's consumers) is read
// again only in part after a write: the pages a running registry shows after writes must be the ones a registry
// started afresh on the same file shows. And a hub's consumers come a page at a time.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../overseer/app.js';
import { type Config, parseConfig } from '../../../overseer/config.js';
import { openSqliteStore } from '../../../overseer/store/sqlite/index.js';
import type { Store } from '../../../overseer/store/store.js';
import { reusedSchemaController } from '../../helpers/app-schemas.js';
import { reusedWorkPool } from '../../helpers/app-work.js';
import { buildLargeContract, nameLargeService, seedLargeRegistry } from '../../helpers/seed-registry.js';
import { countingStore } from './counting-store.js';

const HUB_CONSUMERS = 230;
const hubConsumer = (i: number) => `hub-client-${String(i).padStart(3, '0')}`;

describe('pages kept between visits', () => {
  let dir: string;
  let config: Config;
  let store: Store;
  let app: FastifyInstance;
  // Store calls by verb, reset by the test that reads them.
  const calls = new Map<string, number>();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'overseer-ui-kept-'));
    // One thread: what it parsed for one page is there for the next (the counts below ask by hash first).
    config = parseConfig({ db: join(dir, 'registry.db') }, { OVERSEER_WORK_THREADS: '1' });
    store = openSqliteStore(config.db);
    await seedLargeRegistry(store, { services: 60, verdicts: 10 });
    await store.upsertService({ name: 'hub', owners: ['@acme/platform'] });
    await store.publishVersion({ service: 'hub', version: '1.0.0', contract: buildLargeContract(0, '1.0.0') });
    for (let i = 0; i < HUB_CONSUMERS; i++) {
      await store.upsertService({ name: hubConsumer(i), owners: ['@acme/clients'] });
      const uses = [{ operation: 'GET /r0/items/{id}', response: ['id'] }];
      await store.publishVersion({ service: hubConsumer(i), version: '1.0.0', declarations: [{ consumer: hubConsumer(i), provider: 'hub', uses }] });
    }
    const counted = countingStore(store, calls);
    app = buildApp({ config, store: counted, schemaController: reusedSchemaController() });
    await app.ready();
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  /**
   * The pages as a registry started now on the same file draws them: nothing kept from before. Its worker pool is the
   * process's shared one (never the kept app's), which keeps only parsed contracts keyed by hash: a pool of its own forked
   * a worker and parsed every contract again for each of the 15 fresh registries, most of this file's time.
   */
  async function freshPages(paths: readonly string[]): Promise<string[]> {
    const fresh = openSqliteStore(config.db);
    const other = buildApp({ config, store: fresh, schemaController: reusedSchemaController(), work: reusedWorkPool(config) });
    try {
      await other.ready();
      const pages: string[] = [];
      for (const path of paths) pages.push((await other.inject(path)).body);
      return pages;
    } finally {
      await other.close();
      await fresh.close();
    }
  }

  /** Each page the kept registry draws is the one a registry started afresh on the same file draws. */
  async function expectPagesAsFresh(paths: readonly string[], after: string): Promise<void> {
    const fresh = await freshPages(paths);
    for (const [i, path] of paths.entries()) {
      // Compared whole, reported short: the pages weigh hundreds of KB.
      const same = (await app.inject(path)).body === fresh[i];
      expect(same, `${path} after ${after} is the page a fresh registry draws`).toBe(true);
    }
  }

  it("lists a hub's consumers a hundred to a page, with the count of all and links to the other pages", async () => {
    const first = await app.inject('/services/hub');
    expect(first.body).toContain(`<h2 id="consumers">Consumers (${HUB_CONSUMERS}, latest versions)</h2>`);
    expect(first.body).toContain('1–100 of 230 (page 1 of 3)');
    expect(first.body).toContain('<a rel="next" href="/services/hub?page=2#consumers">');
    const listed = async (path: string) => [...(await app.inject(path)).body.matchAll(/data-consumer="([^"]+)"/g)].map((m) => m[1]);
    const pages = [await listed('/services/hub'), await listed('/services/hub?page=2'), await listed('/services/hub?page=3')];
    expect(pages.map((p) => p.length)).toEqual([100, 100, 30]);
    expect(pages.flat()).toEqual(Array.from({ length: HUB_CONSUMERS }, (_, i) => hubConsumer(i)));
    // A page past the last shows the last.
    expect(await listed('/services/hub?page=9')).toEqual(pages[2]);
  });

  it('shows after each write what a registry started afresh shows', async () => {
    const consumer = nameLargeService(40);
    const paths = [
      `/graph?service=${nameLargeService(10)}&hops=2`,
      `/graph?service=hub`,
      `/graph?environment=production&service=${nameLargeService(10)}&hops=2`,
      '/graph?by=owner',
      '/',
      '/services/hub',
    ];
    const expectSameAsFresh = (after: string) => expectPagesAsFresh(paths, after);
    await expectSameAsFresh('nothing');
    // A consumer's new version uses other providers: its old edges go, its new ones come.
    const uses = [{ operation: 'GET /r0/items/{id}', response: ['id'] }];
    await store.publishVersion({
      service: consumer,
      version: '3.0.0',
      declarations: [
        { consumer, provider: 'hub', uses },
        { consumer, provider: nameLargeService(10), uses: '*' },
      ],
    });
    await expectSameAsFresh('a publication');
    expect((await app.inject(`/graph?service=${nameLargeService(10)}`)).body).toContain(`data-service="${consumer}"`);
    await store.recordDeployment({ service: consumer, version: '3.0.0', environment: 'production' });
    await expectSameAsFresh('a deployment');
    await store.upsertService({ name: 'newcomer', owners: ['@acme/new'] });
    await store.publishVersion({ service: 'newcomer', version: '1.0.0', declarations: [{ consumer: 'newcomer', provider: nameLargeService(10), uses }] });
    await expectSameAsFresh('a new service');
    await store.upsertService({ name: nameLargeService(10), owners: ['@acme/renamed-team'] });
    await expectSameAsFresh("a service's new owner");
    expect((await app.inject('/graph?by=owner')).body).toContain('@acme/renamed-team');
  }, 120_000);

  it('counts breaking changes again after a deployment from the contracts its thread parsed, reading no contract text', async () => {
    const services = '/?q=service-00';
    // Another app in this process counts the same pairs first: its counts are its own, so this app's thread still parses
    // the contracts it counts (they were kept per module once, and this test failed when a file before it had counted).
    await freshPages([services]);
    await app.inject(services);
    expect(calls.get('readContractText'), 'the first counts read the contracts').toBeGreaterThan(0);
    // A consumer of several listed services now runs another version in production: their counts are asked again.
    await store.recordDeployment({ service: nameLargeService(45), version: '1.1.0', environment: 'production' });
    calls.clear();
    expect((await app.inject(services)).statusCode).toBe(200);
    // The consumers' uses are read only for a count asked again.
    expect(calls.get('listConsumersOf'), 'counts asked again').toBeGreaterThan(0);
    expect(calls.get('readContractText') ?? 0, 'contract texts read for them').toBe(0);
  }, 60_000);

  it("keeps an environment's pages across publications and other environments' deployments, and redraws them after its own", async () => {
    const provider = nameLargeService(10);
    const consumer = nameLargeService(41);
    for (let i = 0; i < 3; i++) await store.recordDeployment({ service: hubConsumer(i), version: '1.0.0', environment: 'production' });
    await store.recordDeployment({ service: 'hub', version: '1.0.0', environment: 'production' });
    const paths = [
      '/',
      '/environments',
      `/graph?environment=production&service=${provider}&hops=2`,
      `/graph?environment=staging&service=${provider}`,
      '/graph?environment=qa',
      '/services/hub?environment=production',
      `/services/${provider}?environment=staging`,
      `/services/${provider}?environment=qa`,
    ];
    const expectSameAsFresh = (after: string) => expectPagesAsFresh(paths, after);
    await expectSameAsFresh('nothing');
    const uses = [{ operation: 'GET /r0/items/{id}', response: ['id'] }];
    const declarations = [
      { consumer, provider: 'hub', uses },
      { consumer, provider, uses: '*' as const },
    ];
    await store.publishVersion({ service: consumer, version: '4.0.0', declarations });
    await expectSameAsFresh('a publication');
    await store.recordDeployment({ service: consumer, version: '4.0.0', environment: 'staging' });
    await expectSameAsFresh('a deployment to staging');
    expect((await app.inject(`/graph?environment=staging&service=${provider}`)).body).toContain(`data-service="${consumer}"`);
    await store.recordDeployment({ service: consumer, version: '4.0.0', environment: 'production' });
    await expectSameAsFresh('a deployment to production');
    expect((await app.inject('/services/hub?environment=production')).body).toContain(`data-consumer="${consumer}"`);
    await store.createEnvironment('qa');
    await expectSameAsFresh('an environment added');
    await store.recordDeployment({ service: provider, version: '1.0.0', environment: 'qa' });
    await store.recordDeployment({ service: consumer, version: '4.0.0', environment: 'qa' });
    await expectSameAsFresh('deployments to the new environment');
    await store.endDeployment({ service: consumer, version: '4.0.0', environment: 'production' });
    await expectSameAsFresh('a deployment ended');
    expect((await app.inject('/services/hub?environment=production')).body).not.toContain(`data-consumer="${consumer}"`);
  }, 120_000);
});
