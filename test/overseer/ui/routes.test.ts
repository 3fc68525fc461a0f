// The pages through the real app (buildApp, as server.ts builds it) on a real SQLite file, with app.inject.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../overseer/app.js';
import { parseConfig } from '../../../overseer/config.js';
import { openSqliteStore } from '../../../overseer/store/sqlite/index.js';
import type { Store } from '../../../overseer/store/store.js';
import { CSS_PATH, JS_PATH } from '../../../overseer/ui/assets.js';
import { reusedSchemaController } from '../../helpers/app-schemas.js';
import { reusedWorkPool } from '../../helpers/app-work.js';
import { nameLargeService, seedLargeRegistry } from '../../helpers/seed-registry.js';
import { sha256 } from '../store/builders.js';
import { countingStore } from './counting-store.js';

interface Running {
  app: FastifyInstance;
  store: Store;
  calls: Map<string, number>;
  close(): Promise<void>;
}

/** The app over a store that counts its calls by verb. */
async function startApp(services: number): Promise<Running> {
  const dir = await mkdtemp(join(tmpdir(), 'overseer-ui-routes-'));
  const config = parseConfig({ db: join(dir, 'registry.db') }, {});
  const store = openSqliteStore(config.db);
  await seedLargeRegistry(store, { services, verdicts: 30 });
  const calls = new Map<string, number>();
  const counted = countingStore(store, calls);
  const app = buildApp({ config, store: counted, schemaController: reusedSchemaController(), work: reusedWorkPool(config) });
  await app.ready();
  return {
    app,
    store,
    calls,
    close: async () => {
      await app.close();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

// A page shows the API's sentence with a capital, its quotes escaped as the page writes them (names hold no other).
const capitalise = (text: string) => `${text[0]!.toUpperCase()}${text.slice(1)}`;
const escapeText = (text: string) => text.replaceAll("'", '&#39;');

const PAGES = (middle: string) => [
  '/',
  '/?q=team-1',
  '/graph',
  '/graph?environment=production',
  `/graph?environment=production&service=${middle}&to=2.0.0`,
  `/services/${middle}`,
  `/services/${middle}?environment=staging&from=1.0.0&to=2.0.0`,
  '/environments',
  '/audit',
  '/audit?service=service-0001&environment=staging',
  '/verdicts/1',
];

describe('dashboard routes', () => {
  let small: Running;
  let large: Running;
  beforeAll(async () => {
    [small, large] = await Promise.all([startApp(20), startApp(60)]);
  });
  afterAll(async () => {
    await Promise.all([small?.close(), large?.close()]);
  });

  it('serves every page as HTML with a strict content security policy and its build time', async () => {
    for (const url of PAGES(nameLargeService(10))) {
      const res = await small.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type'], url).toBe('text/html; charset=utf-8');
      expect(res.headers['content-security-policy'], url).toMatch(/default-src 'none'; style-src 'self'; script-src 'self'/);
      expect(res.headers['server-timing'], url).toMatch(/^page;dur=\d+\.\d$/);
      expect(res.body, url).toMatch(/^<!doctype html>/);
      // Nothing inline: the policy would block it, and the browser test would see the console error.
      expect(res.body, url).not.toMatch(/\sstyle="|<script>|\son[a-z]+="/);
    }
  });

  it('reads the store a fixed number of times per page, whatever the number of services', async () => {
    for (const url of PAGES(nameLargeService(10))) {
      // Once first on both, so that the workers hold the same contracts parsed for both.
      await Promise.all([small.app.inject({ method: 'GET', url }), large.app.inject({ method: 'GET', url })]);
      small.calls.clear();
      large.calls.clear();
      await small.app.inject({ method: 'GET', url });
      await large.app.inject({ method: 'GET', url });
      expect(Object.fromEntries(large.calls), url).toEqual(Object.fromEntries(small.calls));
      // 16: a page with a diff reads its two contracts' texts for the worker thread that diffs them, and the service
      // page the two generations that say which consumers misspelling the service it lists (gather/misdirected-uses.ts)
      // and, in one read, which of the providers it declares are registered services (the others have no page to link).
      expect(
        [...large.calls.values()].reduce((a, b) => a + b, 0),
        url,
      ).toBeLessThanOrEqual(16);
    }
  });

  it('reads one page of services for the services and environments pages, never every record nor every deployment', async () => {
    for (const url of ['/', '/?q=team-1', '/?blocked=1', '/?page=2', '/environments', '/environments?page=9']) {
      large.calls.clear();
      const res = await large.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(large.calls.get('listServices'), url).toBeUndefined();
      // The environments page seen before (the test above) is kept while nothing it shows was written: it reads none.
      if (url === '/environments') expect(large.calls.get('findServices'), url).toBeUndefined();
      else expect(large.calls.get('findServices'), url).toBeGreaterThanOrEqual(1);
    }
    // A deployment moves its environment's generation: the page is read again, one page of services.
    await large.store.recordDeployment({ service: nameLargeService(3), version: '1.0.0', environment: 'staging' });
    large.calls.clear();
    expect((await large.app.inject({ method: 'GET', url: '/environments' })).body).toContain(`<a href="/services/${nameLargeService(3)}">`);
    expect(large.calls.get('findServices')).toBe(1);
    // Past the last page, the last page: its rows, not an empty table.
    expect((await large.app.inject({ method: 'GET', url: '/?page=999' })).body).toContain(`<a href="/services/${nameLargeService(59)}">`);
  });

  it("lists on a service's page a consumer published since the page was last built", async () => {
    const provider = nameLargeService(4);
    const before = await small.app.inject({ method: 'GET', url: `/services/${provider}` });
    expect(before.body).not.toContain('late-consumer');
    await small.store.upsertService({ name: 'late-consumer', owners: [] });
    await small.store.publishVersion({ service: 'late-consumer', version: '1.0.0', declarations: [{ consumer: 'late-consumer', provider, uses: '*' }] });
    const after = await small.app.inject({ method: 'GET', url: `/services/${provider}` });
    expect(after.body).toContain('<a href="/services/late-consumer">late-consumer</a>');
  });

  it('answers unknown services and verdicts with a 404 page, and keeps JSON errors for the API', async () => {
    for (const url of ['/services/nobody', '/services/nobody/migrations', '/verdicts/999999', '/verdicts/abc', '/verdicts/99999999999999999999']) {
      const res = await small.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type'], url).toBe('text/html; charset=utf-8');
      expect(res.body, url).toMatch(/<h1>No such (service|verdict)<\/h1>/);
    }
    const api = await small.app.inject({ method: 'GET', url: '/v1/services/nobody' });
    expect(api.json()).toMatchObject({ code: 'ERR_SERVICE_UNKNOWN' });
    // A name a typo away from a service gets the guess the CLI makes, linked to the same page of that service.
    expect((await small.app.inject({ method: 'GET', url: '/services/nobody' })).body).toContain('<p>No service is named “nobody”.</p>');
    const typo = await small.app.inject({ method: 'GET', url: '/services/servce-0004' });
    expect(typo.statusCode).toBe(404);
    expect(typo.body).toContain('<p>No service is named “servce-0004”: did you mean <a href="/services/service-0004">service-0004</a>?</p>');
    const migrations = await small.app.inject({ method: 'GET', url: '/services/servce-0004/migrations' });
    expect(migrations.body).toContain('did you mean <a href="/services/service-0004/migrations">service-0004</a>?');
  });

  it('answers a page scoped to an environment never created with a 404 naming the nearest known one, never an empty page', async () => {
    const service = nameLargeService(3);
    const pages = {
      '/graph?environment=prodution&by=owner': '/graph?environment=production&amp;by=owner',
      [`/services/${service}?environment=prodution`]: `/services/${service}?environment=production`,
      [`/services/${service}/migrations?environment=prodution`]: `/services/${service}/migrations?environment=production`,
      '/audit?environment=prodution&service=service-0001': '/audit?service=service-0001&amp;environment=production',
    };
    const api = (await small.app.inject({ method: 'GET', url: '/v1/environments/prodution/deployments' })).json() as { code: string; message: string };
    expect(api).toMatchObject({
      code: 'ERR_ENVIRONMENT_UNKNOWN',
      message: expect.stringMatching(/^unknown environment 'prodution' \(known: .+\): did you mean production\?$/),
    });
    for (const [url, nearest] of Object.entries(pages)) {
      const res = await small.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type'], url).toBe('text/html; charset=utf-8');
      expect(res.body, url).toContain('<h1>Unknown environment</h1>');
      // The sentence the API and the CLI say, its guess a link to the same page there.
      const said = escapeText(capitalise(api.message)).replace(/did you mean production\?$/, `did you mean <a href="${nearest}">production</a>?`);
      expect(res.body, url).toContain(`<p role="alert">${said}</p>`);
      expect(res.body, url).toContain(`Known environments: <a href="${nearest}">production</a>, <a href=`);
    }
    const far = await small.app.inject({ method: 'GET', url: '/audit?environment=mars' });
    expect(far.statusCode).toBe(404);
    const farApi = (await small.app.inject({ method: 'GET', url: '/v1/environments/mars/deployments' })).json() as { message: string };
    expect(farApi.message).toMatch(/^unknown environment 'mars' \(known: .+\); create it with `overseer environment create mars`$/);
    // The command that creates it, in code type rather than between backticks.
    const created = escapeText(capitalise(farApi.message)).replace('`overseer environment create mars`', '<code>overseer environment create mars</code>');
    expect(far.body).toContain(`<p role="alert">${created}</p>`);
    expect(far.body).toContain('<a href="/audit">The same page without an environment</a>');
  });

  it('explains a change it cannot show, on the page', async () => {
    const unknownVersion = await small.app.inject({ method: 'GET', url: `/graph?service=${nameLargeService(3)}&to=9.9.9` });
    expect(unknownVersion.body).toContain(`${nameLargeService(3)} has no version 9.9.9.`);
    const firstVersion = await small.app.inject({ method: 'GET', url: `/graph?service=${nameLargeService(3)}&to=1.0.0` });
    expect(firstVersion.body).toContain('has no earlier version to compare with');
    const badDiff = await small.app.inject({ method: 'GET', url: `/services/${nameLargeService(3)}?from=1.0.0&to=7.0.0` });
    expect(badDiff.statusCode).toBe(200);
    expect(badDiff.body).toContain(`${nameLargeService(3)} has no version 7.0.0.`);
  });

  it('diffs two versions again from the threads it parsed them in, and refuses a pair too large for the dashboard, saying so', async () => {
    const publish = (service: string, version: string, paths: string[], padding = '') => {
      // Keys in order: the text is its own canonical JSON.
      const document = {
        info: { description: padding, title: 'big', version },
        openapi: '3.0.3',
        paths: Object.fromEntries(paths.map((p) => [p, { get: { responses: { '200': { description: 'ok' } } } }])),
      };
      const text = JSON.stringify(document);
      return small.store.publishVersion({ service, version, contract: { hash: sha256(text), canonical: text, text, format: 'json' } });
    };
    await small.store.upsertService({ name: 'small-diff', owners: [] });
    await publish('small-diff', '1.0.0', ['/a', '/b']);
    await publish('small-diff', '2.0.0', ['/a']);
    for (let ask = 0; ask < 3; ask++) {
      const page = await small.app.inject({ method: 'GET', url: '/services/small-diff?from=1.0.0&to=2.0.0' });
      expect(page.body, `ask ${ask}`).toContain('path-removed');
    }
    await small.store.upsertService({ name: 'huge-diff', owners: [] });
    await publish('huge-diff', '1.0.0', ['/a', '/b'], 'x'.repeat(4.5 * 1024 * 1024));
    await publish('huge-diff', '2.0.0', ['/a'], 'y'.repeat(4.5 * 1024 * 1024));
    const huge = await small.app.inject({ method: 'GET', url: '/services/huge-diff?from=1.0.0&to=2.0.0' });
    expect(huge.statusCode).toBe(200);
    expect(huge.body).toContain('These two contracts hold 9.0 MB of text together, more than the 8.0 MB the dashboard compares');
    expect(huge.body).not.toContain('path-removed');
  }, 60_000);

  it('escapes what users typed into the registry', async () => {
    await small.store.upsertService({ name: 'evil-service', owners: ['<img src=x onerror=alert(1)>'], slack: '"><script>alert(2)</script>' });
    const services = await small.app.inject({ method: 'GET', url: '/?q=img' });
    expect(services.body).toContain('&lt;img src=x onerror=alert(1)&gt;');
    const page = await small.app.inject({ method: 'GET', url: '/services/evil-service' });
    expect(page.body).toContain('&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(page.body).not.toContain('<script>alert');
  });

  it('serves the stylesheet and script under content-hashed names, cached for good, and hides pages from /openapi.json', async () => {
    for (const [path, type] of [
      [CSS_PATH, 'text/css'],
      [JS_PATH, 'text/javascript'],
    ]) {
      const res = await small.app.inject({ method: 'GET', url: path });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain(type);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
    const spec = (await small.app.inject({ method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, unknown> };
    expect(Object.keys(spec.paths).filter((p) => !p.startsWith('/v1/') && p !== '/healthz')).toEqual([]);
  });
});
