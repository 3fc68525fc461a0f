// A use declared by operationId that no version of the provider offers is refused as operation-missing, named by that
// operationId (there is no `METHOD /path` to say): an operation-missing waiver naming the operationId accepts it.
// Against a registry run in the test's process, on a fresh SQLite file.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateSteps } from './gate-steps.js';
import { useRegistry } from './registry-session.js';
import { publishFolder } from './service-folder.js';

const ordersContract = {
  openapi: '3.0.3',
  info: { title: 'orders', version: '1' },
  paths: { '/orders/{id}': { get: { operationId: 'getOrder', responses: { '200': { description: 'ok' } } } } },
};

const waiver = (rule: string) =>
  [`- rule: ${rule}`, '  operation: cancelOrder', '  consumer: shop', '  reason: shop stops cancelling in 2.0', '  expires: 2999-12-31', ''].join('\n');

const session = useRegistry({
  name: 'waivers-operation-id',
  setup: [['environment', 'create', 'production']],
  before: async (s) => {
    await writeFile(join(s.dir, 'waivers.yaml'), waiver('operation-missing'));
    await writeFile(join(s.dir, 'wrong-rule.yaml'), waiver('api-path-removed-without-deprecation'));
  },
});
const cli = (...args: string[]) => session.cli(...args);
const publishOrders = (version: string, ...more: string[]) =>
  publishFolder((...args) => cli(...args, ...more), session.dir, 'orders', version, { contract: ordersContract });
const { deploy } = gateSteps(cli, () => session.dir);
const ask = (version: string) => cli('can-i-deploy', '--service', 'orders', '--version', version, '--to', 'production', '--format', 'json');

describe('a waiver naming the operationId of a use the provider never offered, against a real registry', () => {
  it('accepts the operation-missing refusal in every output; with any other rule the file is refused', async () => {
    expect((await publishOrders('1.0.0')).code).toBe(0);
    await deploy('orders', '1.0.0');
    const shop = await publishFolder(cli, session.dir, 'shop', '1.0.0', { consumes: '  orders:\n    - operation: cancelOrder' });
    expect(shop.code, shop.stderr).toBe(0);
    await deploy('shop', '1.0.0');

    expect((await publishOrders('1.1.0')).code).toBe(0);
    const refused = await ask('1.1.0');
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout).reasons).toEqual([
      expect.objectContaining({ code: 'operation-missing', consumer: 'shop', operation: 'cancelOrder', alreadyUnmetBy: ['1.0.0'] }),
    ]);

    const wrong = await publishOrders('1.1.1', '--waivers', join(session.dir, 'wrong-rule.yaml'));
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('operation "cancelOrder" must be "METHOD /path" (like "GET /users/{id}") or "*"');

    const waived = await publishOrders('1.1.2', '--waivers', join(session.dir, 'waivers.yaml'));
    expect(waived.code, waived.stderr).toBe(0);
    const asked = await ask('1.1.2');
    expect(asked.code, asked.stdout).toBe(0);
    const verdict = JSON.parse(asked.stdout);
    expect(verdict).toMatchObject({ decision: 'deployable', reasons: [] });
    expect(verdict.waived).toEqual([
      expect.objectContaining({
        consumer: 'shop',
        change: expect.objectContaining({ id: 'operation-missing', operation: 'cancelOrder' }),
        waiver: expect.objectContaining({ reason: 'shop stops cancelling in 2.0' }),
      }),
    ]);
    const text = await cli('can-i-deploy', '--service', 'orders', '--version', '1.1.2', '--to', 'production');
    expect(text.stdout).toContain('waived: shop stops cancelling in 2.0');

    // The registry's own answer and the recorded verdict's page say the same.
    const query = new URLSearchParams({ service: 'orders', version: '1.1.2', environment: 'production' });
    const direct = await (await fetch(new URL(`/v1/can-i-deploy?${query}`, session.registry.url))).json();
    expect(direct.waived).toEqual(verdict.waived);
    const [latest] = (await (await fetch(new URL('/v1/verdicts?service=orders&limit=1', session.registry.url))).json()).verdicts;
    const page = await (await fetch(new URL(`/verdicts/${latest.id}`, session.registry.url))).text();
    expect(page).toContain('shop stops cancelling in 2.0');
  });
});
