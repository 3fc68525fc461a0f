// The Migrations page in headless Chromium against a real registry seeded through the HTTP API: the service page
// links to it; a deprecated field still read shows the consumer with its owners and Slack channel, a deprecated
// operation nobody calls shows as ready to remove; names from the registry stay text, and the page loads under its CSP.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_INSTALL_TIMEOUT_MS, launchChromium } from '../helpers/chromium.js';
import { type RegistryHere, startRegistryHere } from './in-process.js';

let dir: string;
let server: RegistryHere;
let browser: Browser;
let context: BrowserContext;

const USERS = {
  openapi: '3.0.3',
  info: { title: 'users', version: '1.1.0' },
  paths: {
    '/users/{id}': {
      get: {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          '200': {
            description: 'a user',
            content: {
              'application/json': {
                schema: { type: 'object', properties: { id: { type: 'string' }, email: { type: 'string', deprecated: true, 'x-sunset': '2027-01-01' } } },
              },
            },
          },
        },
      },
    },
    '/legacy-users': { get: { deprecated: true, responses: { '200': { description: 'every user, the old way' } } } },
  },
};

async function call(method: string, url: string, body: unknown): Promise<void> {
  const response = await fetch(new URL(url, server.url), { method, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'overseer-migrations-page-'));
  server = await startRegistryHere(path.join(dir, 'registry.db'));
  await call('POST', '/v1/environments', { name: 'production' });
  await call('PUT', '/v1/services/users-service', { owners: ['@acme/identity'], slack: '#identity' });
  await call('PUT', '/v1/services/web-app', { owners: ['@acme/<web>'], slack: '#web-alerts' });
  await call('POST', '/v1/services/users-service/versions', { version: '1.1.0', contract: JSON.stringify(USERS), contractFile: 'openapi.json' });
  const declarations = [{ consumer: 'web-app', provider: 'users-service', uses: [{ operation: 'GET /users/{id}', response: ['id', 'email'] }] }];
  await call('POST', '/v1/services/web-app/versions', { version: '1.0.0', declarations });
  await call('POST', '/v1/deployments', { service: 'users-service', version: '1.1.0', environment: 'production' });
  await call('POST', '/v1/deployments', { service: 'web-app', version: '1.0.0', environment: 'production' });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1366, height: 768 }, baseURL: server.url });
}, CHROMIUM_INSTALL_TIMEOUT_MS + 60_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the Migrations page', { timeout: 120_000 }, () => {
  it('is linked from the service page and shows a part still used, with whom to ask, and a part ready to remove', async () => {
    const page = await context.newPage();
    const blocked: string[] = [];
    page.on('console', (message) => message.type() === 'error' && blocked.push(message.text()));
    await page.goto('/services/users-service', { waitUntil: 'load' });
    await page.getByRole('link', { name: 'deprecated parts, who still uses them, what is ready to remove' }).click();
    await page.waitForURL(/\/services\/users-service\/migrations$/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Migrations of users-service');
    await expect(page.getByRole('heading', { level: 2 }).textContent()).resolves.toBe('production runs 1.1.0');

    const used = page.locator('tr', { has: page.locator('th', { hasText: 'GET /users/{id}: response field email' }) });
    await expect(used.locator('td').allInnerTexts()).resolves.toEqual([
      '1.1.0',
      '2027-01-01',
      'web-app declared owners @acme/<web> · Slack #web-alerts',
      'in use',
    ]);
    await expect(used.getByRole('link', { name: 'web-app' }).getAttribute('href')).resolves.toBe('/services/web-app?environment=production');

    const ready = page.locator('tr', { has: page.locator('th', { hasText: 'GET /legacy-users (the whole operation)' }) });
    await expect(ready.locator('td').allInnerTexts()).resolves.toEqual(['1.1.0', 'none given', 'no consumer', 'ready to remove']);
    await expect(page.getByRole('status').textContent()).resolves.toBe('2 deprecated parts, 1 ready to remove.');
    expect(blocked).toEqual([]);
  });

  it('answers an unknown service with a 404 page and says when an environment does not exist', async () => {
    const page = await context.newPage();
    expect((await page.goto('/services/nobody/migrations'))?.status()).toBe(404);
    const response = await page.goto('/services/users-service/migrations?environment=prod');
    expect(response?.status()).toBe(404);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await expect(page.getByRole('alert').textContent()).resolves.toBe("Unknown environment 'prod' (known: production): did you mean production?");
    await expect(page.getByRole('alert').getByRole('link', { name: 'production' }).getAttribute('href')).resolves.toBe(
      '/services/users-service/migrations?environment=production',
    );
  });

  it('during a rollout, names both live versions and still shows what the older one deprecates', async () => {
    const { '/legacy-users': _dropped, ...paths } = USERS.paths;
    const next = { ...USERS, info: { ...USERS.info, version: '1.2.0' }, paths };
    await call('POST', '/v1/services/users-service/versions', { version: '1.2.0', contract: JSON.stringify(next), contractFile: 'openapi.json' });
    await call('POST', '/v1/deployments', { service: 'users-service', version: '1.2.0', environment: 'production', mode: 'rolling' });
    const page = await context.newPage();
    await page.goto('/services/users-service/migrations?environment=production', { waitUntil: 'load' });
    await expect(page.getByRole('heading', { level: 2 }).textContent()).resolves.toBe('production runs 1.2.0, 1.1.0');
    const ready = page.locator('tr', { has: page.locator('th', { hasText: 'GET /legacy-users (the whole operation)' }) });
    await expect(ready.locator('td').allInnerTexts()).resolves.toEqual(['1.1.0', 'none given', 'no consumer', 'ready to remove']);
    await expect(page.getByRole('status').textContent()).resolves.toBe('2 deprecated parts, 1 ready to remove.');
  });
});
