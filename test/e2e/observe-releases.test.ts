// A consumer live only as a release (a mobile app in users' hands) that declares nothing and is seen calling in
// traces: the gate and the migrations must count it, as they count a deployed one, or a removal passes unseen; a
// caller live nowhere there, which the gate does not count, is named as such by `overseer usage`.

import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traceExport } from '../helpers/otlp.js';
import { assertBuilt, REPO_ROOT } from './cli-process.js';
import { type RegistryHere, runCliHere, startRegistryHere } from './in-process.js';

let dir: string;
let registry: RegistryHere;
const cli = (...args: string[]) => runCliHere(args, { env: { OVERSEER_URL: registry.url, OVERSEER_RETRY_MS: '500' }, cwd: dir });
const ok = async (...args: string[]) => {
  const run = await cli(...args);
  expect(run.code, `${args.join(' ')}: ${run.stdout}${run.stderr}`).toBe(0);
  return run;
};

beforeAll(async () => {
  assertBuilt();
  dir = await mkdtemp(join(tmpdir(), 'overseer-observe-release-'));
  for (const name of ['users.v1.yaml', 'users.v2-no-get-user.yaml']) await copyFile(join(REPO_ROOT, 'test/fixtures/observe', name), join(dir, name));
  // 1.1.0 deprecates GET /users/{userId}: the step before removing it.
  const v1 = await readFile(join(dir, 'users.v1.yaml'), 'utf8');
  await writeFile(join(dir, 'users.v1.1.yaml'), v1.replace('operationId: getUser', 'operationId: getUser\n      deprecated: true'));
  await writeFile(join(dir, 'users.yaml'), 'service: users-service\nowners: ["@acme/users"]\nprovides: ./users.v1.yaml\n');
  await writeFile(join(dir, 'mobile.yaml'), 'service: mobile-app\nowners: ["@acme/mobile"]\n');
  registry = await startRegistryHere(join(dir, 'registry.db'));
  await ok('environment', 'create', 'production');
  await ok('publish', '--manifest', 'users.yaml', '--version', '1.0.0');
  await ok('record-deployment', '--service', 'users-service', '--version', '1.0.0', '--env', 'production');
  await ok('publish', '--manifest', 'users.yaml', '--contract', 'users.v1.1.yaml', '--version', '1.1.0');
  await ok('publish', '--manifest', 'users.yaml', '--contract', 'users.v2-no-get-user.yaml', '--version', '2.0.0');
  await ok('publish', '--manifest', 'mobile.yaml', '--version', '4.1.0');
  await ok('record-release', '--service', 'mobile-app', '--version', '4.1.0', '--env', 'production');
  const call = { consumer: 'mobile-app', environment: 'production', provider: 'users-service', method: 'GET', url: 'https://users.internal/api/users/7' };
  const posted = await fetch(`${registry.url}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(traceExport([call])),
  });
  expect(await posted.json()).toEqual({ partialSuccess: {} });
});

afterAll(async () => {
  await registry?.stop();
  await rm(dir, { recursive: true, force: true });
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
    const posted = await fetch(`${registry.url}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(traceExport([ghost])),
    });
    expect(await posted.json()).toEqual({ partialSuccess: {} });
    const usage = await ok('usage', '--service', 'users-service', '--as-provider', '--environment', 'production');
    const lines = usage.stdout.split('\n');
    // ghost-app was never published: that is said rather than "not live", whose fix (record its deployment) cannot work.
    expect(lines).toContain('  ghost-app (not a registered service: publish it, or check service.name in its spans; the gate does not count these calls)');
    expect(lines).toContain('  mobile-app');
  });
});
