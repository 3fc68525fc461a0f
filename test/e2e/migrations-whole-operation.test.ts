// End to end: a consumer that declares an operation without field lists uses all of it, at the gate and in
// migrations alike, so a deprecated field is never called ready to remove while the gate still refuses its removal.

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

function usersContract(version: string, nickname: 'kept' | 'deprecated' | 'removed') {
  const nick = nickname === 'deprecated' ? { type: 'string', deprecated: true } : { type: 'string' };
  const user = { type: 'object', properties: { id: { type: 'string' }, ...(nickname !== 'removed' && { nickname: nick }) } };
  const body = { content: { 'application/json': { schema: user } } };
  const post = { requestBody: body, responses: { '201': { description: 'created', ...body } } };
  return { openapi: '3.0.3', info: { title: 'users', version }, paths: { '/users': { post } } };
}

async function publish(service: string, version: string, parts: ServiceParts): Promise<void> {
  const published = await publishFolder(cli, dir, service, version, parts);
  expect(published.code, published.stderr).toBe(0);
}

const { deploy } = gateSteps(cli, () => dir);
const nickname = async () => {
  const listed = await cli('migrations', '--service', 'users-service', '--environment', 'production', '--format', 'json');
  expect(listed.code, listed.stderr).toBe(0);
  return JSON.parse(listed.stdout).migrations.filter((m: { field?: string }) => m.field === 'nickname');
};
const canRemove = () => cli('can-i-deploy', '--service', 'users-service', '--version', '2.0.0', '--to', 'production');

beforeAll(async () => {
  assertBuilt();
  dir = await mkdtemp(join(tmpdir(), 'overseer-migrations-whole-'));
  registry = await startRegistryHere(join(dir, 'registry.db'));
  await publish('users-service', '1.0.0', { contract: usersContract('1.0.0', 'kept') });
  await publish('users-service', '1.1.0', { contract: usersContract('1.1.0', 'deprecated') });
  await publish('users-service', '2.0.0', { contract: usersContract('2.0.0', 'removed') });
  await publish('admin-ui', '1.0.0', { consumes: '  users-service:\n    - operation: POST /users' });
  await publish('admin-ui', '1.1.0', { consumes: '  users-service:\n    - operation: POST /users\n      request: [id]\n      response: [id]' });
  await cli('environment', 'create', 'production');
  await deploy('users-service', '1.1.0');
});

afterAll(async () => {
  await registry?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('a deprecated field of an operation a consumer declares whole', () => {
  it('is in use by that consumer, and the gate refuses its removal saying it is already deprecated', async () => {
    await deploy('admin-ui', '1.0.0');
    expect(await nickname()).toMatchObject([
      { side: 'request', users: ['admin-ui'], ready: false },
      { side: 'response', users: ['admin-ui'], ready: false },
    ]);
    const refused = await canRemove();
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/already deprecated in users-service 1\.1\.0 and admin-ui 1\.0\.0 still uses it/);
  });

  it('is ready once the consumer names the fields it uses and leaves it out, and then the gate lets it go', async () => {
    await deploy('admin-ui', '1.1.0');
    expect(await nickname()).toMatchObject([
      { side: 'request', users: [], ready: true },
      { side: 'response', users: [], ready: true },
    ]);
    expect((await canRemove()).code).toBe(0);
  });
});
