// A Backstage consumer names the APIs it consumes (`users-api`), the provider's entity the APIs it provides: the registry
// resolves the one to the other, whichever publishes first, so the provider's gate judges the consumer and the
// consumer's gate the provider. An API no service provides is named as such. Against a registry in the test's process.

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateSteps } from './gate-steps.js';
import { useRegistry } from './registry-session.js';
import { publishFolder } from './service-folder.js';

interface Entity {
  name: string;
  provides?: string[];
  consumes?: string[];
}

const catalogInfo = ({ name, provides, consumes }: Entity) =>
  [
    'apiVersion: backstage.io/v1alpha1',
    'kind: Component',
    `metadata: {name: ${name}}`,
    'spec:',
    '  type: service',
    '  owner: group:acme/team',
    ...(provides ? [`  providesApis: [${provides.join(', ')}]`] : []),
    ...(consumes ? [`  consumesApis: [${consumes.join(', ')}]`] : []),
    '',
  ].join('\n');

/** A contract with one GET operation per path given. */
const contract = (...paths: string[]) => ({
  openapi: '3.0.3',
  info: { title: 'api', version: '1' },
  paths: Object.fromEntries(paths.map((p) => [p, { get: { responses: { '200': { description: 'ok' } } } }])),
});

const session = useRegistry({ name: 'backstage-api-names', setup: [['environment', 'create', 'production']] });
const cli = (...args: string[]) => session.cli(...args);
const publishEntity = async (entity: Entity, version: string, paths?: string[]) => {
  const folder = join(session.dir, `${entity.name}-${version}`);
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, 'catalog-info.yaml'), catalogInfo(entity));
  const withContract = paths ? ['--contract', join(folder, 'openapi.json')] : [];
  if (paths) await writeFile(join(folder, 'openapi.json'), JSON.stringify(contract(...paths)));
  return cli('publish', '--manifest', join(folder, 'catalog-info.yaml'), '--version', version, ...withContract);
};
const { deploy, verdictOf } = gateSteps(cli, () => session.dir);

describe('Backstage API names resolved to the services providing them', () => {
  it("judges a consumer of users-api in users-service's gate, and users-service in the consumer's", async () => {
    const users = await publishEntity({ name: 'users-service', provides: ['api:users-api'] }, '1.0.0', ['/users', '/users/{id}']);
    expect(users.code, users.stderr).toBe(0);
    await deploy('users-service', '1.0.0');

    const web = await publishEntity({ name: 'checkout-web', consumes: ['api:users-api'] }, '1.0.0');
    expect(web.code, web.stderr).toBe(0);
    expect(web.stderr).not.toContain('warning:');
    expect(web.stdout).toContain('uses users-service (API users-api)');
    expect(await verdictOf('checkout-web', '1.0.0')).toMatchObject({ code: 0, errors: [] });
    await deploy('checkout-web', '1.0.0');

    // users-service 2.0.0 drops GET /users/{id}: checkout-web uses all of users-api, so it is refused.
    expect((await publishEntity({ name: 'users-service', provides: ['api:users-api'] }, '2.0.0', ['/users'])).code).toBe(0);
    const dropped = await verdictOf('users-service', '2.0.0');
    expect(dropped.code).toBe(1);
    expect(dropped.errors).toEqual([expect.objectContaining({ code: 'breaks-consumer', consumer: 'checkout-web', provider: 'users-service' })]);

    const usage = await cli('usage', '--service', 'checkout-web', '--format', 'json');
    expect(JSON.parse(usage.stdout).uses.map((u: { provider: string }) => u.provider)).toEqual(['users-service']);
  });

  it('resolves a consumer published before its provider claimed the API, and names an API nobody provides', async () => {
    const shop = await publishEntity({ name: 'shop-web', consumes: ['api:orders-api'] }, '1.0.0');
    expect(shop.code, shop.stderr).toBe(0);
    expect(shop.stderr).toContain(
      'warning: ' +
        `${join(session.dir, 'shop-web-1.0.0', 'catalog-info.yaml')}: shop-web consumes the API orders-api (spec.consumesApis), which no service in the registry provides`,
    );
    const unresolved = await verdictOf('shop-web', '1.0.0');
    expect(unresolved.code).toBe(1);
    expect(unresolved.errors).toHaveLength(1);
    expect(unresolved.errors[0].message).toBe(
      'shop-web 1.0.0 consumes the API orders-api (spec.consumesApis), which no service in the registry provides, and no service named orders-api is live in production: ' +
        "nothing judges what shop-web uses of it; publish the providing service's catalog-info.yaml with orders-api in spec.providesApis, " +
        "or name the providing service in shop-web's consumesApis",
    );
    await deploy('shop-web', '1.0.0');

    // orders-service claims orders-api: shop-web's published declaration now names it, both ways.
    expect((await publishEntity({ name: 'orders-service', provides: ['api:orders-api'] }, '1.0.0', ['/orders'])).code).toBe(0);
    await deploy('orders-service', '1.0.0');
    expect(await verdictOf('shop-web', '1.0.0')).toMatchObject({ code: 0, errors: [] });
    expect((await publishEntity({ name: 'orders-service', provides: ['api:orders-api'] }, '2.0.0', ['/carts'])).code).toBe(0);
    const dropped = await verdictOf('orders-service', '2.0.0');
    expect(dropped.errors).toEqual([expect.objectContaining({ code: 'breaks-consumer', consumer: 'shop-web' })]);
  });

  it('refuses a second service claiming an API another provides, saying which', async () => {
    const second = await publishEntity({ name: 'accounts-service', provides: ['api:users-api'] }, '1.0.0', ['/accounts']);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain('the API users-api is already provided by users-service (its spec.providesApis): an API names one service');
    // Nothing of the publication was written: not the version, not the service it described.
    const asked = await cli('can-i-deploy', '--service', 'accounts-service', '--version', '1.0.0', '--to', 'production');
    expect(asked.stdout).toContain('no service is named accounts-service');
  });

  it('refuses a new service going by the name of an API another service provides, saying whose, both ways', async () => {
    // Accepted, users-api would take the place of users-service in the gate of every consumer naming it either way.
    const named = await publishFolder(cli, session.dir, 'users-api', '1.0.0', { contract: contract('/users') });
    expect(named.code).toBe(2);
    expect(named.stderr).toContain(
      "the name users-api is an API users-service provides (its spec.providesApis), and consumers naming users-api mean users-service: register the service under another name, or publish users-service's entity without users-api first",
    );
    const asked = await cli('can-i-deploy', '--service', 'users-api', '--version', '1.0.0', '--to', 'production');
    expect(asked.stdout).toContain('no service is named users-api');
    // checkout-web, which consumes users-api, is still judged in users-service's gate.
    expect((await publishEntity({ name: 'users-service', provides: ['api:users-api'] }, '2.1.0', ['/users'])).code).toBe(0);
    expect((await verdictOf('users-service', '2.1.0')).errors).toEqual([expect.objectContaining({ code: 'breaks-consumer', consumer: 'checkout-web' })]);
  });
});
