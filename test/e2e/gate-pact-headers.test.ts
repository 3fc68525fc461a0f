// A pact's request sends a header the provider requires (`X-Tenant`): the gate must count it as sent, and not refuse
// the consumer for a required input it does not send; nor refuse it for a header the contract does not list (a
// request id, a user agent), which a provider ignores. A pact that leaves the header out is still refused.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateSteps } from './gate-steps.js';
import { useRegistry } from './registry-session.js';

const ordersContract = {
  openapi: '3.0.3',
  info: { title: 'orders', version: '1' },
  paths: {
    '/orders/{id}': {
      get: {
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'X-Tenant', in: 'header', required: true, schema: { type: 'string' } },
        ],
        responses: { '200': { description: 'ok' } },
      },
    },
  },
};

const pactSending = (consumer: string, headers: Record<string, string>) => ({
  consumer: { name: consumer },
  provider: { name: 'orders' },
  interactions: [{ description: 'order 1', request: { method: 'GET', path: '/orders/1', headers }, response: { status: 200 } }],
  metadata: { pactSpecification: { version: '3.0.0' } },
});

const session = useRegistry({
  name: 'gate-pact-headers',
  setup: [['environment', 'create', 'production']],
  before: async (s) => {
    await writeFile(join(s.dir, 'shop.json'), JSON.stringify(pactSending('shop', { 'x-tenant': 'acme', 'X-Request-Id': '1', Accept: 'application/json' })));
    await writeFile(join(s.dir, 'till.json'), JSON.stringify(pactSending('till', { 'X-Request-Id': '1' })));
  },
});
const cli = (...args: string[]) => session.cli(...args);
const { publish, deploy, verdictOf } = gateSteps(cli, () => session.dir);

describe('headers a pact sends', () => {
  it('count as the header parameters they name, whatever their case; the others are not judged', async () => {
    await publish('orders', '1.0.0', { contract: ordersContract });
    await deploy('orders', '1.0.0');
    for (const consumer of ['shop', 'till']) {
      const published = await cli('publish', '--pact', join(session.dir, `${consumer}.json`), '--version', '1.0.0');
      expect(published.code, published.stderr).toBe(0);
    }
    expect(await verdictOf('shop', '1.0.0')).toMatchObject({ code: 0, errors: [] });
    const till = await verdictOf('till', '1.0.0');
    expect(till.code).toBe(1);
    expect(till.errors).toEqual([expect.objectContaining({ code: 'required-input-missing', consumer: 'till' })]);
    expect(till.errors[0].message).toContain('requires the header parameter `X-Tenant`, which till does not send');
  });
});
