// A consumer that declares 100,000 uses of a provider (a Pact file of as many interactions): the dashboard listed every
// one, on the consumer's page and on the provider's, 15 MB of HTML each written on the event loop for anyone who asked.
// The pages now list the first 500 and say how many more there are and where to read them. Over real HTTP.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RegistryHere, startRegistryHere } from '../e2e/in-process.js';

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
    expect(text).toContain(
      'And 99500 more declared operations, left off this page: <code>overseer consumers</code> and <code>overseer usage</code> list every one.',
    );
    expect(text).toContain('<code>GET /items/499</code>');
    expect(text).not.toContain('<code>GET /items/500</code>');
    expect(text.length).toBeLessThan(1 << 20);
    expect((await fetch(`${registry.url}/healthz`)).status).toBe(200);
  });

  it('is still listed whole by the API', async () => {
    const answer = await fetch(`${registry.url}/v1/services/users/consumers`);
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { consumers: { consumer: string; uses: unknown[] }[] };
    expect(body.consumers.map((c) => [c.consumer, c.uses.length])).toEqual([['shop', USES]]);
  });
});
