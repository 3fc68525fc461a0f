// The service page marks declared uses against calls seen in traces: "observed, not declared" and "declared, never observed".

import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { traceExport } from '../../helpers/otlp.js';
import { type Harness, publishPairToProduction, startHarness } from '../routes/harness.js';

const USERS_V1 = readFileSync(new URL('../../fixtures/observe/users.v1.yaml', import.meta.url), 'utf8');
const WEB_APP = 'service: web-app\nowners: ["@acme/web"]\nconsumes:\n  users-service:\n    - GET /users\n    - getMe\n';
const CALL = { consumer: 'web-app', environment: 'production', provider: 'users-service', method: 'GET' };

let h: Harness;
afterEach(() => h?.close());

async function seed(): Promise<void> {
  h = await startHarness({ env: { OVERSEER_USAGE_WINDOW_DAYS: '7' } });
  await publishPairToProduction(h, USERS_V1, WEB_APP);
}

/** The text of a section's heading, tags stripped. */
function headingOf(page: string, id: string): string | undefined {
  return new RegExp(`<h2 id="${id}">([\\s\\S]*?)</h2>`).exec(page)?.[1].replace(/<[^>]*>/g, '');
}

/** Per service listed on the page in `role`, the badges beside its name. */
function badgesOf(page: string, role: 'consumer' | 'provider'): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [, service, title] of page.matchAll(new RegExp(`<li class="usage" data-${role}="([^"]+)">\\s*<h3>([\\s\\S]*?)</h3>`, 'g'))) {
    out[service] = [...title.matchAll(/<span class="badge [^"]*">([^<]*)<\/span>/g)].map((m) => m[1]);
  }
  return out;
}

/** Each row of one service's usage table as text: operation, marks and what it uses, tags stripped. */
async function rowsOf(page: string, role: 'consumer' | 'provider', service: string): Promise<string[]> {
  const res = await h.app.inject({ method: 'GET', url: page });
  expect(res.statusCode).toBe(200);
  const block = new RegExp(`<li class="usage" data-${role}="${service}">([\\s\\S]*?)</li>`).exec(res.body);
  expect(block, `no ${role} ${service} on ${page}`).not.toBeNull();
  const rows = block![1].split('<tr').slice(2);
  return rows.map((row) =>
    row
      .replace(/<[^>]*>/g, ' ')
      .replace(/^[^>]*>/, '')
      .replace(/\s+/g, ' ')
      .trim(),
  );
}

describe('the service page, declared against observed', () => {
  it("marks a consumer's undeclared calls and its declared operations never called, with counts and last seen", async () => {
    await seed();
    const lastWeek = Date.parse('2026-01-01T00:00:00.000Z');
    const recent = Date.now() - 3600_000;
    const stamp = new Date(recent).toISOString();
    const spans = [
      { ...CALL, url: '/api/users/7', at: recent },
      { ...CALL, url: '/api/users/8', at: recent - 1000 },
      { ...CALL, url: '/api/users/me', at: recent },
      // Outside the window: it counts for nothing.
      { ...CALL, url: '/api/users', at: lastWeek },
      { ...CALL, consumer: 'admin-app', url: '/api/users', at: recent },
    ];
    expect((await h.send('POST', '/v1/traces', traceExport(spans))).statusCode).toBe(200);
    const shown = `${stamp.slice(0, 10)} ${stamp.slice(11, 16)} UTC`;

    expect(await rowsOf('/services/users-service?environment=production', 'consumer', 'web-app')).toEqual([
      'GET /users listUsers declared, never observed the whole operation',
      `GET /users/me getMe 1 call, last seen ${shown} the whole operation`,
      `GET /users/{userId} observed, not declared 2 calls, last seen ${shown} not declared: spans carry no fields`,
    ]);
    // The heading counts what the page lists, the consumer seen only in traces too, and says which it is.
    const page = (await h.app.inject({ method: 'GET', url: '/services/users-service?environment=production' })).body;
    expect(headingOf(page, 'consumers')).toBe('Consumers (2, deployed in production; 1 of them observed only, declaring no use)');
    expect(badgesOf(page, 'consumer')).toEqual({ 'web-app': [], 'admin-app': ['observed only, declares no use', 'not a registered service'] });
    // A consumer that declares nothing and was seen calling still shows, every call marked.
    expect(await rowsOf('/services/users-service?environment=production', 'consumer', 'admin-app')).toEqual([
      `GET /users observed, not declared 1 call, last seen ${shown} not declared: spans carry no fields`,
    ]);
    // The consumer's own page says the same of its providers, an operationId named as the provider's contract writes it.
    expect(await rowsOf('/services/web-app?environment=production', 'provider', 'users-service')).toEqual([
      'GET /users listUsers declared, never observed the whole operation',
      `GET /users/me getMe 1 call, last seen ${shown} the whole operation`,
      `GET /users/{userId} observed, not declared 2 calls, last seen ${shown} not declared: spans carry no fields`,
    ]);
  });

  it('marks nothing observed before any trace arrived but the declared operations never called', async () => {
    await seed();
    expect(await rowsOf('/services/users-service', 'consumer', 'web-app')).toEqual([
      'GET /users listUsers declared, never observed the whole operation',
      'GET /users/me getMe declared, never observed the whole operation',
    ]);
  });

  it("lists a consumer's calls on its own page only, and the consumers declaring nothing after the last declared one", async () => {
    h = await startHarness({ env: { OVERSEER_USAGE_WINDOW_DAYS: '7' } });
    const publish = async (url: string, body: unknown) => expect((await h.send('POST', url, body)).statusCode).toBeLessThan(300);
    await publish('/v1/services/users-service/versions', { version: '1.0.0', contract: USERS_V1, service: { owners: ['@acme/users'] } });
    await publish('/v1/environments', { name: 'production' });
    // Calls are matched against the contract deployed where they were seen.
    await publish('/v1/deployments', { service: 'users-service', version: '1.0.0', environment: 'production' });
    // One more consumer than a page holds.
    const names = Array.from({ length: 101 }, (_, i) => `consumer-${String(i).padStart(3, '0')}`);
    for (const name of names) {
      const manifest = `service: ${name}\nowners: ["@acme/${name}"]\nconsumes:\n  users-service:\n    - GET /users\n`;
      await publish(`/v1/services/${name}/versions`, { version: '1.0.0', manifest, service: { owners: [`@acme/${name}`] } });
    }
    const recent = Date.now() - 3600_000;
    const spans = [
      { ...CALL, consumer: 'consumer-000', url: '/api/users', at: recent },
      { ...CALL, consumer: 'ghost-app', url: '/api/users', at: recent },
    ];
    expect((await h.send('POST', '/v1/traces', traceExport(spans))).statusCode).toBe(200);

    const first = (await h.app.inject({ method: 'GET', url: '/services/users-service' })).body;
    const second = (await h.app.inject({ method: 'GET', url: '/services/users-service?page=2' })).body;
    const heading = 'Consumers (102, latest versions; 1 of them observed only, declaring no use)';
    expect([headingOf(first, 'consumers'), headingOf(second, 'consumers')]).toEqual([heading, heading]);
    expect(Object.keys(badgesOf(first, 'consumer'))).toEqual(names.slice(0, 100));
    expect(badgesOf(second, 'consumer')).toEqual({ 'consumer-100': [], 'ghost-app': ['observed only, declares no use', 'not a registered service'] });
    expect((await rowsOf('/services/users-service', 'consumer', 'consumer-000'))[0]).toMatch(/^GET \/users listUsers 1 call, last seen /);
  });

  it('pages the consumers seen only in traces with the declared ones, a hundred to a page', async () => {
    await seed();
    const recent = Date.now() - 3600_000;
    // One declared consumer and 150 that declare nothing: 151 consumers, two pages.
    const ghosts = Array.from({ length: 150 }, (_, i) => `ghost-${String(i).padStart(3, '0')}`);
    const spans = ghosts.map((consumer) => ({ ...CALL, consumer, url: '/api/users', at: recent }));
    expect((await h.send('POST', '/v1/traces', traceExport(spans))).statusCode).toBe(200);

    const first = (await h.app.inject({ method: 'GET', url: '/services/users-service?environment=production' })).body;
    const second = (await h.app.inject({ method: 'GET', url: '/services/users-service?environment=production&page=2' })).body;
    const heading = 'Consumers (151, deployed in production; 150 of them observed only, declaring no use)';
    expect([headingOf(first, 'consumers'), headingOf(second, 'consumers')]).toEqual([heading, heading]);
    expect(Object.keys(badgesOf(first, 'consumer'))).toEqual(['web-app', ...ghosts.slice(0, 99)]);
    expect(Object.keys(badgesOf(second, 'consumer'))).toEqual(ghosts.slice(99));
    expect(first).toContain('page=2#consumers');
    // Each shows its own calls, on its own page.
    const rows = await rowsOf('/services/users-service?environment=production&page=2', 'consumer', 'ghost-149');
    expect(rows).toEqual([expect.stringMatching(/^GET \/users observed, not declared 1 call, last seen /)]);
  });
});

// A span's service.name misspelled (`webapp` for `web-app`) made a consumer of its own, listed and linked to a page that
// does not exist, as if it were one more user: `overseer usage` says it is no registered service, and so must the page.
describe('the service page, a caller seen in traces that is no registered service', () => {
  it('is marked so, with the service probably meant, and not linked to a page of its own', async () => {
    await seed();
    const spans = [
      { ...CALL, consumer: 'webapp', url: '/api/users/7' },
      { ...CALL, consumer: 'reporting-job', url: '/api/users' },
    ];
    expect((await h.send('POST', '/v1/traces', traceExport(spans))).statusCode).toBe(200);
    const page = (await h.app.inject({ method: 'GET', url: '/services/users-service' })).body;
    expect(badgesOf(page, 'consumer')).toEqual({
      'web-app': [],
      webapp: ['observed only, declares no use', 'not a registered service'],
      'reporting-job': ['observed only, declares no use', 'not a registered service'],
    });
    const note = (service: string) =>
      new RegExp(`<li class="usage" data-consumer="${service}">\\s*<h3>[\\s\\S]*?</h3>\\s*<p[^>]*>([\\s\\S]*?)</p>`).exec(page)?.[1].replace(/<[^>]*>/g, '');
    expect(note('webapp')).toBe('Did you mean web-app? Check service.name in its spans: the gate does not count these calls.');
    expect(note('reporting-job')).toBe('Publish it, or check service.name in its spans: the gate does not count these calls.');
    expect(page).not.toContain('href="/services/webapp"');
  });
});
