// The dashboard's diff of two versions, in headless Chromium, where a warning reaches what consumers use: the CLI's
// text, JSON, SARIF and the Action named them, but the page's Breaks column said "no consumer", as of a change nobody uses.

import { describe, expect, it } from 'vitest';
import { useChromium } from '../helpers/use-chromium.js';
import { gateStepsOf } from './gate-steps.js';
import { useRegistry } from './registry-session.js';

// GET /orders requires the oauth scope `read`; 1.1.0 drops the flow's `write` scope (a warning) and adds GET /health (info).
const orders = (scopes: Record<string, string>, health: boolean) => ({
  openapi: '3.0.3',
  info: { title: 'orders', version: '1' },
  components: {
    securitySchemes: { oauth: { type: 'oauth2', flows: { clientCredentials: { tokenUrl: 'https://auth.example.com/token', scopes } } } },
  },
  paths: {
    '/orders': { get: { security: [{ oauth: ['read'] }], responses: { '200': { description: 'ok' } } } },
    ...(health && { '/health': { get: { responses: { '200': { description: 'ok' } } } } }),
  },
});

const session = useRegistry({ name: 'dashboard-warned', setup: [['environment', 'create', 'production']] });
const { publish, deploy } = gateStepsOf(session);

const browser = useChromium();

describe("the dashboard's diff where a warning reaches what a consumer uses", { timeout: 120_000 }, () => {
  it('names the consumer and the operation it uses, not blocking, and leaves the info alone', async () => {
    await publish('orders', '1.0.0', { contract: orders({ read: 'read orders', write: 'write orders' }, false) });
    await deploy('orders', '1.0.0');
    await publish('web', '1.0.0', { consumes: '  orders:\n    - GET /orders' });
    await deploy('web', '1.0.0');
    await publish('orders', '1.1.0', { contract: orders({ read: 'read orders' }, true) });

    const page = await browser().newPage({ baseURL: session.registry.url });
    const response = await page.goto('/services/orders?environment=production&from=1.0.0&to=1.1.0#diff', { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    const section = page.locator('section[aria-labelledby="diff"]');
    const cells = async (rule: string) => (await section.locator(`tr[data-rule="${rule}"] td`).allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    const warned = await cells('api-security-component-oauth-scope-removed');
    expect(warned[0]).toBe('warning');
    expect(warned[5]).toBe('used by web (GET /orders): a warning, not blocking');
    await expect(section.locator('tr[data-rule="api-security-component-oauth-scope-removed"] .warned a').getAttribute('href')).resolves.toBe('/services/web');
    expect((await cells('endpoint-added'))[5]).toBe('no consumer');
    await expect(section.locator('p[role="status"]').first().textContent()).resolves.toMatch(/^Nothing blocks: no consumer is broken/);
    await page.close();
  });
});
