// A version both deployed and recorded as a supported release (record-release after record-deployment, as an app's
// team does once it ships the build it runs) is one consumer: it was listed twice, by consumers and by usage alike.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useRegistry } from '../e2e/registry-session.js';
import { USERS_IN_PRODUCTION, writeUsersService } from '../helpers/pact-file.js';

const session = useRegistry({
  name: 'consumers-release-deployed',
  inDir: true,
  before: async ({ dir }) => {
    await writeUsersService(dir);
    await writeFile(
      join(dir, 'web.yaml'),
      'service: web-app\nowners: ["@acme/web"]\nconsumes:\n  users-service:\n    - operation: getUser\n      response: [id]\n',
    );
  },
  setup: [
    ...USERS_IN_PRODUCTION,
    ['publish', '--manifest', 'web.yaml', '--version', '1.0.0'],
    ['record-deployment', '--service', 'web-app', '--version', '1.0.0', '--env', 'production'],
    ['record-release', '--service', 'web-app', '--version', '1.0.0', '--env', 'production'],
  ],
});

describe('a consumer version both deployed and released', () => {
  it('is listed once by overseer consumers', async () => {
    const listed = await session.cli('consumers', '--service', 'users-service', '--environment', 'production');
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toBe('Consumers of users-service (deployed in production):\n  web-app 1.0.0\n    GET /users/{id} [getUser] (response: id)\n');
  });

  it('is listed once by overseer usage --as-provider', async () => {
    const listed = await session.cli('usage', '--service', 'users-service', '--as-provider', '--environment', 'production', '--format', 'json');
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout).uses.map((u: { consumer: string }) => u.consumer)).toEqual(['web-app']);
  });
});
