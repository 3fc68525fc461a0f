// A consumer moving off a deprecated operation, seen in traces: shop 1.0.0 called GET /items/{id}, shop 2.0.0 replaced
// it and calls GET /v2/items/{id}. `overseer migrations` and the Migrations page said only who is left (kiosk); that
// shop moved, from which version to which, and when, was nowhere. Times are the spans' own, recorded in the past.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_INSTALL_TIMEOUT_MS, launchChromium } from '../helpers/chromium.js';
import { useObserveSession } from './observe-session.js';

const session = useObserveSession('overseer-migrations-moved-');
const { ok } = session;
let browser: Browser | undefined;

const read = (marks: Record<string, unknown> = {}) => ({
  ...marks,
  parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
  responses: { '200': { description: 'an item' } },
});
const INVENTORY = {
  openapi: '3.0.3',
  info: { title: 'inventory', version: '1.0.0' },
  paths: { '/items/{id}': { get: read({ deprecated: true }) }, '/v2/items/{id}': { get: read() } },
};
const HOUR = 3_600_000;
const call = { environment: 'production', provider: 'inventory', method: 'GET' };

beforeAll(async () => {
  const { dir } = session;
  await writeFile(join(dir, 'inventory.json'), JSON.stringify(INVENTORY));
  await writeFile(join(dir, 'inventory.yaml'), 'service: inventory\nowners: ["@acme/stock"]\nprovides: ./inventory.json\n');
  await ok('environment', 'create', 'production');
  await ok('publish', '--manifest', 'inventory.yaml', '--version', '1.0.0');
  await ok('record-deployment', '--service', 'inventory', '--version', '1.0.0', '--env', 'production');
  for (const [name, version] of [
    ['shop', '1.0.0'],
    ['kiosk', '1.0.0'],
  ]) {
    await writeFile(join(dir, `${name}.yaml`), `service: ${name}\nowners: ["@acme/${name}"]\n`);
    await ok('publish', '--manifest', `${name}.yaml`, '--version', version);
    await ok('record-deployment', '--service', name, '--version', version, '--env', 'production');
  }
  // Three hours ago both called the deprecated operation; kiosk still does.
  const before = Date.now() - 3 * HOUR;
  await session.postCalls([
    { ...call, consumer: 'shop', consumerVersion: '1.0.0', url: 'http://inventory/items/7', at: before },
    { ...call, consumer: 'kiosk', consumerVersion: '1.0.0', url: 'http://inventory/items/8', at: before },
    { ...call, consumer: 'kiosk', consumerVersion: '1.0.0', url: 'http://inventory/items/9' },
  ]);
  // shop 2.0.0 replaces 1.0.0 and calls the replacement.
  await ok('publish', '--manifest', 'shop.yaml', '--version', '2.0.0');
  await ok('record-deployment', '--service', 'shop', '--version', '2.0.0', '--env', 'production');
  await session.postCalls([{ ...call, consumer: 'shop', consumerVersion: '2.0.0', url: 'http://inventory/v2/items/7' }]);
  browser = await launchChromium();
}, CHROMIUM_INSTALL_TIMEOUT_MS + 120_000);

afterAll(async () => {
  await browser?.close();
});

describe('a consumer that moved off a deprecated operation', { timeout: 120_000 }, () => {
  it('is named by overseer migrations and the Migrations page, with its versions and when, beside who is left', async () => {
    const json = await ok('migrations', '--service', 'inventory', '--environment', 'production', '--format', 'json');
    const [part] = JSON.parse(json.stdout).migrations as {
      operation: string;
      users: string[];
      moved?: { consumer: string; from: string; to: string[]; since: string }[];
    }[];
    expect(part!.operation).toBe('GET /items/{id}');
    expect(part!.users).toEqual(['kiosk']);
    expect(part!.moved?.map((m) => [m.consumer, m.from, m.to])).toEqual([['shop', '1.0.0', ['2.0.0']]]);
    const since = part!.moved![0]!.since;
    expect(Date.now() - Date.parse(since)).toBeLessThan(HOUR);

    const text = await ok('migrations', '--service', 'inventory', '--environment', 'production');
    expect(text.stdout).toContain('still used by kiosk (seen calling it in traces, last ');
    expect(text.stdout).toContain(`    moved off it: shop (1.0.0 replaced by 2.0.0 on ${since}; last call `);

    const page = await browser!.newPage({ baseURL: session.registry.url });
    await page.goto('/services/inventory/migrations?environment=production', { waitUntil: 'load' });
    const row = page.locator('tr', { has: page.locator('th', { hasText: 'GET /items/{id} (the whole operation)' }) });
    const users = await row.locator('td').nth(2).textContent();
    expect(users ?? '').toContain('kiosk');
    expect(users ?? '').toMatch(/Moved off it:\s*shop 1\.0\.0 replaced by 2\.0\.0 \d{4}-\d\d-\d\d \d\d:\d\d UTC; last call/);
    await page.close();
  });
});
