// A Pact interaction published before its provider had a contract is declared as written (`GET /orders/1`): once the
// provider publishes `GET /orders/{id}`, the gate and the diff's attribution judge that use against it, fields included.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateSteps } from './gate-steps.js';
import { useRegistry } from './registry-session.js';
import { publishFolder } from './service-folder.js';

/** The orders contract: GET /orders/{id} (query `expand`) returning the given properties. */
const ordersContract = (...properties: string[]) => {
  const schema = { type: 'object', properties: Object.fromEntries(properties.map((p) => [p, { type: 'string' }])) };
  const ok = { '200': { description: 'ok', content: { 'application/json': { schema } } } };
  const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
  const expand = { name: 'expand', in: 'query', schema: { type: 'string' } };
  return {
    openapi: '3.0.3',
    info: { title: 'orders', version: '1' },
    paths: {
      '/orders/{id}': { get: { parameters: [idParam, expand], responses: ok } },
    },
  };
};

const pact = {
  consumer: { name: 'shop' },
  provider: { name: 'orders' },
  interactions: [
    {
      description: 'order 1',
      request: { method: 'GET', path: '/orders/1', query: 'expand=lines' },
      response: { status: 200, body: { id: '1', total: '12.00' } },
    },
  ],
  metadata: { pactSpecification: { version: '3.0.0' } },
};

const session = useRegistry({
  name: 'gate-pact-as-written',
  setup: [['environment', 'create', 'production']],
  before: async (s) => writeFile(join(s.dir, 'shop-orders.json'), JSON.stringify(pact)),
});
const cli = (...args: string[]) => session.cli(...args);
const publishOrders = async (version: string, ...properties: string[]) => {
  const done = await publishFolder(cli, session.dir, 'orders', version, { contract: ordersContract(...properties) });
  expect(done.code, done.stderr).toBe(0);
};
const { deploy, verdictOf } = gateSteps(cli, () => session.dir);

describe('a Pact interaction declared as written, against a real registry', () => {
  it('is judged against the operation its path calls once the provider has one, and a field it reads is not taken away unseen', async () => {
    const published = await cli('publish', '--pact', join(session.dir, 'shop-orders.json'), '--version', '1.0.0');
    expect(published.code, published.stderr).toBe(0);
    expect(published.stdout + published.stderr).toContain('declared as written');
    await deploy('shop', '1.0.0');

    // The first contract offers what shop's test calls: GET /orders/1 is GET /orders/{id}, with `expand`, `id` and `total`.
    await publishOrders('1.0.0', 'id', 'total');
    const first = await verdictOf('orders', '1.0.0');
    expect(first.verdict.reasons.filter((r: { severity: string }) => r.severity === 'error')).toEqual([]);
    expect(first.code, JSON.stringify(first.verdict.reasons)).toBe(0);
    await deploy('orders', '1.0.0');

    // The next drops `total`, which shop reads: refused, on the operation shop really calls.
    await publishOrders('2.0.0', 'id');
    const second = await verdictOf('orders', '2.0.0');
    expect(second.code).toBe(1);
    const errors = second.verdict.reasons.filter((r: { severity: string }) => r.severity === 'error');
    expect(errors.length).toBeGreaterThan(0);
    for (const reason of errors) {
      expect(reason.consumer).toBe('shop');
      expect(reason.message).toContain('GET /orders/{id}');
    }
    expect(errors.map((r: { code: string }) => r.code)).not.toContain('operation-missing');
    expect(errors).toContainEqual(expect.objectContaining({ code: 'field-missing', operation: 'GET /orders/{id}', field: 'total' }));
    expect(errors).toContainEqual(
      expect.objectContaining({ code: 'breaks-consumer', message: expect.stringContaining('response property `total` was removed') }),
    );

    // `overseer usage` (and the dashboard, by the same labeller) names the use by the operation it calls.
    const usage = await cli('usage', '--service', 'shop', '--format', 'json');
    expect(JSON.parse(usage.stdout).uses).toEqual([{ provider: 'orders', operation: 'GET /orders/{id}', declared: true, observed: null }]);
    // shop's own gate sees the live provider offer what it calls.
    const shop = await verdictOf('shop', '1.0.0');
    expect(shop.verdict.reasons.filter((r: { severity: string }) => r.severity === 'error')).toEqual([]);
  });
});
