// A pact records the path the consumer sent (`GET /v1/orders/1`); the provider's contract puts `/v1` in its server URL
// (through a server variable's default) and writes `/orders/{id}`. The gate, the diff's attribution, `overseer usage`
// and the deprecations a consumer is told of must all place that call on `GET /orders/{id}`. Against a real registry.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateSteps } from './gate-steps.js';
import { useRegistry } from './registry-session.js';
import { publishFolder } from './service-folder.js';

interface Shape {
  properties: string[];
  deprecated?: boolean;
}

/** The orders contract, served under `https://api.example.com/{version}` with `version` v1 by default. */
const ordersContract = ({ properties, deprecated }: Shape) => {
  const schema = { type: 'object', properties: Object.fromEntries(properties.map((p) => [p, { type: 'string' }])) };
  const ok = { '200': { description: 'ok', content: { 'application/json': { schema } } } };
  const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
  const get = { parameters: [idParam], responses: ok, ...(deprecated && { deprecated: true, 'x-sunset': '2027-06-30' }) };
  return {
    openapi: '3.0.3',
    info: { title: 'orders', version: '1' },
    servers: [{ url: 'https://api.example.com/{version}', variables: { version: { default: 'v1' } } }],
    paths: { '/orders/{id}': { get }, '/orders/new': { get: { responses: ok } } },
  };
};

const pact = {
  consumer: { name: 'shop' },
  provider: { name: 'orders' },
  interactions: [{ description: 'order 1', request: { method: 'GET', path: '/v1/orders/1' }, response: { status: 200, body: { id: '1', total: '1' } } }],
  metadata: { pactSpecification: { version: '3.0.0' } },
};

const session = useRegistry({
  name: 'gate-pact-base-path',
  setup: [['environment', 'create', 'production']],
  before: async (s) => writeFile(join(s.dir, 'shop-orders.json'), JSON.stringify(pact)),
});
const cli = (...args: string[]) => session.cli(...args);
const publishOrders = async (version: string, shape: Shape) => {
  const done = await publishFolder(cli, session.dir, 'orders', version, { contract: ordersContract(shape) });
  expect(done.code, done.stderr).toBe(0);
};
const { deploy, verdictOf } = gateSteps(cli, () => session.dir);

describe('a Pact path with the server base path in front', () => {
  it('is the operation under the base path for the gate both ways, the diff, usage and deprecations', async () => {
    // Published before orders has a contract: declared as written, `GET /v1/orders/1`.
    const published = await cli('publish', '--pact', join(session.dir, 'shop-orders.json'), '--version', '1.0.0');
    expect(published.code, published.stderr).toBe(0);
    expect(published.stderr).toContain('declared as written');
    await deploy('shop', '1.0.0');

    await publishOrders('1.0.0', { properties: ['id', 'total'] });
    const first = await verdictOf('orders', '1.0.0');
    expect(first.errors).toEqual([]);
    expect(first.code).toBe(0);
    await deploy('orders', '1.0.0');
    const shop = await verdictOf('shop', '1.0.0');
    expect(shop.errors).toEqual([]);

    const usage = await cli('usage', '--service', 'shop', '--format', 'json');
    expect(JSON.parse(usage.stdout).uses).toEqual([{ provider: 'orders', operation: 'GET /orders/{id}', declared: true, observed: null }]);

    // 1.1.0 deprecates GET /orders/{id}: shop, which calls /v1/orders/1, is among its users.
    await publishOrders('1.1.0', { properties: ['id', 'total'], deprecated: true });
    expect((await verdictOf('orders', '1.1.0')).code).toBe(0);
    await deploy('orders', '1.1.0');
    const listed = await cli('migrations', '--service', 'orders', '--environment', 'production', '--format', 'json');
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout).migrations).toEqual([
      expect.objectContaining({ operation: 'GET /orders/{id}', sunset: '2027-06-30', users: ['shop'], ready: false }),
    ]);

    // 2.0.0 drops `total`, which shop reads: refused on the operation shop calls, the deprecation named.
    await publishOrders('2.0.0', { properties: ['id'], deprecated: true });
    const second = await verdictOf('orders', '2.0.0');
    expect(second.code).toBe(1);
    expect(second.errors.map((r: { code: string }) => r.code).sort()).toEqual(['breaks-consumer', 'field-missing']);
    expect(second.errors).toContainEqual(expect.objectContaining({ code: 'field-missing', operation: 'GET /orders/{id}', field: 'total' }));
    const broken = second.errors.find((r: { code: string }) => r.code === 'breaks-consumer');
    expect(broken?.message).toContain('GET /orders/{id}: response property `total` was removed');
  });

  it('is matched at publish when the contract is already there, not declared as written', async () => {
    const again = await cli('publish', '--pact', join(session.dir, 'shop-orders.json'), '--version', '1.1.0', '--format', 'json');
    expect(again.code, again.stderr).toBe(0);
    const [published] = JSON.parse(again.stdout);
    expect(published.notices).toEqual([]);
    expect(published.declarations).toEqual([
      { consumer: 'shop', provider: 'orders', uses: [expect.objectContaining({ operation: 'GET /orders/{id}', response: ['id', 'total'] })] },
    ]);
  });
});
