// With OVERSEER_USAGE=observed only calls seen in traces count as use: the gate lets a removal through when no deployed
// consumer calls the part, and `overseer migrations` calls it ready. The sunset check still read declarations, so kiosk,
// whose manifest names the deprecated operation but whose code never calls it, was told it "still uses" it, a warning
// the gate contradicts. It must warn the consumers the gate would count (shop, seen calling it) and no one else, and
// the service page's deprecated parts still used must list the same.
// Through the CLI, OTLP/JSON and a webhook receiver on loopback.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SunsetWorld, startSunsetWorld } from './sunset-trace-world.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const sunset = new Date(Date.now() + 5 * DAY_MS).toISOString().slice(0, 10);

const inventory = {
  openapi: '3.0.3',
  info: { title: 'inventory', version: '1.1.0' },
  paths: {
    '/items/{id}': {
      get: {
        deprecated: true,
        'x-sunset': sunset,
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'an item' } },
      },
    },
  },
};

let world: SunsetWorld;

beforeAll(async () => {
  world = await startSunsetWorld(inventory, 'GET /items/{id}', { OVERSEER_USAGE: 'observed' });
});

afterAll(async () => {
  await world?.stop();
});

describe('a sunset where only observed calls count', () => {
  it('warns the consumer seen calling the part, not the one that only declares it', async () => {
    await world.shopCallsItem();
    expect((await world.run('migrations', '--service', 'inventory', '--environment', 'production')).stdout).toContain('still used by shop\n');
    // The service page's list of deprecated parts still used counts as they do: shop, not kiosk.
    const page = await (await fetch(`${world.registry.url}/services/inventory?environment=production`)).text();
    const table = page.slice(page.indexOf('<caption>Deprecated in version 1.0.0 and still used</caption>'));
    const rows = [...table.slice(0, table.indexOf('</table>')).matchAll(/<tr><td><a href="\/services\/(\w+)"/g)].map((m) => m[1]);
    expect(rows).toEqual(['shop']);

    // kiosk's warning, were it sent, comes from the first check, before shop's calls were written: shop's comes later.
    let received = await world.hooks.waitFor(1, 60_000);
    for (let n = 2; !received.some((r) => JSON.parse(r.body).impacts[0].consumer === 'shop'); n++) received = await world.hooks.waitFor(n, 60_000);
    const { notifications } = (await (await fetch(`${world.registry.url}/v1/notifications?limit=1000`)).json()) as { notifications: { headline: string }[] };
    expect(notifications.map((n) => n.headline)).toEqual([`shop still uses GET /items/{id} of inventory, which goes away on ${sunset} (in 5 days)`]);
  }, 90_000);
});
