// A use declared with a trailing slash (`GET /users/{id}/`) names the operation the contract writes without one, as an
// observed call to `/users/42/` does: it was refused as the consumer's own unmet use, and the waiver that refusal
// advised let the provider take away the field the consumer reads. Against a registry run in the test's process.

import { describe, expect, it } from 'vitest';
import { gateStepsOf } from './gate-steps.js';
import { useRegistry } from './registry-session.js';

const accounts = (fields: string[]) => ({
  openapi: '3.0.3',
  info: { title: 'accounts', version: '1' },
  paths: {
    '/accounts/{accountId}': {
      get: {
        parameters: [{ name: 'accountId', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          '200': {
            description: 'ok',
            content: { 'application/json': { schema: { type: 'object', properties: Object.fromEntries(fields.map((f) => [f, { type: 'string' }])) } } },
          },
        },
      },
    },
  },
});

const session = useRegistry({ name: 'gate-trailing-slash', setup: [['environment', 'create', 'production']] });
const { publish, deploy, verdictOf } = gateStepsOf(session);

describe('a use declared with a trailing slash, against a real registry', () => {
  it('is judged at the operation without one: the consumer deploys, and a removal of the field it reads is refused', async () => {
    await publish('accounts', '1.0.0', { contract: accounts(['id', 'plan']) });
    await deploy('accounts', '1.0.0');
    await publish('billing', '1.0.0', { consumes: '  accounts:\n    - operation: get /accounts/{id}/\n      response: [plan]' });
    const consumer = await verdictOf('billing', '1.0.0');
    expect(consumer.code, JSON.stringify(consumer.verdict)).toBe(0);
    await deploy('billing', '1.0.0');

    await publish('accounts', '1.1.0', { contract: accounts(['id']) });
    const removed = await verdictOf('accounts', '1.1.0');
    expect(removed.code).toBe(1);
    expect(removed.errors).toEqual([
      expect.objectContaining({ code: 'breaks-consumer', consumer: 'billing', message: expect.stringContaining('GET /accounts/{accountId}') }),
      expect.objectContaining({ code: 'field-missing', consumer: 'billing', field: 'plan', operation: 'GET /accounts/{accountId}' }),
    ]);
  });
});
