// A use named by an operationId that the provider dropped in the same version that moved the operation to a new path:
// the gate follows it to the new path only where the history shows the same operation there, and otherwise refuses
// saying the use can no longer be placed, never a yes that judged nothing. Against a registry in the test's process.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateStepsOf } from './gate-steps.js';
import { useRegistry } from './registry-session.js';

const contract = (path: string, operationId: string | undefined, fields: string[], summary = 'One record') => ({
  openapi: '3.0.3',
  info: { title: 'records', version: '1' },
  paths: {
    [path]: {
      get: {
        ...(operationId && { operationId }),
        summary,
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          '200': {
            description: 'ok',
            content: {
              'application/json': { schema: { type: 'object', properties: Object.fromEntries(fields.map((f) => [f, { type: 'string' }])) } },
            },
          },
        },
      },
    },
  },
});

// What the refusal before this fix advised for payroll's use "unmet" at the old path: with it, the removal passed.
const waiver = [
  '- rule: operation-missing',
  '  operation: GET /users/{id}',
  '  consumer: payroll',
  '  reason: payroll calls the ledger by its new path',
  '  expires: 2999-12-31',
  '',
];

const session = useRegistry({
  name: 'gate-moved-operation',
  setup: [['environment', 'create', 'production']],
  before: async (s) => writeFile(join(s.dir, 'waivers.yaml'), waiver.join('\n')),
});
const { publish, deploy, verdictOf } = gateStepsOf(session);

describe('a use named by an operationId lost in the version that moved its operation, against a real registry', () => {
  it('follows the operation to its new path when its content is unchanged, and refuses a later removal of a field read there', async () => {
    await publish('ledger', '1.0.0', { contract: contract('/users/{id}', 'getLedger', ['id', 'plan']) });
    await publish('ledger', '1.1.0', { contract: contract('/ledgers/{id}', undefined, ['id', 'plan']) });
    await deploy('ledger', '1.1.0');
    await publish('payroll', '1.0.0', { consumes: '  ledger:\n    - operation: getLedger\n      response: [plan]' });
    await deploy('payroll', '1.0.0');

    await publish('ledger', '1.2.0', { contract: contract('/ledgers/{id}', undefined, ['id']) }, '--waivers', join(session.dir, 'waivers.yaml'));
    const removed = await verdictOf('ledger', '1.2.0');
    expect(removed.code).toBe(1);
    const placed = 'getLedger, now GET /ledgers/{id} (named so in ledger 1.0.0 at GET /users/{id}, moved unchanged to GET /ledgers/{id} in ledger 1.1.0)';
    expect(removed.errors).toEqual([
      expect.objectContaining({ code: 'breaks-consumer', consumer: 'payroll', message: expect.stringContaining(placed) }),
      expect.objectContaining({ code: 'field-missing', consumer: 'payroll', field: 'plan', operation: 'GET /ledgers/{id}' }),
    ]);

    await publish('ledger', '1.2.1', { contract: contract('/ledgers/{id}', undefined, ['id', 'plan', 'owner']) });
    const kept = await verdictOf('ledger', '1.2.1');
    expect(kept.code, JSON.stringify(kept.verdict)).toBe(0);
    expect(kept.verdict.notices).toEqual([expect.objectContaining({ code: 'use-placed', consumer: 'payroll', message: expect.stringContaining(placed) })]);
  });

  it('does not follow a move the candidate itself makes: the consumer calls the path that runs now', async () => {
    await publish('badges', '1.0.0', { contract: contract('/users/{id}', 'getBadge', ['id', 'level']) });
    await publish('badges', '1.1.0', { contract: contract('/users/{id}', undefined, ['id', 'level']) });
    await deploy('badges', '1.1.0');
    await publish('forum', '1.0.0', { consumes: '  badges:\n    - operation: getBadge\n      response: [level]' });
    await deploy('forum', '1.0.0');

    await publish('badges', '1.2.0', { contract: contract('/badges/{id}', undefined, ['id', 'level']) });
    const moved = await verdictOf('badges', '1.2.0');
    expect(moved.code, JSON.stringify(moved.verdict)).toBe(1);
    expect(moved.errors).toEqual([
      expect.objectContaining({
        code: 'breaks-consumer',
        consumer: 'forum',
        message: expect.stringContaining('getBadge, now GET /users/{id} (named so in badges 1.0.0)'),
      }),
      expect.objectContaining({ code: 'operation-missing', consumer: 'forum', operation: 'GET /users/{id}' }),
    ]);
  });

  it('refuses, saying where the trail ends, when the operation moved and changed in the same version', async () => {
    await publish('invoices', '1.0.0', { contract: contract('/users/{id}', 'getInvoice', ['id', 'total']) });
    await publish('invoices', '1.1.0', { contract: contract('/invoices/{id}', undefined, ['id', 'total'], 'One invoice') });
    await deploy('invoices', '1.1.0');
    await publish('shop', '1.0.0', { consumes: '  invoices:\n    - operation: getInvoice\n      response: [total]' });
    await deploy('shop', '1.0.0');

    await publish('invoices', '1.2.0', { contract: contract('/invoices/{id}', undefined, ['id']) });
    const asked = await verdictOf('invoices', '1.2.0');
    expect(asked.code).toBe(1);
    const lost =
      'getInvoice was last named GET /users/{id} in invoices 1.0.0, and invoices 1.1.0 has no GET /users/{id} nor the same operation under another path: the use cannot be placed';
    expect(asked.errors).toEqual([
      expect.objectContaining({ code: 'operation-missing', consumer: 'shop', operation: 'GET /users/{id}', message: expect.stringContaining(lost) }),
    ]);
  });
});
