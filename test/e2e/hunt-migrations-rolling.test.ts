// While a provider rolls out a version that drops a deprecated operation, the version before it still runs and still
// serves that operation to the consumers that call it. The gate refuses to let the next version go while shop uses it,
// and its reason sends the user to `overseer migrations`, which must list the part there: it read only the newest live
// version and answered that nothing deprecated was deployed. Against a real registry, through the CLI.

import { describe, expect, it } from 'vitest';
import { gateStepsOf } from './gate-steps.js';
import { useRegistry } from './registry-session.js';

const read = (operationId: string, marks: Record<string, unknown> = {}) => ({
  operationId,
  ...marks,
  parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
  responses: { '200': { description: 'an item', content: { 'application/json': { schema: { type: 'object', properties: { id: { type: 'string' } } } } } } },
});
const inventory = (old: boolean) => ({
  openapi: '3.0.3',
  info: { title: 'inventory', version: '1' },
  paths: {
    ...(old && { '/items/{id}': { get: read('getItem', { deprecated: true, 'x-sunset': '2099-01-01' }) } }),
    '/v2/items/{id}': { get: read('getItemV2') },
  },
});

const session = useRegistry({ name: 'hunt-migrations-rolling', setup: [['environment', 'create', 'production']] });
const { publish, deploy, verdictOf } = gateStepsOf(session);
const migrations = (...more: string[]) => session.cli('migrations', '--service', 'inventory', '--environment', 'production', ...more);

describe('migrations of a provider with two versions live', () => {
  it('lists the deprecated part the older live version still serves, with the consumer that still calls it', async () => {
    await publish('inventory', '1.0.0', { contract: inventory(true) });
    await publish('inventory', '2.0.0', { contract: inventory(false) });
    await publish('inventory', '2.1.0', { contract: inventory(false) });
    await publish('shop', '1.0.0', { consumes: '  inventory:\n    - GET /items/{id}' });
    await deploy('inventory', '1.0.0');
    await deploy('shop', '1.0.0');
    expect((await session.cli('record-deployment', '--service', 'inventory', '--version', '2.0.0', '--env', 'production', '--rolling')).code).toBe(0);

    const asked = await verdictOf('inventory', '2.1.0');
    expect(asked.code).toBe(1);
    expect(asked.errors[0].message).toContain('overseer migrations --service inventory');

    const listed = await migrations('--format', 'json');
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout).migrations).toEqual([
      { environment: 'production', operation: 'GET /items/{id}', deprecatedIn: '1.0.0', sunset: '2099-01-01', users: ['shop'], ready: false },
    ]);
    expect((await migrations()).stdout).toContain('still used by shop');
  });
});
