// The gate keeps what it reads of an environment (a hub's consumers, the versions judged against) while the
// environment's generation stays, across publications that leave it as it is: every write that changes what is live
// there, or what a live version declares, must show in the very next answer. Over real HTTP, on SQLite.

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateStepsOf } from './gate-steps.js';
import { useRegistry } from './registry-session.js';

/** A contract with one GET operation per path given. */
const contract = (...paths: string[]) => ({
  openapi: '3.0.3',
  info: { title: 'api', version: '1' },
  paths: Object.fromEntries(paths.map((p) => [p, { get: { responses: { '200': { description: 'ok' } } } }])),
});

const session = useRegistry({ name: 'gate-kept-across-writes', setup: [['environment', 'create', 'production']] });
const { publish, deploy, verdictOf } = gateStepsOf(session);
const broken = async (service: string, version: string) => (await verdictOf(service, version)).errors.map((e) => `${e.code} ${e.consumer}`);

/** A Backstage entity's folder, published: how a provider claims an API name that consumers declare. */
async function publishEntity(name: string, version: string, entity: { provides?: string; consumes?: string }, paths?: string[]): Promise<void> {
  const folder = join(session.dir, `${name}-${version}`);
  await mkdir(folder, { recursive: true });
  const spec = [
    ...(entity.provides ? [`  providesApis: [api:${entity.provides}]`] : []),
    ...(entity.consumes ? [`  consumesApis: [api:${entity.consumes}]`] : []),
  ];
  const info = [
    'apiVersion: backstage.io/v1alpha1',
    'kind: Component',
    `metadata: {name: ${name}}`,
    'spec:',
    '  type: service',
    '  owner: group:acme/team',
    ...spec,
  ];
  await writeFile(join(folder, 'catalog-info.yaml'), `${info.join('\n')}\n`);
  const withContract = paths ? ['--contract', join(folder, 'openapi.json')] : [];
  if (paths) await writeFile(join(folder, 'openapi.json'), JSON.stringify(contract(...paths)));
  const done = await session.cli('publish', '--manifest', join(folder, 'catalog-info.yaml'), '--version', version, ...withContract);
  expect(done.code, done.stderr).toBe(0);
}

describe("the gate's kept reads of an environment", () => {
  it('sees a deployment, an undeployment and a rollback at the next ask, and a publication nobody deployed changes nothing', async () => {
    await publish('users-service', '1.0.0', { contract: contract('/users', '/users/{id}') });
    await deploy('users-service', '1.0.0');
    await publish('web-app', '1.0.0', { consumes: '  users-service:\n    - GET /users' });
    await deploy('web-app', '1.0.0');
    await publish('users-service', '2.0.0', { contract: contract('/users') });
    expect(await broken('users-service', '2.0.0')).toEqual([]);

    // Published, not deployed: production is as it was.
    await publish('web-app', '1.1.0', { consumes: '  users-service:\n    - GET /users/{id}' });
    expect(await broken('users-service', '2.0.0')).toEqual([]);
    await deploy('web-app', '1.1.0');
    expect(await broken('users-service', '2.0.0')).toContain('breaks-consumer web-app');
    await deploy('web-app', '1.0.0');
    expect(await broken('users-service', '2.0.0')).toEqual([]);
  });

  it("sees a provider's claim of an API name at the next ask: the live consumer's declarations are rewritten, no deployment moves", async () => {
    await publishEntity('orders-service', '1.0.0', {}, ['/orders', '/carts']);
    await deploy('orders-service', '1.0.0');
    await publishEntity('shop-web', '1.0.0', { consumes: 'orders-api' });
    await deploy('shop-web', '1.0.0');
    await publishEntity('orders-service', '2.0.0', {}, ['/carts']);
    expect(await broken('orders-service', '2.0.0')).toEqual([]);

    // orders-service 2.0.1 claims orders-api: shop-web 1.0.0, live in production, now uses all of orders-service.
    await publishEntity('orders-service', '2.0.1', { provides: 'orders-api' }, ['/orders', '/carts']);
    expect(await broken('orders-service', '2.0.0')).toEqual(['breaks-consumer shop-web']);
  });
});
