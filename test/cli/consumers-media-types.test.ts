// A use read from a Pact file counts only in the media types it was sent and read in: `overseer consumers` says so,
// or the reader takes a JSON-only use for one of the whole operation's every body.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useRegistry } from '../e2e/registry-session.js';
import { USERS_IN_PRODUCTION, writeUsersService } from '../helpers/pact-file.js';

function pactOf(consumer: string, headers: Record<string, string>): string {
  return JSON.stringify({
    consumer: { name: consumer },
    provider: { name: 'users-service' },
    interactions: [{ description: 'a user', request: { method: 'GET', path: '/users/7' }, response: { status: 200, headers, body: { id: '7' } } }],
    metadata: { pactSpecification: { version: '2.0.0' } },
  });
}

const session = useRegistry({
  name: 'consumers-media-types',
  inDir: true,
  before: async ({ dir }) => {
    await writeUsersService(dir);
    await writeFile(join(dir, 'hal.json'), pactOf('hal-app', { 'Content-Type': 'application/hal+json' }));
    await writeFile(join(dir, 'any.json'), pactOf('any-app', {}));
  },
  setup: [...USERS_IN_PRODUCTION, ['publish', '--pact', 'hal.json', '--version', '1.0.0'], ['publish', '--pact', 'any.json', '--version', '1.0.0']],
});

describe('overseer consumers with a use read from a Pact file', () => {
  it('names the media types a use is read in, and nothing where the Pact said none', async () => {
    const listed = await session.cli('consumers', '--service', 'users-service');
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toBe(
      'Consumers of users-service (latest versions):\n' +
        '  any-app 1.0.0\n' +
        '    GET /users/{id} [getUser] (response: id)\n' +
        '  hal-app 1.0.0\n' +
        '    GET /users/{id} [getUser] (response: id; read as application/hal+json)\n',
    );
  });

  it('says the same in markdown', async () => {
    const listed = await session.cli('consumers', '--service', 'users-service', '--format', 'markdown');
    expect(listed.stdout).toContain('| hal-app | 1.0.0 | GET /users/{id} [getUser] (response: id; read as application/hal+json) |');
  });
});
