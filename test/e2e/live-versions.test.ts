// End to end: several versions live at once in one environment, through the registry and the CLI run in the test's
// process (test/e2e/in-process.ts), the rolling deployment through the built binary.
// A rolling deploy keeps the old version answering; released app versions stay supported until their support ends.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from './cli-process.js';
import { type RegistryHere, runCliHere, startRegistryHere } from './in-process.js';
import { publishFolder, type ServiceParts } from './service-folder.js';

let dir: string;
let registry: RegistryHere;
const cli = (...args: string[]) => runCliHere(args, { env: { OVERSEER_URL: registry.url, OVERSEER_RETRY_MS: '0' } });

const user = { type: 'object', required: ['id'], properties: { id: { type: 'string' }, email: { type: 'string' } } };
function usersContract(version: string, options: { avatar?: boolean; email?: boolean } = {}) {
  const schema = options.email === false ? { ...user, properties: { id: user.properties.id } } : user;
  const get = (summary: string, body?: object) => ({
    get: {
      summary,
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      responses: { '200': { description: 'ok', ...(body && { content: { 'application/json': { schema: body } } }) } },
    },
  });
  return {
    openapi: '3.0.3',
    info: { title: 'users', version },
    paths: { '/users/{id}': get('a user', schema), ...(options.avatar && { '/users/{id}/avatar': get('the avatar') }) },
  };
}

async function publish(service: string, version: string, parts: ServiceParts): Promise<void> {
  const published = await publishFolder(cli, dir, service, version, parts);
  expect(published.code, published.stderr).toBe(0);
}

beforeAll(async () => {
  assertBuilt();
  dir = await mkdtemp(join(tmpdir(), 'overseer-live-'));
  registry = await startRegistryHere(join(dir, 'registry.db'));
  await publish('users-service', '1.0.0', { contract: usersContract('1.0.0') });
  await publish('users-service', '2.0.0', { contract: usersContract('2.0.0', { avatar: true }) });
  await publish('users-service', '3.0.0', { contract: usersContract('3.0.0', { avatar: true, email: false }) });
  await publish('web-app', '5.0.0', { consumes: '  users-service:\n    - GET /users/{id}/avatar' });
  await publish('mobile-app', '4.1.0', { consumes: '  users-service:\n    - operation: GET /users/{id}\n      response: [id, email]' });
  await publish('mobile-app', '4.3.0', { consumes: '  users-service:\n    - operation: GET /users/{id}\n      response: [id]' });
  await cli('environment', 'create', 'production');
});

afterAll(async () => {
  await registry?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('several versions live at once', () => {
  it('refuses a consumer that needs what only the rolling version offers, naming the old one, until the old one ends', async () => {
    expect((await cli('record-deployment', '--service', 'users-service', '--version', '1.0.0', '--env', 'production')).code).toBe(0);
    const rolling = await runCli(['record-deployment', '--service', 'users-service', '--version', '2.0.0', '--env', 'production', '--rolling'], {
      env: { OVERSEER_URL: registry.url },
    });
    expect(rolling).toMatchObject({ code: 0, stdout: 'recorded: users-service 2.0.0 in production (rolling, beside the versions already live)\n' });

    const listed = await cli('can-i-deploy', '--service', 'web-app', '--version', '5.0.0', '--to', 'production');
    expect(listed.code).toBe(1);
    expect(listed.stdout).toMatch(/users-service 1\.0\.0 is live there beside users-service 2\.0\.0 \(rolling\)/);

    const ended = await cli('record-undeployment', '--service', 'users-service', '--version', '1.0.0', '--env', 'production');
    expect(ended).toMatchObject({ code: 0, stdout: 'no longer live: users-service 1.0.0 in production\n' });
    expect((await cli('can-i-deploy', '--service', 'web-app', '--version', '5.0.0', '--to', 'production')).code).toBe(0);

    const again = await cli('record-undeployment', '--service', 'users-service', '--version', '1.0.0', '--env', 'production');
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/users-service 1\.0\.0 is not deployed in production/);
  });

  it('lists every live version with how it is live', async () => {
    await cli('record-release', '--service', 'mobile-app', '--version', '4.1.0', '--env', 'production');
    await cli('record-release', '--service', 'mobile-app', '--version', '4.3.0', '--env', 'production');
    const response = await fetch(`${registry.url}/v1/environments/production/deployments`);
    const { deployments } = (await response.json()) as { deployments: { service: string; version: string; live: string }[] };
    expect(deployments.map((d) => `${d.service} ${d.version} ${d.live}`)).toEqual([
      'mobile-app 4.1.0 released',
      'mobile-app 4.3.0 released',
      'users-service 2.0.0 rolling',
    ]);
  });

  it('refuses a provider change that breaks a supported release until its support ends', async () => {
    const refused = await cli('can-i-deploy', '--service', 'users-service', '--version', '3.0.0', '--to', 'production');
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/would break mobile-app 4\.1\.0 \(a supported release\)/);
    expect(refused.stdout).not.toMatch(/mobile-app 4\.3\.0/);

    const ended = await cli('record-support-ended', '--service', 'mobile-app', '--version', '4.1.0', '--env', 'production');
    expect(ended).toMatchObject({ code: 0, stdout: 'support ended: mobile-app 4.1.0 in production\n' });
    const allowed = await cli('can-i-deploy', '--service', 'users-service', '--version', '3.0.0', '--to', 'production');
    expect(allowed.code, allowed.stdout).toBe(0);
  });
});
