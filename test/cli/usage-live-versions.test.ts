// Two versions of a consumer live at once (two releases of an app in users' hands, a rollout) that declare the same use
// are one consumer of it: `overseer usage` listed the use once per version, and the calls seen went to the first line
// alone, so one operation read "declared, observed 1x" and "declared, never observed" at once.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useRegistry } from '../e2e/registry-session.js';
import { waitForCaller } from '../e2e/usage-wait.js';
import { traceExport } from '../helpers/otlp.js';
import { USERS_IN_PRODUCTION, writeUsersService } from '../helpers/pact-file.js';

const session = useRegistry({
  name: 'usage-live-versions',
  inDir: true,
  serveEnv: { OVERSEER_USAGE_FLUSH_MS: '100' },
  before: async ({ dir }) => {
    await writeUsersService(dir);
    await writeFile(join(dir, 'app.yaml'), 'service: mobile-app\nowners: ["@acme/mobile"]\nconsumes:\n  users-service:\n    - GET /users/{id}\n');
  },
  setup: [
    ...USERS_IN_PRODUCTION,
    ['publish', '--manifest', 'app.yaml', '--version', '4.1.0'],
    ['publish', '--manifest', 'app.yaml', '--version', '4.2.0'],
    ['record-release', '--service', 'mobile-app', '--version', '4.1.0', '--env', 'production'],
    ['record-release', '--service', 'mobile-app', '--version', '4.2.0', '--env', 'production'],
  ],
});

describe('a use declared by two live versions of a consumer, seen called by one', () => {
  it('is one line of overseer usage, with the calls seen', async () => {
    const call = {
      consumer: 'mobile-app',
      consumerVersion: '4.2.0',
      environment: 'production',
      provider: 'users-service',
      method: 'GET',
      url: 'http://users/users/7',
    };
    const posted = await fetch(`${session.registry.url}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(traceExport([call])),
    });
    expect(await posted.json()).toEqual({ partialSuccess: {} });
    await waitForCaller(session.registry.url, 'users-service', 'mobile-app', 'production');

    const own = await session.cli('usage', '--service', 'mobile-app', '--environment', 'production');
    expect(own.code, own.stderr).toBe(0);
    expect(own.stdout).toMatch(/^What mobile-app uses in production:\n {2}users-service\n {4}GET \/users\/\{id\}: declared, observed 1x, last \S+\n$/);

    const theirs = await session.cli('usage', '--service', 'users-service', '--as-provider', '--environment', 'production', '--format', 'json');
    expect(theirs.code, theirs.stderr).toBe(0);
    expect(JSON.parse(theirs.stdout).uses).toMatchObject([{ consumer: 'mobile-app', operation: 'GET /users/{id}', declared: true, observed: { count: 1 } }]);
  });
});
