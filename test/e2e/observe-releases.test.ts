// A consumer live only as a release (a mobile app in users' hands) that declares nothing and is seen calling in
// traces: the gate and the migrations must count it, as they count a deployed one, or a removal passes unseen; a
// caller live nowhere there, which the gate does not count, is named as such by `overseer usage`.

import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { publishUsersRemoval, useObserveSession } from './observe-session.js';

const session = useObserveSession('overseer-observe-release-');
const { cli, ok } = session;

beforeAll(async () => {
  const { dir } = session;
  await publishUsersRemoval(session, async () => {
    // 1.1.0 deprecates GET /users/{userId}: the step before removing it.
    const v1 = await readFile(join(dir, 'users.v1.yaml'), 'utf8');
    await writeFile(join(dir, 'users.v1.1.yaml'), v1.replace('operationId: getUser', 'operationId: getUser\n      deprecated: true'));
    await ok('publish', '--manifest', 'users.yaml', '--contract', 'users.v1.1.yaml', '--version', '1.1.0');
  });
  await writeFile(join(dir, 'mobile.yaml'), 'service: mobile-app\nowners: ["@acme/mobile"]\n');
  await ok('publish', '--manifest', 'mobile.yaml', '--version', '4.1.0');
  await ok('record-release', '--service', 'mobile-app', '--version', '4.1.0', '--env', 'production');
  await session.postCalls([
    { consumer: 'mobile-app', environment: 'production', provider: 'users-service', method: 'GET', url: 'https://users.internal/api/users/7' },
  ]);
});

describe('observed calls of a consumer live only as a release', () => {
  it('refuse removing the operation it calls, naming the release', async () => {
    const gate = await cli('can-i-deploy', '--service', 'users-service', '--version', '2.0.0', '--to', 'production', '--format', 'json');
    expect(gate.code, gate.stdout + gate.stderr).toBe(1);
    const reasons = JSON.parse(gate.stdout).reasons as { code: string; consumer?: string; consumerVersion?: string; basis?: string }[];
    expect(reasons).toContainEqual(expect.objectContaining({ code: 'breaks-consumer', consumer: 'mobile-app', consumerVersion: '4.1.0', basis: 'observed' }));
  });

  it('keep the deprecated operation in use in `overseer migrations`, not ready to remove', async () => {
    await ok('record-deployment', '--service', 'users-service', '--version', '1.1.0', '--env', 'production');
    const text = await ok('migrations', '--service', 'users-service', '--environment', 'production');
    expect(text.stdout).toContain('[production] GET /users/{userId} (the whole operation)');
    expect(text.stdout).toContain('still used by mobile-app');
    const json = JSON.parse((await ok('migrations', '--service', 'users-service', '--format', 'json')).stdout);
    expect(json.migrations).toEqual([
      expect.objectContaining({ environment: 'production', operation: 'GET /users/{userId}', users: ['mobile-app'], ready: false }),
    ]);
  });

  it('are listed by `overseer usage` as counted, while a caller live nowhere there is marked as not counted', async () => {
    const ghost = { consumer: 'ghost-app', environment: 'production', provider: 'users-service', method: 'GET', url: 'https://users.internal/api/users' };
    await session.postCalls([ghost]);
    const usage = await ok('usage', '--service', 'users-service', '--as-provider', '--environment', 'production');
    const lines = usage.stdout.split('\n');
    // ghost-app was never published: that is said rather than "not live", whose fix (record its deployment) cannot work.
    expect(lines).toContain('  ghost-app (not a registered service: publish it, or check service.name in its spans; the gate does not count these calls)');
    expect(lines).toContain('  mobile-app');
  });
});
