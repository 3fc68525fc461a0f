// End to end, through the registry and the CLI run in the test's process (test/e2e/in-process.ts): migrations of a
// deprecated operation, parameter and request field; two environments where the consumer moved in one only; and
// observed use, where a consumer that declares nothing but is seen calling the operation keeps it from being ready.

import { beforeAll, describe, expect, it } from 'vitest';
import { traceExport } from '../helpers/otlp.js';
import { useRegistryWithHooks } from './registry-with-hooks.js';
import { publishFolder, type ServiceParts } from './service-folder.js';

const session = useRegistryWithHooks('migration-parts', ['*']);
const { cli } = session;

const ORDERS = {
  openapi: '3.0.3',
  info: { title: 'orders', version: '1.0.0' },
  paths: {
    '/orders/{id}': {
      get: {
        deprecated: true,
        'x-sunset': '2027-03-01',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'an order' } },
      },
    },
    '/orders': {
      get: {
        parameters: [{ name: 'legacyFilter', in: 'query', deprecated: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'orders' } },
      },
      post: {
        requestBody: {
          content: { 'application/json': { schema: { type: 'object', properties: { sku: { type: 'string' }, note: { type: 'string', deprecated: true } } } } },
        },
        responses: { '201': { description: 'created' } },
      },
    },
  },
};

const OLD_USES = [
  '  orders-service:',
  '    - GET /orders/{id}',
  '    - operation: GET /orders',
  '      params: [legacyFilter]',
  '    - operation: POST /orders',
  '      request: [sku, note]',
].join('\n');
// `params: []` says no query parameter is sent; a bare `- GET /orders` would use the operation whole, legacyFilter included.
const NEW_USES = ['  orders-service:', '    - operation: GET /orders', '      params: []', '    - operation: POST /orders', '      request: [sku]'].join('\n');

async function publish(service: string, version: string, parts: ServiceParts): Promise<void> {
  const published = await publishFolder(cli, session.dir, service, version, parts);
  expect(published.code, published.stderr).toBe(0);
}

async function deploy(service: string, version: string, env: string): Promise<void> {
  const recorded = await cli('record-deployment', '--service', service, '--version', version, '--env', env);
  expect(recorded.code, recorded.stderr).toBe(0);
}

async function migrations(env: string): Promise<{ operation: string; parameter?: string; field?: string; users: string[]; ready: boolean }[]> {
  const listed = await cli('migrations', '--service', 'orders-service', '--environment', env, '--format', 'json');
  expect(listed.code, listed.stderr).toBe(0);
  return JSON.parse(listed.stdout).migrations;
}

const readyEvents = () => session.hooks.received.map((r) => JSON.parse(r.body)).filter((e) => e.type === 'deprecation.ready');

beforeAll(async () => {
  await publish('orders-service', '1.0.0', { contract: ORDERS });
  await publish('shop-app', '1.0.0', { consumes: OLD_USES });
  await publish('shop-app', '1.1.0', { consumes: NEW_USES });
  await publish('report-job', '1.0.0', {});
  for (const env of ['staging', 'production']) {
    expect((await cli('environment', 'create', env)).code).toBe(0);
    await deploy('orders-service', '1.0.0', env);
    await deploy('shop-app', '1.0.0', env);
    await deploy('report-job', '1.0.0', env);
  }
});

describe('migrations of each kind of part, per environment', () => {
  it('lists a deprecated operation, parameter and request field with the consumer using each, in both environments', async () => {
    for (const env of ['staging', 'production']) {
      expect(await migrations(env)).toEqual([
        { environment: env, operation: 'GET /orders/{id}', deprecatedIn: '1.0.0', sunset: '2027-03-01', users: ['shop-app'], ready: false },
        { environment: env, operation: 'GET /orders', parameter: 'legacyFilter', deprecatedIn: '1.0.0', sunset: null, users: ['shop-app'], ready: false },
        { environment: env, operation: 'POST /orders', field: 'note', side: 'request', deprecatedIn: '1.0.0', sunset: null, users: ['shop-app'], ready: false },
      ]);
    }
    expect(readyEvents()).toEqual([]);
  });

  it('is ready in staging once the consumer moved there, not in production, and says so once per part for staging', async () => {
    await deploy('shop-app', '1.1.0', 'staging');
    expect((await migrations('staging')).map((m) => m.ready)).toEqual([true, true, true]);
    expect((await migrations('production')).map((m) => m.ready)).toEqual([false, false, false]);
    await session.hooks.waitFor(3);
    const events = readyEvents();
    expect(events.map((e) => [e.environment, e.migration.operation, e.migration.parameter ?? e.migration.field ?? '', e.migration.formerUsers])).toEqual([
      ['staging', 'GET /orders/{id}', '', ['shop-app']],
      ['staging', 'GET /orders', 'legacyFilter', ['shop-app']],
      ['staging', 'POST /orders', 'note', ['shop-app']],
    ]);
    // Ready in staging alone: production still has a user, so removing it on this word would be refused there.
    expect(events[1].headline).toBe(
      'GET /orders: parameter legacyFilter of orders-service is ready to remove in staging: no consumer there uses it any more; still used in production by shop-app',
    );
  });

  it('keeps the operation from being ready in production while a consumer that declares nothing is observed calling it', async () => {
    const call = {
      consumer: 'report-job',
      environment: 'production',
      provider: 'orders-service',
      method: 'GET',
      url: 'http://orders/orders/42',
      route: '/orders/{id}',
    };
    const posted = await fetch(`${session.registry.url}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(traceExport([call])),
    });
    expect(await posted.json()).toEqual({ partialSuccess: {} });
    await deploy('shop-app', '1.1.0', 'production');
    expect((await migrations('production')).map((m) => [m.operation, m.users, m.ready])).toEqual([
      ['GET /orders/{id}', ['report-job'], false],
      ['GET /orders', [], true],
      ['POST /orders', [], true],
    ]);
    await session.hooks.waitFor(5);
    const production = readyEvents().filter((e) => e.environment === 'production');
    expect(production.map((e) => e.migration.operation)).toEqual(['GET /orders', 'POST /orders']);
  });
});
