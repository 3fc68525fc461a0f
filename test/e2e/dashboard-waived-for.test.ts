// A change waived for some of the consumers it breaks, in headless Chromium: the diff page's row said "blocks" and
// listed every consumer alike, and the graph drew them all broken, so the reader could not tell whose break a waiver
// accepted and whose still refuses the deploy. Seeded through the CLI against a registry run in the test's process.

import { describe, expect, it } from 'vitest';
import { useChromium } from '../helpers/use-chromium.js';
import { useWaivedPeople } from './waived-people.js';

const { session, seed } = useWaivedPeople('dashboard-waived-for');

const browser = useChromium();

describe('the dashboard for a change waived for some of its consumers', { timeout: 120_000 }, () => {
  it('shows whose break is waived and whose still blocks, instead of listing them all as blocked', async () => {
    await seed();

    const page = await browser().newPage({ baseURL: session.registry.url });
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
    const page = await browser().newPage({ baseURL: session.registry.url });
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
