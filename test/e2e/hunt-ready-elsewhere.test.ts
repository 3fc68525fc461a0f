// "Ready to remove in production" is true of production alone. When the last consumer there moves off a deprecated
// field while it still reads the field in staging, where the same provider version runs, the notice must say so: the
// provider's owners who remove the field on that word have their next version refused in staging. Through the CLI and
// the registry's outbox, read with `overseer notifications`.

import { beforeAll, describe, expect, it } from 'vitest';
import { useRegistryWithHooks } from './registry-with-hooks.js';
import { publishFolder } from './service-folder.js';

const session = useRegistryWithHooks('hunt-ready', ['deprecation.ready']);
const { cli, run } = session;

const users = {
  openapi: '3.0.3',
  info: { title: 'users', version: '1.1.0' },
  paths: {
    '/users/{id}': {
      get: {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          '200': {
            description: 'a user',
            content: {
              'application/json': { schema: { type: 'object', properties: { id: { type: 'string' }, email: { type: 'string', deprecated: true } } } },
            },
          },
        },
      },
    },
  },
};

const deploy = (service: string, version: string, environment: string) =>
  run('record-deployment', '--service', service, '--version', version, '--env', environment);

beforeAll(async () => {
  for (const [service, version, parts] of [
    ['users-service', '1.1.0', { contract: users }],
    ['web-app', '1.0.0', { consumes: '  users-service:\n    - operation: GET /users/{id}\n      response: [id, email]' }],
    ['web-app', '1.1.0', { consumes: '  users-service:\n    - operation: GET /users/{id}\n      response: [id]' }],
  ] as const) {
    const published = await publishFolder(cli, session.dir, service, version, parts);
    expect(published.code, published.stderr).toBe(0);
  }
  for (const environment of ['production', 'staging']) {
    await run('environment', 'create', environment);
    await deploy('users-service', '1.1.0', environment);
    await deploy('web-app', '1.0.0', environment);
  }
});

describe('a deprecated field ready to remove in one environment, still read in another', () => {
  it('says in the ready notice who still uses it elsewhere', async () => {
    await deploy('web-app', '1.1.0', 'production');
    const listed = JSON.parse((await cli('notifications', '--format', 'json')).stdout);
    expect(listed.map((n: { headline: string }) => n.headline)).toEqual([
      'GET /users/{id}: response field email of users-service is ready to remove in production: no consumer there uses it any more; still used in staging by web-app',
    ]);
    const [delivered] = await session.hooks.waitFor(1);
    expect(JSON.parse(delivered.body).migration).toMatchObject({ formerUsers: ['web-app'], usedElsewhere: [{ environment: 'staging', users: ['web-app'] }] });
  });
});
