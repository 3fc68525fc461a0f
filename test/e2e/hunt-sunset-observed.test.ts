// A sunset warning goes to every consumer whose use would block the removal at the sunset, as migrations count them:
// shop moved its manifest to GET /v2/items/{id} but its spans still show it calling the deprecated GET /items/{id}. The
// gate refuses the removal because of shop and `overseer migrations` names it, so it must be warned before the day,
// in words that say the call was seen, not declared. Through the CLI, OTLP/JSON and a webhook receiver on loopback.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SunsetWorld, startSunsetWorld } from './sunset-trace-world.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const sunset = new Date(Date.now() + 5 * DAY_MS).toISOString().slice(0, 10);

const read = (operationId: string, deprecated: boolean) => ({
  operationId,
  ...(deprecated && { deprecated: true, 'x-sunset': sunset }),
  parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
  responses: { '200': { description: 'an item', content: { 'application/json': { schema: { type: 'object', properties: { id: { type: 'string' } } } } } } },
});
const inventory = {
  openapi: '3.0.3',
  info: { title: 'inventory', version: '1.1.0' },
  paths: { '/items/{id}': { get: read('getItem', true) }, '/v2/items/{id}': { get: read('getItemV2', false) } },
};

let world: SunsetWorld;

beforeAll(async () => {
  world = await startSunsetWorld(inventory, 'GET /v2/items/{id}');
});

afterAll(async () => {
  await world?.stop();
});

describe('a sunset drawing near for a consumer seen calling the part', () => {
  it('warns the consumer that still calls it in traces, not only the one that declares it', async () => {
    await world.shopCallsItem();
    // Migrations and the gate count shop: the warning must reach it before the day the gate lets the removal through.
    expect((await world.run('migrations', '--service', 'inventory', '--environment', 'production')).stdout).toMatch(
      /still used by kiosk, shop \(seen calling it in traces, last \d{4}-\d\d-\d\dT[\d:.]+Z, not declared\)/,
    );

    // The declared user is warned at the first check; the one seen calling by a check after its calls were written.
    const received = await world.hooks.waitFor(2, 30_000);
    const events = received.map((r) => JSON.parse(r.body)).sort((a, b) => a.id.localeCompare(b.id));
    expect(events.map((e) => [e.id, e.headline])).toEqual([
      [`deprecation.sunset/inventory/GET /items/{}/kiosk/${sunset}`, `kiosk still uses GET /items/{id} of inventory, which goes away on ${sunset} (in 5 days)`],
      [
        `deprecation.sunset/inventory/GET /items/{}/shop/${sunset}`,
        `shop was seen calling GET /items/{id} of inventory in traces (its manifest does not declare it), which goes away on ${sunset} (in 5 days)`,
      ],
    ]);
    expect(events[1].impacts).toEqual([expect.objectContaining({ consumer: 'shop', consumerVersion: '1.0.0', where: ['production'] })]);
  }, 90_000);
});
