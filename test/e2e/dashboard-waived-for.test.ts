// A change waived for some of the consumers it breaks, in headless Chromium: the diff page's row said "blocks" and
// listed every consumer alike, and the graph drew them all broken, so the reader could not tell whose break a waiver
// accepted and whose still refuses the deploy. Seeded through the CLI against a registry run in the test's process.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_INSTALL_TIMEOUT_MS, launchChromium } from '../helpers/chromium.js';
import { gateStepsOf } from './gate-steps.js';
import { useRegistry } from './registry-session.js';

const read = (operationId: string) => ({
  operationId,
  parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
  responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Person' } } } } },
});
const people = (fields: string[]) => ({
  openapi: '3.0.3',
  info: { title: 'people', version: '1' },
  paths: { '/users/{id}': { get: read('getUser') }, '/admins/{id}': { get: read('getAdmin') } },
  components: { schemas: { Person: { type: 'object', properties: Object.fromEntries(fields.map((f) => [f, { type: 'string' }])) } } },
});

// Accepts the removal through GET /users/{id} only: profile-web calls it, admin-console calls only GET /admins/{id}.
const waiver = [
  '- rule: response-optional-property-removed',
  '  operation: GET /users/{id}',
  '  reason: profile-web no longer shows nicknames',
  '  expires: 2999-12-31',
  '',
].join('\n');

const session = useRegistry({
  name: 'dashboard-waived-for',
  setup: [['environment', 'create', 'production']],
  before: async (s) => writeFile(join(s.dir, 'waivers.yaml'), waiver),
});
const { publish, deploy } = gateStepsOf(session);

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
}, CHROMIUM_INSTALL_TIMEOUT_MS + 60_000);
afterAll(async () => {
  await browser?.close();
});

describe('the dashboard for a change waived for some of its consumers', { timeout: 120_000 }, () => {
  it('shows whose break is waived and whose still blocks, instead of listing them all as blocked', async () => {
    await publish('people', '1.0.0', { contract: people(['id', 'nickname']) });
    await deploy('people', '1.0.0');
    await publish('profile-web', '1.0.0', { consumes: '  people:\n    - operation: GET /users/{id}\n      response: [nickname]' });
    await deploy('profile-web', '1.0.0');
    await publish('admin-console', '1.0.0', { consumes: '  people:\n    - GET /admins/{id}' });
    await deploy('admin-console', '1.0.0');
    await publish('people', '1.1.0', { contract: people(['id']) }, '--waivers', join(session.dir, 'waivers.yaml'));

    const page = await browser.newPage({ baseURL: session.registry.url });
    const response = await page.goto('/services/people?environment=production&from=1.0.0&to=1.1.0#diff', { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    const row = page.locator('section[aria-labelledby="diff"] tr[data-rule="response-optional-property-removed"]');
    await expect(row.count()).resolves.toBe(1);
    const [level, , , , , breaks] = (await row.locator('td').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    expect(level).toBe('warning blocks partly waived');
    expect(breaks).toBe('blocks admin-console waived for profile-web');
    // Each name still leads to its service page, in the part that says what holds for it.
    await expect(row.locator('.still-blocks a').allInnerTexts()).resolves.toEqual(['admin-console']);
    await expect(row.locator('.waived-for a').allInnerTexts()).resolves.toEqual(['profile-web']);
    await page.close();
  });

  it('draws on the graph as broken only the consumer the change still blocks, and names the one its waivers accept', async () => {
    const page = await browser.newPage({ baseURL: session.registry.url });
    for (const url of ['/graph?service=people&from=1.0.0&to=1.1.0', '/graph?environment=production&service=people&to=1.1.0']) {
      expect((await page.goto(url, { waitUntil: 'load' }))?.status(), url).toBe(200);
      await expect(page.locator('main p[role="status"]').textContent(), url).resolves.toBe(
        'people 1.0.0 → 1.1.0 breaks 1 consumer, highlighted in red: admin-console. See the change. Its waivers accept the break of profile-web, not highlighted.',
      );
      await expect(page.locator('table tr.broken td:first-child').allInnerTexts(), url).resolves.toEqual(['admin-console']);
    }
    await page.close();
  });
});
