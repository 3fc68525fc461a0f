// A consumer's page lists the providers it declares. One no service is named (not published yet, or a typo) was a link
// to /services/NAME, a page that answers 404: it is now its name, marked as the registry's other doors mark it, with
// what to do; the registered provider beside it stays a link to its page.

import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, postAll, startHarness } from '../routes/harness.js';

const USERS_V1 = readFileSync(new URL('../../fixtures/observe/users.v1.yaml', import.meta.url), 'utf8');
const WEB_APP = [
  'service: web-app',
  'owners: ["@acme/web"]',
  'consumes:',
  '  users-service:',
  '    - getUser',
  '  billing-service:',
  '    - GET /invoices',
  '  users-servise:',
  '    - getUser',
].join('\n');

let h: Harness;
afterEach(() => h?.close());

/** The providers section of web-app's page: each provider's heading and the note under it, tags dropped. */
async function providersOf(url: string): Promise<{ heading: string; links: string[]; note: string }[]> {
  const res = await h.app.inject({ method: 'GET', url });
  expect(res.statusCode).toBe(200);
  const items = [...res.body.matchAll(/<li class="usage" data-provider="([^"]+)">\s*<h3>([\s\S]*?)<\/h3>([\s\S]*?)(?:<table|<\/li>)/g)];
  const text = (html: string) =>
    html
      .replace(/<[^>]*>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  return items.map(([, , heading, after]) => ({
    heading: text(heading!),
    links: [...(heading! + after!).matchAll(/href="([^"]+)"/g)].map((m) => m[1]!),
    note: text(after!.split('<p class="notice"')[0]!),
  }));
}

describe("a consumer's page, where it declares a provider no service is named", () => {
  it('names that provider without a link to a page that does not exist, marked and with what to do', async () => {
    h = await startHarness();
    await postAll(h, [
      ['/v1/services/users-service/versions', { version: '1.0.0', contract: USERS_V1, service: { owners: ['@acme/users'] } }],
      ['/v1/services/web-app/versions', { version: '1.0.0', manifest: WEB_APP, service: { owners: ['@acme/web'] } }],
    ]);
    const providers = await providersOf('/services/web-app');
    expect(providers).toEqual([
      {
        heading: 'billing-service not a registered service',
        links: [],
        note: 'No service is named so: publish it. Until it runs where this service is deployed, can-i-deploy refuses this service there.',
      },
      { heading: 'users-service', links: ['/services/users-service'], note: '' },
      {
        heading: 'users-servise not a registered service',
        links: ['/services/users-service'],
        note: 'No service is named so. Did you mean users-service ? Correct the manifest.',
      },
    ]);
    // Every link the section keeps leads to a page.
    for (const link of providers.flatMap((p) => p.links)) expect((await h.app.inject({ method: 'GET', url: link })).statusCode, link).toBe(200);
  });
});
