// Under OVERSEER_USAGE=declared the gate counts no call seen in traces, and `overseer migrations` listed a part that a
// live consumer still calls as used by nobody else, or "ready to remove", without a word of the calls: the provider
// removes it and the caller breaks. The part now names those callers, not counted. A real registry, OTLP/JSON, the CLI.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Migration } from '../../contracts/index.js';
import { type SunsetWorld, startSunsetWorld } from './sunset-trace-world.js';

const read = (operationId: string, deprecated: boolean) => ({
  operationId,
  ...(deprecated && { deprecated: true, 'x-sunset': '2099-01-01' }),
  parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
  responses: { '200': { description: 'an item' } },
});
const inventory = {
  openapi: '3.0.3',
  info: { title: 'inventory', version: '1.1.0' },
  paths: { '/items/{id}': { get: read('getItem', true) }, '/v2/items/{id}': { get: read('getItemV2', false) } },
};

let world: SunsetWorld;

beforeAll(async () => {
  // shop declares GET /v2/items/{id} and is seen calling the deprecated GET /items/{id}; kiosk declares the latter.
  world = await startSunsetWorld(inventory, 'GET /v2/items/{id}', { OVERSEER_USAGE: 'declared' });
  await world.shopCallsItem();
}, 120_000);

afterAll(async () => {
  await world?.stop();
});

describe('overseer migrations under OVERSEER_USAGE=declared', () => {
  it('names the callers seen in traces beside the users it counts, as not counted', async () => {
    const text = (await world.run('migrations', '--service', 'inventory', '--environment', 'production')).stdout;
    expect(text).toContain(
      '  [production] GET /items/{id} (the whole operation)\n' +
        '    deprecated since 1.0.0, sunset 2099-01-01; still used by kiosk (shop seen calling it in traces: not counted, the registry runs with OVERSEER_USAGE=declared)\n',
    );
    const json = JSON.parse((await world.run('migrations', '--service', 'inventory', '--format', 'json')).stdout) as { migrations: Migration[] };
    expect(json.migrations).toEqual([expect.objectContaining({ operation: 'GET /items/{id}', users: ['kiosk'], uncounted: ['shop'], ready: false })]);
  }, 60_000);
});
