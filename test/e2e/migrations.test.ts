// End to end: a deprecated response field tracked from "still used" to "ready to remove" through the registry and the
// CLI run in the test's process (test/e2e/in-process.ts), the removal the gate refused until then, and the
// deprecation.ready news in the outbox. `migrations --format markdown` runs through the built binary.

import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-process.js';
import { gateSteps } from './gate-steps.js';
import { useRegistryWithHooks } from './registry-with-hooks.js';
import { publishFolder, type ServiceParts } from './service-folder.js';

const session = useRegistryWithHooks('migrations', ['deprecation.ready']);
const { cli } = session;

function usersContract(version: string, email: 'kept' | 'deprecated' | 'removed') {
  const emailSchema = email === 'deprecated' ? { type: 'string', deprecated: true, 'x-sunset': '2027-01-01' } : { type: 'string' };
  const user = { type: 'object', required: ['id'], properties: { id: { type: 'string' }, ...(email !== 'removed' && { email: emailSchema }) } };
  const parameters = [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }];
  const responses = { '200': { description: 'a user', content: { 'application/json': { schema: user } } } };
  return { openapi: '3.0.3', info: { title: 'users', version }, paths: { '/users/{id}': { get: { parameters, responses } } } };
}

async function publish(service: string, version: string, parts: ServiceParts): Promise<void> {
  const published = await publishFolder(cli, session.dir, service, version, parts);
  expect(published.code, published.stderr).toBe(0);
}

const { deploy } = gateSteps(cli, () => session.dir);
const migrations = async () => {
  const listed = await cli('migrations', '--service', 'users-service', '--environment', 'production', '--format', 'json');
  expect(listed.code, listed.stderr).toBe(0);
  return JSON.parse(listed.stdout).migrations;
};

beforeAll(async () => {
  await publish('users-service', '1.0.0', { contract: usersContract('1.0.0', 'kept') });
  await publish('users-service', '1.1.0', { contract: usersContract('1.1.0', 'deprecated') });
  await publish('users-service', '2.0.0', { contract: usersContract('2.0.0', 'removed') });
  await publish('web-app', '1.0.0', { consumes: '  users-service:\n    - operation: GET /users/{id}\n      response: [id, email]' });
  await publish('web-app', '1.1.0', { consumes: '  users-service:\n    - operation: GET /users/{id}\n      response: [id]' });
  await cli('environment', 'create', 'production');
});

describe('a deprecated field on its way out', () => {
  it('says, in text and in markdown, that the service does not run in the environment asked about', async () => {
    const asked = ['migrations', '--service', 'users-service', '--environment', 'production'];
    const notDeployed =
      'users-service is not deployed in production: nothing of it runs there to migrate (it runs nowhere yet).\n' +
      'A part is listed once a version whose contract deprecates it is recorded deployed there.\n';
    expect(await cli(...asked)).toMatchObject({ code: 0, stdout: notDeployed });
    expect(await runCli([...asked, '--format', 'markdown'], { env: { OVERSEER_URL: session.registry.url } })).toMatchObject({ code: 0, stdout: notDeployed });
  });

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
    expect(JSON.parse((await cli('notifications', '--format', 'json')).stdout)).toEqual([]);
  });

  it('says the field is ready to remove once the consumer deployed there stops reading it, and the gate agrees', async () => {
    await deploy('web-app', '1.1.0');
    expect(await migrations()).toMatchObject([{ field: 'email', users: [], ready: true }]);
    const listed = await cli('notifications', '--format', 'json');
    expect(JSON.parse(listed.stdout)).toMatchObject([
      {
        event: 'deprecation.ready',
        channel: 'webhook',
        headline: 'GET /users/{id}: response field email of users-service is ready to remove in production: no consumer there uses it any more',
      },
    ]);
    const [delivered] = await session.hooks.waitFor(1);
    expect(JSON.parse(delivered.body)).toMatchObject({
      type: 'deprecation.ready',
      service: 'users-service',
      version: '1.1.0',
      environment: 'production',
      migration: { operation: 'GET /users/{id}', field: 'email', side: 'response', deprecatedIn: '1.1.0', sunset: '2027-01-01', formerUsers: ['web-app'] },
      url: expect.stringMatching(/\/services\/users-service\/migrations\?environment=production$/),
    });
    expect((await cli('can-i-deploy', '--service', 'users-service', '--version', '2.0.0', '--to', 'production')).code).toBe(0);
  });

  it('announces it again only when the field was used again and freed again', async () => {
    const ready = async () =>
      JSON.parse((await cli('notifications', '--format', 'json')).stdout).filter((n: { event: string }) => n.event === 'deprecation.ready');
    await deploy('web-app', '1.0.0');
    expect(await migrations()).toMatchObject([{ field: 'email', users: ['web-app'], ready: false }]);
    expect(await ready()).toHaveLength(1);
    await deploy('web-app', '1.1.0');
    const twice = await ready();
    expect(twice).toHaveLength(2);
    expect(new Set(twice.map((n: { key: string }) => n.key)).size).toBe(2);
  });
});
