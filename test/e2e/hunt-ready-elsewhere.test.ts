// "Ready to remove in production" is true of production alone. When the last consumer there moves off a deprecated
// field while it still reads the field in staging, where the same provider version runs, the notice must say so: the
// provider's owners who remove the field on that word have their next version refused in staging. Through the CLI and
// the registry's outbox, read with `overseer notifications`.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebhookReceiver } from '../helpers/webhook-receiver.js';
import { assertBuilt } from './cli-process.js';
import { type RegistryHere, runCliHere } from './in-process.js';
import { startRegistryWithHooks } from './registry-with-hooks.js';
import { publishFolder } from './service-folder.js';

let dir: string;
let registry: RegistryHere;
let hooks: WebhookReceiver;
const cli = (...args: string[]) => runCliHere(args, { env: { OVERSEER_URL: registry.url, OVERSEER_RETRY_MS: '0' } });

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

async function run(...args: string[]) {
  const done = await cli(...args);
  expect(done.code, `${args.join(' ')}: ${done.stderr}`).toBe(0);
}
const deploy = (service: string, version: string, environment: string) =>
  run('record-deployment', '--service', service, '--version', version, '--env', environment);

beforeAll(async () => {
  assertBuilt();
  dir = await mkdtemp(join(tmpdir(), 'overseer-hunt-ready-'));
  ({ registry, hooks } = await startRegistryWithHooks(join(dir, 'registry.db'), ['deprecation.ready']));
  for (const [service, version, parts] of [
    ['users-service', '1.1.0', { contract: users }],
    ['web-app', '1.0.0', { consumes: '  users-service:\n    - operation: GET /users/{id}\n      response: [id, email]' }],
    ['web-app', '1.1.0', { consumes: '  users-service:\n    - operation: GET /users/{id}\n      response: [id]' }],
  ] as const) {
    const published = await publishFolder(cli, dir, service, version, parts);
    expect(published.code, published.stderr).toBe(0);
  }
  for (const environment of ['production', 'staging']) {
    await run('environment', 'create', environment);
    await deploy('users-service', '1.1.0', environment);
    await deploy('web-app', '1.0.0', environment);
  }
});

afterAll(async () => {
  await registry?.stop();
  await hooks?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('a deprecated field ready to remove in one environment, still read in another', () => {
  it('says in the ready notice who still uses it elsewhere', async () => {
    await deploy('web-app', '1.1.0', 'production');
    const listed = JSON.parse((await cli('notifications', '--format', 'json')).stdout);
    expect(listed.map((n: { headline: string }) => n.headline)).toEqual([
      'GET /users/{id}: response field email of users-service is ready to remove in production: no consumer there uses it any more; still used in staging by web-app',
    ]);
    const [delivered] = await hooks.waitFor(1);
    expect(JSON.parse(delivered.body).migration).toMatchObject({ formerUsers: ['web-app'], usedElsewhere: [{ environment: 'staging', users: ['web-app'] }] });
  });
});
