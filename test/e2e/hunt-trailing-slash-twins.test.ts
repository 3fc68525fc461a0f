// A contract may write `/items` and `/items/` as two operations (OpenAPI keeps the path as written). A call the consumer
// recorded to `/items/` (a pact) was placed on `/items`: the consumer was refused for a field `/items` never had, and
// the provider's removal of that field from `/items/` passed the gate. Against a real registry in the test's process.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateSteps } from './gate-steps.js';
import { useRegistry } from './registry-session.js';

const answer = (properties: string[]) => ({
  '200': {
    description: 'ok',
    content: { 'application/json': { schema: { type: 'object', properties: Object.fromEntries(properties.map((p) => [p, { type: 'string' }])) } } },
  },
});
/** `GET /items` counts them; `GET /items/` pages through them, with `page` fields. */
const catalog = (page: string[]) => ({
  openapi: '3.0.3',
  info: { title: 'catalog', version: '1' },
  paths: { '/items': { get: { responses: answer(['count']) } }, '/items/': { get: { responses: answer(page) } } },
});

const pact = {
  consumer: { name: 'shop' },
  provider: { name: 'catalog' },
  interactions: [{ description: 'a page of items', request: { method: 'GET', path: '/items/' }, response: { status: 200, body: { first: 'a', next: 'b' } } }],
  metadata: { pactSpecification: { version: '3.0.0' } },
};

const session = useRegistry({
  name: 'hunt-trailing-slash-twins',
  setup: [['environment', 'create', 'production']],
  before: async (s) => writeFile(join(s.dir, 'shop-catalog.json'), JSON.stringify(pact)),
});
const cli = (...args: string[]) => session.cli(...args);
const { publish, deploy, verdictOf } = gateSteps(cli, () => session.dir);

describe('a call to /items/ where the contract has both /items and /items/', () => {
  it('is the /items/ operation: the consumer deploys, and a removal of the field it reads there is refused', async () => {
    await publish('catalog', '1.0.0', { contract: catalog(['first', 'next']) });
    await deploy('catalog', '1.0.0');
    const published = await cli('publish', '--pact', join(session.dir, 'shop-catalog.json'), '--version', '1.0.0');
    expect(published.code, published.stderr).toBe(0);
    const usage = await cli('usage', '--service', 'shop', '--format', 'json');
    expect(JSON.parse(usage.stdout).uses).toEqual([expect.objectContaining({ provider: 'catalog', operation: 'GET /items/' })]);
    const shop = await verdictOf('shop', '1.0.0');
    expect(shop.errors).toEqual([]);
    await deploy('shop', '1.0.0');

    await publish('catalog', '2.0.0', { contract: catalog(['first']) });
    const removal = await verdictOf('catalog', '2.0.0');
    expect(removal.code).toBe(1);
    expect(removal.errors).toContainEqual(
      expect.objectContaining({
        code: 'breaks-consumer',
        consumer: 'shop',
        message: expect.stringContaining('GET /items/: response property `next` was removed'),
      }),
    );
    expect(removal.errors.every((e) => e.consumer === 'shop')).toBe(true);
  });
});
