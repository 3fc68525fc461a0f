// A consumer that declares 100,000 uses of a provider (a Pact file of as many interactions): the dashboard listed every
// one, on the consumer's page and on the provider's, 15 MB of HTML each written on the event loop for anyone who asked.
// The pages now list the first 500 and say how many more there are and where to read them; the API sends the uses a
// page at a time, and `overseer consumers` follows the pages. Over real HTTP.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RegistryHere, runCliHere, startRegistryHere } from '../e2e/in-process.js';

const ADMIN = 'admin-token-for-many-uses-tests';
const USES = 100_000;

let dir: string;
let registry: RegistryHere;

async function send(method: string, url: string, body: unknown): Promise<Response> {
  return fetch(registry.url + url, {
    method,
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'overseer-many-uses-'));
  registry = await startRegistryHere(path.join(dir, 'registry.db'), { OVERSEER_ADMIN_TOKEN: ADMIN });
  for (const name of ['users', 'shop']) expect((await send('PUT', `/v1/services/${name}`, { owners: ['@acme'] })).status).toBe(201);
  const uses = Array.from({ length: USES }, (_, i) => ({ operation: `GET /items/${i}` }));
  const published = await send('POST', '/v1/services/shop/versions', { version: '1.0.0', declarations: [{ consumer: 'shop', provider: 'users', uses }] });
  expect(published.status).toBe(201);
}, 120_000);

afterAll(async () => {
  await registry?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('a consumer declaring 100,000 uses', { timeout: 120_000 }, () => {
  it.each(['/services/shop', '/services/users'])('is listed on %s up to 500 uses, with how many more and where to read them', async (page) => {
    const answer = await fetch(registry.url + page);
    expect(answer.status).toBe(200);
    const text = await answer.text();
    expect(text).toContain('And 99500 more declared uses, left off this page: <code>overseer consumers</code> and <code>overseer usage</code> list every one.');
    expect(text).toContain('<code>GET /items/499</code>');
    expect(text).not.toContain('<code>GET /items/500</code>');
    expect(text.length).toBeLessThan(1 << 20);
    expect((await fetch(`${registry.url}/healthz`)).status).toBe(200);
  });

  it('is listed by the API a page at a time, every use once, with /healthz answered while the pages are served', async () => {
    const listed: string[] = [];
    let pages = 0;
    const walk = (async () => {
      let cursor: string | undefined;
      do {
        const answer = await fetch(`${registry.url}/v1/services/users/consumers?limit=5000${cursor ? `&cursor=${cursor}` : ''}`);
        expect(answer.status).toBe(200);
        const text = await answer.text();
        expect(text.length).toBeLessThan(1 << 20);
        const page = JSON.parse(text) as { consumers: { consumer: string; uses: { operation: string }[] }[]; next?: string };
        expect(page.consumers.map((c) => c.consumer)).toEqual(['shop']);
        listed.push(...page.consumers[0]!.uses.map((u) => u.operation));
        pages += 1;
        cursor = page.next;
      } while (cursor !== undefined);
    })();
    const health = await fetch(`${registry.url}/healthz`);
    const healthAnsweredAfter = pages;
    await walk;
    expect(health.status).toBe(200);
    expect(pages).toBe(USES / 5000);
    expect(healthAnsweredAfter).toBeLessThan(pages);
    expect(listed).toEqual(Array.from({ length: USES }, (_, i) => `GET /items/${i}`));
  });

  it('is listed whole by overseer consumers, which follows the pages', async () => {
    const result = await runCliHere(['consumers', '--service', 'users', '--registry', registry.url, '--format', 'json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const listing = JSON.parse(result.stdout) as { consumers: { consumer: string; uses: { operation: string }[] }[]; next?: string };
    expect(listing.next).toBeUndefined();
    expect(listing.consumers.map((c) => [c.consumer, c.uses.length, c.uses.at(-1)?.operation])).toEqual([['shop', USES, `GET /items/${USES - 1}`]]);
  });
});
