// A Server Object's variables name every server the API is served on: each `enum` value, not the `default` alone. A
// consumer calling `/v2/...` of `https://api.acme.dev/{version}` (enum v1, v2) calls the API, and a scheme written as a
// variable does not lose the server's path. Against a real registry, through the CLI.

import { describe, expect, it } from 'vitest';
import { gateSteps } from './gate-steps.js';
import { useRegistry } from './registry-session.js';

const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
const ok = (properties: string[]) => ({
  '200': {
    description: 'ok',
    content: { 'application/json': { schema: { type: 'object', properties: Object.fromEntries(properties.map((p) => [p, { type: 'string' }])) } } },
  },
});

/** The orders API on the servers given, with `GET /orders/{id}` answering the fields given. */
const ordersContract = (servers: object[], fields: string[]) => ({
  openapi: '3.0.3',
  info: { title: 'orders', version: '1' },
  servers,
  paths: { '/orders/{id}': { get: { parameters: [idParam], responses: ok(fields) } } },
});

const VERSIONED = [{ url: 'https://api.acme.dev/{version}', variables: { version: { default: 'v1', enum: ['v1', 'v2'] } } }];
// No `default`: the document is invalid (a notice says so) and is still read, as the registry reads it.
const SCHEME = [{ url: '{scheme}://api.acme.dev/shop', variables: { scheme: { enum: ['https', 'http'] } } }];

const session = useRegistry({ name: 'gate-server-variables', setup: [['environment', 'create', 'production']] });
const cli = (...args: string[]) => session.cli(...args);
const { publish, deploy, verdictOf } = gateSteps(cli, () => session.dir);

describe('server variables', () => {
  it('place a call under any enum value of a variable on its operation, both ways through the gate', async () => {
    await publish('orders', '1.0.0', { contract: ordersContract(VERSIONED, ['id', 'total']) });
    await deploy('orders', '1.0.0');
    await publish('shop', '1.0.0', { consumes: '  orders:\n    - operation: GET /v2/orders/7\n      response: [total]' });
    const consumer = await verdictOf('shop', '1.0.0');
    expect(consumer.errors).toEqual([]);
    expect(consumer.code).toBe(0);
    await deploy('shop', '1.0.0');

    // 2.0.0 drops `total`, which shop reads through GET /v2/orders/7: refused, on that operation.
    await publish('orders', '2.0.0', { contract: ordersContract(VERSIONED, ['id']) });
    const provider = await verdictOf('orders', '2.0.0');
    expect(provider.code).toBe(1);
    expect(provider.errors).toContainEqual(expect.objectContaining({ code: 'breaks-consumer', consumer: 'shop' }));
    expect(provider.errors).toContainEqual(expect.objectContaining({ code: 'field-missing', consumer: 'shop', operation: 'GET /orders/{id}', field: 'total' }));

    // The template written with the server's path in front, as a client library's route reads, is that operation too.
    await publish('shop', '1.0.1', { consumes: '  orders:\n    - operation: GET /v2/orders/{orderId}\n      response: [total]' });
    expect(await verdictOf('shop', '1.0.1')).toMatchObject({ code: 0, errors: [] });

    // A value the variable does not list is not a server of the API.
    await publish('shop', '1.1.0', { consumes: '  orders:\n    - GET /v3/orders/7' });
    expect((await verdictOf('shop', '1.1.0')).errors).toEqual([expect.objectContaining({ code: 'operation-missing', operation: 'GET /v3/orders/7' })]);
  });

  it('keep the path of a server whose scheme is a variable', async () => {
    await publish('carts', '1.0.0', { contract: ordersContract(SCHEME, ['id', 'total']) });
    await deploy('carts', '1.0.0');
    await publish('till', '1.0.0', { consumes: '  carts:\n    - operation: GET /shop/orders/7\n      response: [total]' });
    const consumer = await verdictOf('till', '1.0.0');
    expect(consumer.errors).toEqual([]);
    expect(consumer.code).toBe(0);
  });
});
