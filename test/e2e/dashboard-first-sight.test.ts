// The environments page and the graph at first sight, in headless Chromium against a real registry: on an empty
// registry the environments page sent the reader to record-deployment, which refuses an environment never created, and
// the graph said "No service in this scope uses another"; with an environment and nothing deployed the page drew an
// empty table; one service deployed nowhere read "1 services".

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

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'overseer-first-sight-'));
  server = await startRegistryHere(path.join(dir, 'registry.db'));
  browser = await launchChromium();
  context = await browser.newContext({ baseURL: server.url });
}, CHROMIUM_INSTALL_TIMEOUT_MS + 60_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function call(method: string, url: string, body: unknown): Promise<void> {
  const response = await fetch(new URL(url, server.url), { method, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
}

async function publish(name: string): Promise<void> {
  await call('PUT', `/v1/services/${name}`, { owners: ['@acme/team'] });
  await call('POST', `/v1/services/${name}/versions`, { version: '1.0.0' });
}

/** What a page shows: the environments matrix's rows, and its plain sentences. */
async function read(url: string): Promise<{ rows: string[]; notes: string[] }> {
  const page = await context.newPage();
  expect((await page.goto(url, { waitUntil: 'load' }))?.status()).toBe(200);
  const rows = await page.locator('table.matrix tbody th').allTextContents();
  const notes = (await page.locator('main p.muted').allTextContents()).map((t) => t.trim());
  await page.close();
  return { rows, notes };
}
const readEnvironments = () => read('/environments');

describe('the environments page at first sight', { timeout: 120_000 }, () => {
  it('says to create an environment first on an empty registry', async () => {
    const { rows, notes } = await readEnvironments();
    expect(rows).toEqual([]);
    expect(notes[0]).toBe(
      'No environment exists yet: create one with `overseer environment create production`, then record each deployment with `overseer record-deployment`.',
    );
    expect((await read('/graph')).notes).toContain('No service is registered yet: publish one with `overseer publish`.');
  });

  it('says how to record a deployment there, instead of an empty table, once the environment exists', async () => {
    await call('POST', '/v1/environments', { name: 'production' });
    await publish('users-service');
    const { rows, notes } = await readEnvironments();
    expect(rows).toEqual([]);
    const next = 'Nothing is deployed in production yet: record a deployment with `overseer record-deployment --service S --version V --env production`.';
    expect(notes[0]).toBe(next);
  });

  it('counts one service deployed nowhere in the singular', async () => {
    await publish('orders-service');
    await call('POST', '/v1/deployments', { service: 'users-service', version: '1.0.0', environment: 'production' });
    const { rows, notes } = await readEnvironments();
    expect(rows).toEqual(['users-service']);
    expect(notes).toContain('1 service deployed nowhere is not shown.');
  });
});
