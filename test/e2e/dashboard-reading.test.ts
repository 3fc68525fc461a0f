// The dashboard as people read it, in headless Chromium against a real registry seeded through the HTTP API: what
// blocks each service, consumers' operations in one shape, a scope that does not exist said so, graph labels clear
// of other edges, no page that scrolls sideways on a 390 px wide phone, and no word broken in a table on a small laptop.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_INSTALL_TIMEOUT_MS, launchChromium } from '../helpers/chromium.js';
import { type ExampleRegistry, seedExampleRegistry } from '../helpers/seed-registry.js';
import { type RegistryHere, startRegistryHere } from './in-process.js';

let dir: string;
let server: RegistryHere;
let browser: Browser;
let laptop: BrowserContext;
let phone: BrowserContext;
let seeded: ExampleRegistry;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'overseer-reading-'));
  server = await startRegistryHere(path.join(dir, 'registry.db'));
  seeded = await seedExampleRegistry(server.url);
  await seedCrossingUses(server.url);
  browser = await launchChromium();
  laptop = await browser.newContext({ viewport: { width: 1366, height: 768 }, baseURL: server.url });
  phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true, baseURL: server.url });
}, CHROMIUM_INSTALL_TIMEOUT_MS + 60_000);

afterAll(async () => {
  await laptop?.close();
  await phone?.close();
  await browser?.close();
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

// Three consumers that each use the same three providers: nine curves that all cross in one gap, the hardest case
// for labels.
async function seedCrossingUses(baseUrl: string): Promise<void> {
  const call = async (method: string, url: string, body: unknown) => {
    const response = await fetch(new URL(url, baseUrl), { method, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
  };
  const providers = ['cross-p1', 'cross-p2', 'cross-p3'];
  for (const name of providers) {
    await call('PUT', `/v1/services/${name}`, { owners: ['@acme/cross'] });
    await call('POST', `/v1/services/${name}/versions`, { version: '1.0.0', branch: 'main' });
  }
  for (const name of ['cross-c1', 'cross-c2', 'cross-c3']) {
    await call('PUT', `/v1/services/${name}`, { owners: ['@acme/cross'] });
    const declarations = providers.map((provider, i) => ({
      consumer: name,
      provider,
      uses: Array.from({ length: i + 1 }, (_, n) => ({ operation: `GET /things/${n}` })),
    }));
    await call('POST', `/v1/services/${name}/versions`, { version: '1.0.0', branch: 'main', declarations });
  }
}

async function open(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  const response = await page.goto(url, { waitUntil: 'load' });
  expect(response?.status(), url).toBe(200);
  return page;
}

describe('the dashboard as people read it', { timeout: 120_000 }, () => {
  it('shows on the services page what blocks a service, with links to the refusal and to the changes', async () => {
    const page = await open(laptop, '/');
    const row = page.locator('tr', { has: page.locator('th a', { hasText: /^users-service$/ }) });
    const blocked = row.locator('ul.blocked');
    await expect(blocked.locator('a', { hasText: 'refused 2.0.0 to production' }).getAttribute('href')).resolves.toBe(`/verdicts/${seeded.refusedVerdictId}`);
    const waiting = blocked.locator('a', { hasText: /^main 2\.0\.0: \d+ (change breaks|changes break) consumers in production \(runs 1\.0\.0\)$/ });
    await expect(waiting.count()).resolves.toBe(1);
    await waiting.click();
    await page.waitForURL(/\/services\/users-service\?environment=production&from=1\.0\.0&to=2\.0\.0#diff$/);
    await expect(page.locator('#diff').count()).resolves.toBe(1);

    const quiet = page.locator('tr', { has: page.locator('th a', { hasText: /^orders-service$/ }) });
    await page.goto('/');
    await expect(quiet.locator('td').nth(2).textContent()).resolves.toBe('nothing');
    // The filter keeps what is blocked: the refused service only.
    await page.goto('/?blocked=1');
    await expect(page.locator('table.services tbody th').allTextContents()).resolves.toEqual(['users-service']);
    await page.close();
  });

  it("names every consumer's operations as METHOD /path, with the operationId beside", async () => {
    const page = await open(laptop, '/services/users-service');
    const checkout = page.locator('li.usage[data-consumer="checkout-web"] tbody tr').first();
    await expect(checkout.locator('code.operation').textContent()).resolves.toBe('GET /users/{id}');
    await expect(checkout.locator('.operation-id').textContent()).resolves.toBe('getUser');
    const billing = page.locator('li.usage[data-consumer="billing-worker"] tbody tr').first();
    await expect(billing.locator('code.operation').textContent()).resolves.toBe('GET /users');
    await expect(billing.locator('.operation-id').textContent()).resolves.toBe('listUsers');
    await page.close();
  });

  it('says an environment never created is unknown, naming the nearest, and leads to it', async () => {
    const page = await laptop.newPage();
    expect((await page.goto('/services/users-service?environment=prodution'))?.status()).toBe(404);
    // The sentence the registry's API answers (and the CLI prints) for the same name, with a capital.
    const api = (await (await fetch(new URL('/v1/environments/prodution/deployments', server.url))).json()) as { message: string };
    expect(api.message).toMatch(/^unknown environment 'prodution' \(known: .*\): did you mean production\?$/);
    await expect(page.locator('[role="alert"]').textContent()).resolves.toBe(`U${api.message.slice(1)}`);
    await page.locator('[role="alert"] a').click();
    await page.waitForURL('**/services/users-service?environment=production');
    await expect(page.locator('h2#consumers').textContent()).resolves.toContain('production');
    await page.close();
  });

  it('keeps each graph label clear of the other labels and of the other edges', async () => {
    const page = await open(laptop, '/graph?service=cross-p2&hops=2');
    const clashes = await page.evaluate(() => {
      const edges = [...document.querySelectorAll<SVGGElement>('svg.graph .edge')];
      const labelled = edges.filter((e) => e.querySelector('text'));
      const boxes = labelled.map((e) => e.querySelector('text')!.getBBox());
      const found: string[] = [];
      const name = (e: Element) => `${e.getAttribute('data-from')}->${e.getAttribute('data-to')}`;
      boxes.forEach((a, i) =>
        boxes.forEach((b, j) => {
          if (j > i && a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height)
            found.push(`labels of ${name(labelled[i])} and ${name(labelled[j])} overlap`);
        }),
      );
      const svg = document.querySelector('svg.graph') as SVGSVGElement;
      labelled.forEach((edge, i) => {
        const box = boxes[i];
        edges.forEach((other) => {
          if (other === edge) return;
          const path = other.querySelector('path')!;
          for (let fx = 0.1; fx < 1; fx += 0.1) {
            for (const fy of [0.3, 0.5, 0.7]) {
              const point = svg.createSVGPoint();
              point.x = box.x + box.width * fx;
              point.y = box.y + box.height * fy;
              if (path.isPointInStroke(point)) return void found.push(`${name(other)} runs through the label of ${name(edge)}`);
            }
          }
        });
      });
      return { found, edges: edges.length, labels: boxes.length };
    });
    expect(clashes.edges).toBe(9);
    // Nine curves in one gap leave room for some labels only; the rest are in the table below.
    expect(clashes.labels).toBeGreaterThan(2);
    expect(clashes.found).toEqual([]);
    await page.close();
  });

  it('never scrolls sideways on a 390 px wide phone', async () => {
    const urls = [
      '/',
      '/?blocked=1',
      '/graph?environment=production',
      '/graph?service=users-service&hops=2',
      '/services/users-service?from=1.0.0&to=2.0.0',
      '/services/checkout-web',
      '/environments',
      '/audit',
      `/verdicts/${seeded.refusedVerdictId}`,
    ];
    for (const url of urls) {
      const page = await open(phone, url);
      const width = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, screen: window.innerWidth }));
      expect(width.page, url).toBeLessThanOrEqual(width.screen);
      await page.close();
    }
  });

  // Every cell could break anywhere, so a table beside a long pointer squeezed its short columns until words broke:
  // "Leve|l" in the diff's heading, "consume|r" under Breaks. Only code (pointers, paths) may break mid-word.
  it('breaks no word of a table heading or cell on a small laptop, only code', async () => {
    const small = await browser.newContext({ viewport: { width: 1024, height: 768 }, baseURL: server.url });
    for (const url of ['/services/users-service?from=1.0.0&to=2.0.0', '/services/users-service', '/environments', '/audit']) {
      const page = await open(small, url);
      const broken = await page.evaluate(() => {
        const found: string[] = [];
        const walker = document.createTreeWalker(document.querySelector('main')!, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const cell = node.parentElement!;
          if (!cell.closest('td, th') || cell.closest('code')) continue;
          const text = node.textContent ?? '';
          // A name may wrap after its hyphen (`checkout-` `web`), as any browser wraps it.
          for (const match of text.matchAll(/[^\s-]+/g)) {
            const range = document.createRange();
            range.setStart(node, match.index!);
            range.setEnd(node, match.index! + match[0].length);
            const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
            if (tops.size > 1) found.push(match[0]);
          }
        }
        return found;
      });
      expect(broken, url).toEqual([]);
      await page.close();
    }
    await small.close();
  });
});
