// A service published from every commit has thousands of versions, and its dashboard page listed every one, twice more
// in the diff's pickers: at 5,000 versions a stranger's visit cost 2.4 MB and some 0.5 s, ten at once held /healthz
// up by 0.2 to 0.6 s. The page lists a page of versions, the newest first, as it lists consumers. Over real HTTP.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERSIONS_PER_PAGE } from '../../overseer/ui/pages/service.js';
import { type RegistryHere, startRegistryHere } from '../e2e/in-process.js';

const ADMIN = 'admin-token-for-many-versions';
const CONTRACT = 'openapi: 3.0.3\ninfo: {title: web, version: "1"}\npaths: {}\n';
const COUNT = 2 * VERSIONS_PER_PAGE + 30;
// Published out of order: the page follows version order, not publish order.
const VERSIONS = Array.from({ length: COUNT }, (_, i) => `1.${(i * 7) % COUNT}.0`);
const oldestFirst = Array.from({ length: COUNT }, (_, i) => `1.${i}.0`);

let dir: string;
let registry: RegistryHere;

async function page(query = ''): Promise<string> {
  const answer = await fetch(new URL(`/services/web${query}`, registry.url));
  expect(answer.status).toBe(200);
  return answer.text();
}

/** The version column of the versions table, top to bottom. */
const listed = (html: string) => [...html.matchAll(/<tr><th scope="row"><code>([^<]+)<\/code><\/th>/g)].map((m) => m[1]);
const options = (html: string, picker: string) =>
  [...(new RegExp(`<select name="${picker}">(.*?)</select>`, 's').exec(html)?.[1] ?? '').matchAll(/<option value="([^"]+)"/g)].map((m) => m[1]);

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'overseer-many-versions-'));
  registry = await startRegistryHere(path.join(dir, 'registry.db'), { OVERSEER_ADMIN_TOKEN: ADMIN });
  const headers = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' };
  expect((await fetch(`${registry.url}/v1/services/web`, { method: 'PUT', headers, body: JSON.stringify({ owners: ['@web'] }) })).status).toBe(201);
  const queue = [...VERSIONS];
  const publish = async () => {
    for (let version = queue.shift(); version !== undefined; version = queue.shift()) {
      const body = JSON.stringify({ version, contract: CONTRACT });
      expect((await fetch(`${registry.url}/v1/services/web/versions`, { method: 'POST', headers, body })).status).toBe(201);
    }
  };
  await Promise.all(Array.from({ length: 4 }, publish));
}, 120_000);

afterAll(async () => {
  await registry?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe(`the page of a service with ${COUNT} versions`, () => {
  it(`lists the newest ${VERSIONS_PER_PAGE}, says how many there are, and pages to the rest`, async () => {
    const first = await page();
    expect(first).toContain(`<h2 id="versions">Versions (${COUNT})</h2>`);
    expect(listed(first)).toEqual(oldestFirst.slice(-VERSIONS_PER_PAGE).reverse());
    expect(first).toContain(`<span>1–${VERSIONS_PER_PAGE} of ${COUNT} (page 1 of 3)</span>`);
    expect(first).toContain('<a rel="next" href="/services/web?versions=2#versions">Next →</a>');
    const last = await page('?versions=3');
    expect(listed(last)).toEqual(oldestFirst.slice(0, 30).reverse());
    expect(last).toContain('<span>201–230 of 230 (page 3 of 3)</span>');
    // A page number past the last shows the last.
    expect(listed(await page('?versions=99'))).toEqual(listed(last));
  });

  it("links a page's oldest version to the diff with the version before it, on the next page", async () => {
    const second = await page('?versions=2');
    const oldest = oldestFirst[COUNT - 2 * VERSIONS_PER_PAGE];
    const before = oldestFirst[COUNT - 2 * VERSIONS_PER_PAGE - 1];
    expect(listed(second).at(-1)).toBe(oldest);
    expect(second).toContain(`href="/services/web?from=${before}&amp;to=${oldest}#diff">changes from the previous version</a>`);
    expect((await page('?versions=3')).match(/first version/g)).toHaveLength(1);
  });

  it("offers the page's versions in the diff's pickers, and the pair compared wherever it is", async () => {
    const first = await page();
    expect(options(first, 'from')).toEqual(oldestFirst.slice(-VERSIONS_PER_PAGE - 1).reverse());
    const compared = await page(`?from=1.3.0&to=${oldestFirst.at(-1)}`);
    expect(options(compared, 'from')).toContain('1.3.0');
    expect(compared).toContain('<option value="1.3.0" selected>1.3.0</option>');
    expect(compared).toContain(`<h3>web <code>1.3.0</code> → <code>${oldestFirst.at(-1)}</code></h3>`);
  });
});
