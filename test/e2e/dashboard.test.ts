// The dashboard in a real headless Chromium against a real registry (in-process, loopback, a temporary
// SQLite file), seeded through the HTTP API: pages load cleanly, the graph is right, a refusal leads
// to its reasons, the keyboard reaches everything, and each page is photographed for people to look at.

import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_INSTALL_TIMEOUT_MS, launchChromium } from '../helpers/chromium.js';
import { type ExampleRegistry, seedExampleRegistry } from '../helpers/seed-registry.js';
import { type RegistryHere, startRegistryHere } from './in-process.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SCREENSHOTS = path.join(root, 'test-output', 'screenshots');
// A common laptop screen.
const VIEWPORT = { width: 1366, height: 768 };

let dir: string;
let server: RegistryHere;
let browser: Browser;
let context: BrowserContext;
let seeded: ExampleRegistry;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'overseer-dashboard-'));
  server = await startRegistryHere(path.join(dir, 'registry.db'));
  seeded = await seedExampleRegistry(server.url);
  browser = await launchChromium();
  context = await browser.newContext({ viewport: VIEWPORT, baseURL: server.url });
  await mkdir(SCREENSHOTS, { recursive: true });
}, CHROMIUM_INSTALL_TIMEOUT_MS + 60_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Opens a page and records everything that went wrong while it loaded: console errors, script errors, failed requests. */
async function openPage(url: string): Promise<{ page: Page; problems: string[]; status: number | undefined }> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  const response = await page.goto(url, { waitUntil: 'load' });
  return { page, problems, status: response?.status() };
}

// A busy CI machine runs other test files beside this one: a browser gets more time than the default.
describe('dashboard pages in Chromium', { timeout: 120_000 }, () => {
  const pages = () => [
    { name: 'services', url: '/', heading: 'Services' },
    { name: 'graph', url: '/graph?environment=production', heading: 'Dependency graph' },
    { name: 'graph-change', url: '/graph?service=users-service&from=1.0.0&to=2.0.0', heading: 'Dependency graph' },
    { name: 'service', url: '/services/users-service?from=1.0.0&to=2.0.0', heading: 'users-service' },
    { name: 'service-staging', url: '/services/users-service?environment=staging', heading: 'users-service' },
    { name: 'environments', url: '/environments', heading: 'Environments' },
    { name: 'audit', url: '/audit', heading: 'Audit' },
    { name: 'verdict', url: `/verdicts/${seeded.refusedVerdictId}`, heading: `Verdict #${seeded.refusedVerdictId}` },
  ];

  it('loads every page without a console error, and photographs it', async () => {
    for (const { name, url, heading } of pages()) {
      const { page, problems, status } = await openPage(url);
      expect(status, url).toBe(200);
      expect(problems, url).toEqual([]);
      expect(await page.locator('h1').first().textContent(), url).toContain(heading);
      // The stylesheet applied: a page without it would render the skip link in place.
      expect(await page.locator('.skip-link').evaluate((el) => getComputedStyle(el).position), url).toBe('absolute');
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
      await page.close();
    }
  });

  it('draws every service deployed in production and who uses whom, labelled with the operations used', async () => {
    const { page } = await openPage('/graph?environment=production');
    const nodes = await page.locator('svg.graph g.node').evaluateAll((els) => els.map((el) => el.getAttribute('data-service')));
    expect(nodes.sort()).toEqual(['billing-worker', 'checkout-web', 'orders-service', 'users-service']);
    const edges = await page
      .locator('svg.graph g.edge')
      .evaluateAll((els) => els.map((el) => `${el.getAttribute('data-from')} > ${el.getAttribute('data-to')}: ${el.querySelector('text')?.textContent}`));
    expect(edges.sort()).toEqual([
      'billing-worker > orders-service: all',
      'billing-worker > users-service: 1 op',
      'checkout-web > orders-service: 1 op',
      'checkout-web > users-service: 1 op',
      'orders-service > users-service: 1 op',
    ]);
    // Every node is drawn inside the picture, none on top of another.
    const boxes = await page
      .locator('svg.graph g.node rect')
      .evaluateAll((els) => els.map((el) => (el as SVGGraphicsElement).getBBox()).map((b) => `${b.x},${b.y}`));
    expect(new Set(boxes).size).toBe(4);
    // No edge's label sits on a service's box: "1 op" drawn across a border read as part of the box.
    const onBoxes = await page.locator('svg.graph').evaluate((svg) => {
      const box = (el: Element) => (el as SVGGraphicsElement).getBBox();
      const nodes = [...svg.querySelectorAll('g.node rect')].map(box);
      return [...svg.querySelectorAll('g.edge text')].flatMap((label) => {
        const b = box(label);
        const hit = nodes.filter((n) => b.x < n.x + n.width && n.x < b.x + b.width && b.y < n.y + n.height && n.y < b.y + b.height);
        return hit.length > 0 ? [`${label.closest('g.edge')?.getAttribute('data-from')} > ${label.closest('g.edge')?.getAttribute('data-to')}`] : [];
      });
    });
    expect(onBoxes).toEqual([]);
    await page.close();
  });

  it('highlights the consumers a selected change breaks', async () => {
    const { page } = await openPage('/graph?service=users-service&from=1.0.0&to=2.0.0');
    expect(await page.locator('svg.graph g.node.broken').evaluateAll((els) => els.map((el) => el.getAttribute('data-service')))).toEqual(['checkout-web']);
    expect(await page.locator('svg.graph g.node.changed').getAttribute('data-service')).toBe('users-service');
    expect(
      await page.locator('svg.graph g.edge.broken').evaluateAll((els) => els.map((el) => `${el.getAttribute('data-from')}>${el.getAttribute('data-to')}`)),
    ).toEqual(['checkout-web>users-service']);
    expect(await page.getByRole('status').textContent()).toMatch(/breaks 1 consumer, highlighted in red: checkout-web/);
    await page.close();
  });

  it('follows a refused deploy from the environments matrix to its reasons', async () => {
    const { page } = await openPage('/environments');
    const row = page.locator('tr', { has: page.locator('th a', { hasText: 'users-service' }) });
    await row.locator('a.cell-refused').click();
    await page.waitForURL(`**/verdicts/${seeded.refusedVerdictId}`);
    await expectRefusalReasons(page);
    await page.close();
  });

  it('follows a refused deploy from the audit page to its reasons', async () => {
    const { page } = await openPage('/audit');
    await page.getByRole('link', { name: `Verdict #${seeded.refusedVerdictId}`, exact: true }).click();
    await page.waitForURL(`**/verdicts/${seeded.refusedVerdictId}`);
    await expectRefusalReasons(page);
    await page.close();
  });

  it('reaches the skip link, the main links and the graph nodes with the keyboard, with a visible focus', async () => {
    const { page } = await openPage('/');
    const focused = async () => page.evaluate(() => (document.activeElement as HTMLElement | null)?.textContent?.trim() ?? '');
    const seen: string[] = [];
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      seen.push(await focused());
    }
    expect(seen).toEqual(['Skip to main content', 'Overseer', 'Services', 'Dependency graph', 'Environments', 'Audit']);
    expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).toBe('solid');

    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/graph');
    let onNode = false;
    for (let i = 0; i < 40 && !onNode; i++) {
      await page.keyboard.press('Tab');
      onNode = await page.evaluate(() => document.activeElement?.matches('svg.graph g.node > a') === true);
    }
    expect(onNode).toBe(true);
    // Each node is one tab stop: its link, not also the group around it.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.matches('svg.graph g.node > a'))).toBe(true);
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/services/**');

    await page.goto('/');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await page.close();
  });
});

async function expectRefusalReasons(page: Page): Promise<void> {
  expect(await page.locator('h1').textContent()).toBe(`Verdict #${seeded.refusedVerdictId}: users-service 2.0.0 to production`);
  // biome-ignore lint/performance/useDomNodeTextContent: the assertions read the page as laid out, with line breaks between blocks
  const text = await page.locator('main').innerText();
  // As can-i-deploy counts it: checkout-web's miss of `email` is the removal that breaks it, said once.
  expect(text).toMatch(/The gate refused this deploy for 1 reason\./);
  expect(text).toMatch(/Reasons \(1\)/);
  expect(text).not.toMatch(/field-missing/);
  expect(text).toMatch(/breaks-consumer/);
  expect(text).toMatch(/users-service 2\.0\.0 would break checkout-web 1\.0\.0/);
  expect(text).toMatch(/response-property-removed|email/);
}
