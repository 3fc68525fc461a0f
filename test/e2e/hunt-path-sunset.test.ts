// An `x-sunset` written once on a path item stands for its operations, for every reader. Migrations, the sunset
// warnings and the removal rule already read it there; the deprecation rules read only the operation's own, so `diff`
// said "deprecated" with no date, and a version dropping the path's sunset while the operation stayed deprecated
// (the consumers' date gone) was no change at all: the gate let it through. Through the CLI and a real registry.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateStepsOf } from './gate-steps.js';
import { useRegistry } from './registry-session.js';

const SUNSET = '2099-01-31';
const users = (pathSunset: boolean) => ({
  openapi: '3.0.3',
  info: { title: 'users', version: '1' },
  paths: {
    '/users/{id}': {
      ...(pathSunset && { 'x-sunset': SUNSET }),
      get: {
        deprecated: true,
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'ok' } },
      },
    },
  },
});
const undeprecated = {
  ...users(false),
  paths: { '/users/{id}': { get: { ...users(false).paths['/users/{id}'].get, deprecated: false } } },
};

const session = useRegistry({ name: 'hunt-path-sunset', setup: [['environment', 'create', 'production']] });
const { publish, deploy, verdictOf } = gateStepsOf(session);

describe("a path item's x-sunset", () => {
  it('is the date diff reports when the operation is deprecated', async () => {
    const base = join(session.dir, 'base.json');
    const revision = join(session.dir, 'revision.json');
    await writeFile(base, JSON.stringify(undeprecated));
    await writeFile(revision, JSON.stringify(users(true)));
    const done = await session.cli('diff', base, revision, '--format', 'json');
    expect(done.code, done.stderr).toBe(0);
    expect(JSON.parse(done.stdout).changes.map((c: { id: string; message: string }) => [c.id, c.message])).toEqual([
      ['endpoint-deprecated-with-sunset', `GET /users/{id} was deprecated (sunset ${SUNSET})`],
    ]);
  });

  it('dropped while the operation stays deprecated refuses the deploy for its consumers', async () => {
    await publish('users-service', '1.0.0', { contract: users(true) });
    await publish('users-service', '1.1.0', { contract: users(false) });
    await publish('web-app', '1.0.0', { consumes: '  users-service:\n    - GET /users/{id}' });
    await deploy('users-service', '1.0.0');
    await deploy('web-app', '1.0.0');
    const asked = await verdictOf('users-service', '1.1.0');
    expect(asked.code).toBe(1);
    expect(JSON.stringify(asked.errors)).toContain(`its sunset date ${SUNSET} was dropped`);
    expect(asked.errors.map((r) => [r.code, r.consumer])).toEqual([['breaks-consumer', 'web-app']]);
  });
});
