// A provider announces a migration by deprecating a part in a new version's contract. Published but not yet recorded
// deployed, the version is not what runs anywhere, so `overseer migrations` lists nothing: the empty answer now says
// that a part is listed once such a version is recorded deployed, rather than leaving the announcement looking lost.

import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../e2e/cli-process.js';
import { useRegistry } from '../e2e/registry-session.js';

const session = useRegistry({
  name: 'migrations-not-deployed',
  inDir: true,
  before: async ({ dir }) => {
    const contract = await readFile(join(REPO_ROOT, 'examples/users-service/openapi.yaml'), 'utf8');
    await writeFile(join(dir, 'users.v1.yaml'), contract);
    await writeFile(
      join(dir, 'users.v1.1.yaml'),
      contract.replace('      operationId: createUser\n', '      operationId: createUser\n      deprecated: true\n'),
    );
    await writeFile(join(dir, 'users.yaml'), 'service: users-service\nowners: ["@acme/identity"]\nprovides: ./users.v1.yaml\n');
  },
  setup: [
    ['environment', 'create', 'production'],
    ['environment', 'create', 'staging'],
    ['publish', '--manifest', 'users.yaml', '--version', '1.0.0'],
    ['record-deployment', '--service', 'users-service', '--version', '1.0.0', '--env', 'production'],
    ['publish', '--manifest', 'users.yaml', '--contract', 'users.v1.1.yaml', '--version', '1.1.0'],
  ],
});

const HINT = 'A part is listed once a version whose contract deprecates it is recorded deployed: publishing it is not enough.\n';

describe('a deprecation published but not deployed', () => {
  it('is not listed, and the answer says when it will be', async () => {
    const everywhere = await session.cli('migrations', '--service', 'users-service');
    expect(everywhere).toMatchObject({ code: 0, stderr: '', stdout: `No deprecated part of users-service is deployed anywhere.\n${HINT}` });
    const production = await session.cli('migrations', '--service', 'users-service', '--environment', 'production');
    expect(production.stdout).toBe(`No deprecated part of users-service is deployed in production.\n${HINT}`);
    // Markdown (a job summary) says the same: it named no part and gave no hint of when one would be listed.
    const markdown = await session.cli('migrations', '--service', 'users-service', '--environment', 'production', '--format', 'markdown');
    expect(markdown).toMatchObject({ code: 0, stdout: `No deprecated part of \`users-service\` is deployed in production.\n\n${HINT}` });
  });

  it('in an environment the service does not run in, says so rather than "no deprecated part"', async () => {
    const staging = await session.cli('migrations', '--service', 'users-service', '--environment', 'staging');
    expect(staging).toMatchObject({
      code: 0,
      stdout:
        'users-service is not deployed in staging: nothing of it runs there to migrate (it runs in production).\n' +
        'A part is listed once a version whose contract deprecates it is recorded deployed there.\n',
    });
  });

  it('is listed once the version is recorded deployed', async () => {
    expect((await session.cli('record-deployment', '--service', 'users-service', '--version', '1.1.0', '--env', 'production')).code).toBe(0);
    const r = await session.cli('migrations', '--service', 'users-service');
    expect(r.stdout).toBe(
      'Migrations of users-service:\n  [production] POST /users (the whole operation)\n    deprecated since 1.1.0; ready to remove: no consumer there uses it\n',
    );
  });
});
