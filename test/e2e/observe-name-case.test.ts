// Service names in the registry are lower-case kebab-case, but a span's `service.name` and `peer.service` are what
// someone typed in an SDK's settings: `Web-App` calling `Users-Service` is web-app calling users-service. Before,
// such calls counted for no one and the gate said yes to removing the operation they call (a wrong yes).

import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
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
  dir = await mkdtemp(join(tmpdir(), 'overseer-observe-case-'));
  for (const name of ['users.v1.yaml', 'users.v2-no-get-user.yaml']) await copyFile(join(REPO_ROOT, 'test/fixtures/observe', name), join(dir, name));
  await writeFile(join(dir, 'users.yaml'), 'service: users-service\nowners: ["@acme/users"]\nprovides: ./users.v1.yaml\n');
  await writeFile(join(dir, 'web.yaml'), 'service: web-app\nowners: ["@acme/web"]\n');
  registry = await startRegistryHere(join(dir, 'registry.db'));
  await ok('environment', 'create', 'production');
  await ok('publish', '--manifest', 'users.yaml', '--version', '1.0.0');
  await ok('record-deployment', '--service', 'users-service', '--version', '1.0.0', '--env', 'production');
  await ok('publish', '--manifest', 'users.yaml', '--contract', 'users.v2-no-get-user.yaml', '--version', '2.0.0');
  await ok('publish', '--manifest', 'web.yaml', '--version', '1.0.0');
  await ok('record-deployment', '--service', 'web-app', '--version', '1.0.0', '--env', 'production');
}, 120_000);

afterAll(async () => {
  await registry?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('a span naming services in another case', () => {
  it('is a call of the services those names are, and the gate counts it', async () => {
    const call = {
      consumer: 'Web-App',
      environment: 'production',
      provider: 'Users-Service',
      method: 'GET',
      url: 'https://elsewhere.example/api/users/7?fields=email',
    };
    const posted = await fetch(`${registry.url}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(traceExport([call])),
    });
    expect(await posted.json()).toEqual({ partialSuccess: {} });

    const gate = await cli('can-i-deploy', '--service', 'users-service', '--version', '2.0.0', '--to', 'production', '--format', 'json');
    expect(gate.code, gate.stdout).toBe(1);
    const reasons = JSON.parse(gate.stdout).reasons as { code: string; consumer?: string; basis?: string }[];
    expect(reasons).toContainEqual(expect.objectContaining({ code: 'breaks-consumer', consumer: 'web-app', basis: 'observed' }));
    const usage = await ok('usage', '--service', 'users-service', '--as-provider', '--environment', 'production');
    expect(usage.stdout).toContain('  web-app\n    GET /users/{userId}: observed, not declared (1x');
  });
});
