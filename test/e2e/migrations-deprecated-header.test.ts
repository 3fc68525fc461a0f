// End to end: a deprecated response header is a deprecated part like a field. A consumer whose manifest reads it is
// listed as its user in migrations, the gate's refusal of its removal says it was deprecated first, and it is ready
// to remove once no consumer reads it.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt } from './cli-process.js';
import { gateSteps } from './gate-steps.js';
import { type RegistryHere, runCliHere, startRegistryHere } from './in-process.js';
import { publishFolder, type ServiceParts } from './service-folder.js';

let dir: string;
let registry: RegistryHere;
const cli = (...args: string[]) => runCliHere(args, { env: { OVERSEER_URL: registry.url, OVERSEER_RETRY_MS: '0' } });

function usersContract(version: string, header: 'kept' | 'deprecated' | 'removed') {
  const limit = { required: true, schema: { type: 'integer' }, ...(header === 'deprecated' && { deprecated: true, 'x-sunset': '2027-03-01' }) };
  const user = { type: 'object', properties: { id: { type: 'string' } } };
  // Named through a component, as a header several responses share is: the deprecation is where the component is written.
  const ok = {
    description: 'ok',
    content: { 'application/json': { schema: user } },
    ...(header !== 'removed' && { headers: { 'X-Rate-Limit': { $ref: '#/components/headers/RateLimit' } } }),
  };
  const get = { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { '200': ok } };
  return { openapi: '3.0.3', info: { title: 'users', version }, paths: { '/users/{id}': { get } }, components: { headers: { RateLimit: limit } } };
}

async function publish(service: string, version: string, parts: ServiceParts): Promise<void> {
  const published = await publishFolder(cli, dir, service, version, parts);
  expect(published.code, published.stderr).toBe(0);
}

const { deploy } = gateSteps(cli, () => dir);
const migrations = async () => {
  const listed = await cli('migrations', '--service', 'users-service', '--environment', 'production', '--format', 'json');
  expect(listed.code, listed.stderr).toBe(0);
  return JSON.parse(listed.stdout).migrations;
};
const canRemove = () => cli('can-i-deploy', '--service', 'users-service', '--version', '2.0.0', '--to', 'production');

beforeAll(async () => {
  assertBuilt();
  dir = await mkdtemp(join(tmpdir(), 'overseer-migrations-header-'));
  registry = await startRegistryHere(join(dir, 'registry.db'));
  await publish('users-service', '1.0.0', { contract: usersContract('1.0.0', 'kept') });
  await publish('users-service', '1.1.0', { contract: usersContract('1.1.0', 'deprecated') });
  await publish('users-service', '2.0.0', { contract: usersContract('2.0.0', 'removed') });
  // The header named in another case than the contract's: HTTP header names have none.
  await publish('admin-ui', '1.0.0', { consumes: '  users-service:\n    - operation: GET /users/{id}\n      response: [id, x-rate-limit]' });
  await publish('admin-ui', '1.1.0', { consumes: '  users-service:\n    - operation: GET /users/{id}\n      response: [id]' });
  await cli('environment', 'create', 'production');
  await deploy('users-service', '1.1.0');
});

afterAll(async () => {
  await registry?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('a deprecated response header a consumer reads', () => {
  it('is listed in migrations with that consumer, and the gate refuses its removal saying it is already deprecated', async () => {
    await deploy('admin-ui', '1.0.0');
    expect(await migrations()).toEqual([
      expect.objectContaining({
        operation: 'GET /users/{id}',
        header: 'X-Rate-Limit',
        deprecatedIn: '1.1.0',
        sunset: '2027-03-01',
        users: ['admin-ui'],
        ready: false,
      }),
    ]);
    const text = await cli('migrations', '--service', 'users-service', '--environment', 'production');
    expect(text.stdout).toContain('GET /users/{id}: response header X-Rate-Limit');
    const refused = await canRemove();
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/already deprecated in users-service 1\.1\.0 and admin-ui 1\.0\.0 still uses it/);
  });

  it('is ready once the consumer no longer reads it, and then the gate lets it go', async () => {
    await deploy('admin-ui', '1.1.0');
    expect(await migrations()).toEqual([expect.objectContaining({ header: 'X-Rate-Limit', users: [], ready: true })]);
    expect((await canRemove()).code).toBe(0);
  });
});
