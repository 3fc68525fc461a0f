// A consumer live in the environment whose manifest misspells its provider (`user-service` under consumes, for
// users-service) was judged by nobody: publish warned of the name, the consumer's own can-i-deploy was refused, but once
// it ran there anyway, users-service's can-i-deploy said "nothing deployed there is affected" to a version removing what
// it calls. Such a consumer now counts as one of the service its name is nearest, and the reason says why.

import { describe, expect, it } from 'vitest';
import { gateStepsOf } from './gate-steps.js';
import { useRegistry } from './registry-session.js';

const ok = { responses: { '200': { description: 'ok' } } };
const contract = (paths: Record<string, unknown>) => ({ openapi: '3.0.3', info: { title: 'users', version: '1' }, paths });

const session = useRegistry({ name: 'gate-misspelled-provider', setup: [['environment', 'create', 'production']] });
const { publish, deploy, verdictOf } = gateStepsOf(session);

describe('a consumer that misspells its provider in its manifest', () => {
  it("is judged as the provider's consumer: a removal of what it calls is refused, naming the name it wrote", async () => {
    await publish('users-service', '1.0.0', { contract: contract({ '/users': { get: ok }, '/users/{id}': { get: ok } }) });
    await deploy('users-service', '1.0.0');
    await publish('typo-web', '1.0.0', { consumes: '  user-service:\n    - GET /users/{id}' });
    await deploy('typo-web', '1.0.0');
    // A service nobody's name is near is no one's consumer: only the misspelling is taken.
    await publish('other-web', '1.0.0', { consumes: '  payments-gateway:\n    - GET /users/{id}' });
    await deploy('other-web', '1.0.0');

    await publish('users-service', '2.0.0', { contract: contract({ '/users': { get: ok } }) });
    const refused = await verdictOf('users-service', '2.0.0');
    expect(refused.code, JSON.stringify(refused.verdict)).toBe(1);
    // As for a consumer that names it right: the change that breaks it, and the operation it calls that is gone.
    expect(refused.errors.map((r) => [r.code, r.consumer])).toEqual([
      ['breaks-consumer', 'typo-web'],
      ['operation-missing', 'typo-web'],
    ]);
    expect(refused.errors[1]!.message).toMatch(/typo-web declares this use under user-service, which no service is named/);
    expect(refused.errors[0]!.message).toMatch(
      /^users-service 2\.0\.0 would break typo-web 1\.0\.0: GET \/users\/\{id\}: .* \(typo-web declares this use under user-service, which no service is named: taken as users-service, the name nearest; correct its manifest\)$/,
    );

    // What it does not call stays deployable.
    await publish('users-service', '2.1.0', { contract: contract({ '/users/{id}': { get: ok } }) });
    expect((await verdictOf('users-service', '2.1.0')).code).toBe(0);

    // Once a service of that name is registered, the declaration is right, and it is no consumer of users-service.
    expect((await session.cli('publish', '--manifest', await writeManifest('user-service'), '--version', '1.0.0')).code).toBe(0);
    expect((await verdictOf('users-service', '2.0.0')).code).toBe(0);
  });
});

describe('a deprecated operation that a consumer misspelling its provider calls', () => {
  it('is not ready to remove while the gate refuses its removal because of that consumer', async () => {
    const items = { get: { ...ok, deprecated: true } };
    await publish('inventory-service', '1.1.0', { contract: contract({ '/items': items, '/items/{id}': { get: ok } }) });
    await deploy('inventory-service', '1.1.0');
    await publish('stock-web', '1.0.0', { consumes: '  inventry-service:\n    - GET /items' });
    await deploy('stock-web', '1.0.0');

    await publish('inventory-service', '1.2.0', { contract: contract({ '/items/{id}': { get: ok } }) });
    const refused = await verdictOf('inventory-service', '1.2.0');
    expect(refused.errors.map((r) => [r.code, r.consumer])).toContainEqual(['breaks-consumer', 'stock-web']);
    // The refusal sends its reader to the migrations: they must name the consumer it names, not call the part ready.
    expect(refused.errors[0]!.message).toMatch(/\(overseer migrations --service inventory-service\)/);
    const listed = await session.cli('migrations', '--service', 'inventory-service', '--environment', 'production', '--format', 'json');
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout).migrations).toMatchObject([{ operation: 'GET /items', users: ['stock-web'], ready: false }]);
  });
});

async function writeManifest(service: string): Promise<string> {
  const { writeFile } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const file = join(session.dir, `${service}.yaml`);
  await writeFile(file, `service: ${service}\nowners: ["@acme/${service}"]\n`);
  return file;
}
