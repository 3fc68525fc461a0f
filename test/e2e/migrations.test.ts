// End to end: a deprecated response field tracked from "still used" to "ready to remove" through the real registry
// process and the built CLI, and the removal the gate refused until then.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, type RunningRegistry, runCli, startRegistry } from './cli-process.js';
import { publishFolder, type ServiceParts } from './service-folder.js';

let dir: string;
let registry: RunningRegistry;
const cli = (...args: string[]) => runCli(args, { env: { OVERSEER_URL: registry.url, OVERSEER_RETRY_MS: '0' } });

function usersContract(version: string, email: 'kept' | 'deprecated' | 'removed') {
  const emailSchema = email === 'deprecated' ? { type: 'string', deprecated: true, 'x-sunset': '2027-01-01' } : { type: 'string' };
  const user = { type: 'object', required: ['id'], properties: { id: { type: 'string' }, ...(email !== 'removed' && { email: emailSchema }) } };
  const parameters = [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }];
  const responses = { '200': { description: 'a user', content: { 'application/json': { schema: user } } } };
  return { openapi: '3.0.3', info: { title: 'users', version }, paths: { '/users/{id}': { get: { parameters, responses } } } };
}

async function publish(service: string, version: string, parts: ServiceParts): Promise<void> {
  const published = await publishFolder(cli, dir, service, version, parts);
  expect(published.code, published.stderr).toBe(0);
}

const deploy = async (service: string, version: string) =>
  expect((await cli('record-deployment', '--service', service, '--version', version, '--env', 'production')).code).toBe(0);
const migrations = async () => {
  const listed = await cli('migrations', '--service', 'users-service', '--environment', 'production', '--format', 'json');
  expect(listed.code, listed.stderr).toBe(0);
  return JSON.parse(listed.stdout).migrations;
};

beforeAll(async () => {
  assertBuilt();
  dir = await mkdtemp(join(tmpdir(), 'overseer-migrations-'));
  registry = await startRegistry(join(dir, 'registry.db'));
  await publish('users-service', '1.0.0', { contract: usersContract('1.0.0', 'kept') });
  await publish('users-service', '1.1.0', { contract: usersContract('1.1.0', 'deprecated') });
  await publish('users-service', '2.0.0', { contract: usersContract('2.0.0', 'removed') });
  await publish('web-app', '1.0.0', { consumes: '  users-service:\n    - operation: GET /users/{id}\n      response: [id, email]' });
  await publish('web-app', '1.1.0', { consumes: '  users-service:\n    - operation: GET /users/{id}\n      response: [id]' });
  await cli('environment', 'create', 'production');
});

afterAll(async () => {
  if (registry?.child.exitCode === null) await registry.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('a deprecated field on its way out', () => {
  it('lists the field with the consumer still reading it, and the gate refuses its removal', async () => {
    await deploy('users-service', '1.1.0');
    await deploy('web-app', '1.0.0');
    expect(await migrations()).toEqual([
      {
        environment: 'production',
        operation: 'GET /users/{id}',
        field: 'email',
        side: 'response',
        deprecatedIn: '1.1.0',
        sunset: '2027-01-01',
        users: ['web-app'],
        ready: false,
      },
    ]);
    const text = await cli('migrations', '--service', 'users-service');
    expect(text.stdout).toBe(
      'Migrations of users-service:\n  [production] GET /users/{id}: response field email\n    deprecated since 1.1.0, sunset 2027-01-01; still used by web-app\n',
    );
    const refused = await cli('can-i-deploy', '--service', 'users-service', '--version', '2.0.0', '--to', 'production');
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/already deprecated in users-service 1\.1\.0 and web-app 1\.0\.0 still uses it/);
  });

  it('says the field is ready to remove once the consumer deployed there stops reading it, and the gate agrees', async () => {
    await deploy('web-app', '1.1.0');
    expect(await migrations()).toMatchObject([{ field: 'email', users: [], ready: true }]);
    expect((await cli('can-i-deploy', '--service', 'users-service', '--version', '2.0.0', '--to', 'production')).code).toBe(0);
  });
});
