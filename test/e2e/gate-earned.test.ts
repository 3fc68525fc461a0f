// Gate answers a careful reviewer asks about, each held against a real registry through the CLI: an operationId a
// consumer names that the provider renames, and a consumer naming two providers of which one was never registered.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateSteps } from './gate-steps.js';
import { useRegistry } from './registry-session.js';

const ok = (fields: string[]) => ({
  '200': {
    description: 'ok',
    content: { 'application/json': { schema: { type: 'object', properties: Object.fromEntries(fields.map((f) => [f, { type: 'string' }])) } } },
  },
});
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
/** GET /orders/{id} under the operationId given. */
const ordersContract = (operationId: string) => ({
  openapi: '3.0.3',
  info: { title: 'orders', version: '1' },
  paths: { '/orders/{id}': { get: { operationId, parameters: [idParam], responses: ok(['id', 'total']) } } },
});

/** GET /people and GET /people/{id}, both answering the one Person schema, with the fields given. */
const peopleContract = (fields: string[]) => ({
  openapi: '3.0.3',
  info: { title: 'people', version: '1' },
  paths: {
    '/people': { get: { responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Person' } } } } } } },
    '/people/{id}': {
      get: {
        parameters: [idParam],
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Person' } } } } },
      },
    },
  },
  components: { schemas: { Person: ok(fields)['200'].content['application/json'].schema } },
});
/** A waiver of the removal of `email` on GET /people alone: the list page is being rebuilt without it. */
const LIST_WAIVER = [
  '- rule: response-optional-property-removed',
  '  operation: GET /people',
  '  field: email',
  '  reason: the list page stops showing e-mail addresses',
  '  expires: 2999-12-31',
  '',
].join('\n');

const session = useRegistry({
  name: 'gate-earned',
  setup: [['environment', 'create', 'production']],
  before: async (s) => writeFile(join(s.dir, 'list-waiver.yaml'), LIST_WAIVER),
});
const cli = (...args: string[]) => session.cli(...args);
const { publish, deploy, verdictOf } = gateSteps(cli, () => session.dir);

describe('gate answers that must be earned', () => {
  it('refuses renaming an operationId a deployed consumer names its use by', async () => {
    await publish('orders', '1.0.0', { contract: ordersContract('getOrder') });
    await deploy('orders', '1.0.0');
    await publish('shop', '1.0.0', { consumes: '  orders:\n    - operation: getOrder\n      response: [total]' });
    expect(await verdictOf('shop', '1.0.0')).toMatchObject({ code: 0, errors: [] });
    await deploy('shop', '1.0.0');

    // The path and the response are unchanged; only the name shop's declaration finds the operation by is gone.
    await publish('orders', '1.1.0', { contract: ordersContract('fetchOrder') });
    const renamed = await verdictOf('orders', '1.1.0');
    expect(renamed.code).toBe(1);
    expect(renamed.errors).toEqual([expect.objectContaining({ code: 'operation-missing', consumer: 'shop', operation: 'getOrder' })]);
  });

  it('refuses a consumer naming a provider the registry has never heard of, beside one that is live', async () => {
    await publish('basket', '1.0.0', { consumes: '  orders:\n    - GET /orders/{id}\n  billing:\n    - GET /invoices/{id}' });
    const asked = await verdictOf('basket', '1.0.0');
    expect(asked.code).toBe(1);
    expect(asked.errors.map((e) => e.code)).toEqual(['provider-not-deployed']);
    expect(asked.errors[0].message).toContain('billing');
  });

  it('does not let a waiver naming one operation of a shared schema accept a consumer of another', async () => {
    await publish('people', '1.0.0', { contract: peopleContract(['id', 'email']) });
    await deploy('people', '1.0.0');
    await publish('directory', '1.0.0', { consumes: '  people:\n    - operation: GET /people\n      response: [email]' });
    await publish('profile', '1.0.0', { consumes: '  people:\n    - operation: GET /people/{id}\n      response: [email]' });
    await deploy('directory', '1.0.0');
    await deploy('profile', '1.0.0');

    await publish('people', '2.0.0', { contract: peopleContract(['id']) }, '--waivers', join(session.dir, 'list-waiver.yaml'));
    const asked = await verdictOf('people', '2.0.0');
    expect(asked.code).toBe(1);
    // directory, which reads email through GET /people, is accepted; profile, through GET /people/{id}, is not.
    expect([...new Set(asked.errors.map((e) => e.consumer))]).toEqual(['profile']);
  });
});
