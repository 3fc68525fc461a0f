// Observed calls carry the caller's `service.version`: a consumer that deployed a version which stopped calling an
// operation no longer blocks its removal for the 30 days its old version's calls stay in the window (a wrong no),
// while calls from the live version, or from a version the registry never saw deployed there, still count.

import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClientCall, traceExport } from '../helpers/otlp.js';
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
const deployWeb = (version: string) => ok('record-deployment', '--service', 'web', '--version', version, '--env', 'production');

async function post(consumerVersion?: string): Promise<void> {
  const call: ClientCall = { consumer: 'web', environment: 'production', provider: 'users-service', method: 'GET', url: 'https://users.internal/api/users/7' };
  const body = JSON.stringify(traceExport([{ ...call, ...(consumerVersion !== undefined && { consumerVersion }) }]));
  const posted = await fetch(`${registry.url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  expect(await posted.json()).toEqual({ partialSuccess: {} });
}

/** The gate's answer on removing GET /users/{userId}, and the consumer versions its observed reasons name. */
async function removal(): Promise<{ code: number | null; observed: string[] }> {
  const gate = await cli('can-i-deploy', '--service', 'users-service', '--version', '2.0.0', '--to', 'production', '--format', 'json');
  const reasons = JSON.parse(gate.stdout).reasons as { code: string; basis?: string; consumer?: string; consumerVersion?: string }[];
  const observed = reasons.filter((r) => r.basis === 'observed').map((r) => `${r.consumer} ${r.consumerVersion}`);
  return { code: gate.code, observed: [...new Set(observed)] };
}

beforeAll(async () => {
  assertBuilt();
  dir = await mkdtemp(join(tmpdir(), 'overseer-observe-versions-'));
  for (const name of ['users.v1.yaml', 'users.v2-no-get-user.yaml']) await copyFile(join(REPO_ROOT, 'test/fixtures/observe', name), join(dir, name));
  await writeFile(join(dir, 'users.yaml'), 'service: users-service\nowners: ["@acme/users"]\nprovides: ./users.v1.yaml\n');
  await writeFile(join(dir, 'web.yaml'), 'service: web\nowners: ["@acme/web"]\n');
  registry = await startRegistryHere(join(dir, 'registry.db'));
  await ok('environment', 'create', 'production');
  await ok('publish', '--manifest', 'users.yaml', '--version', '1.0.0');
  await ok('record-deployment', '--service', 'users-service', '--version', '1.0.0', '--env', 'production');
  await ok('publish', '--manifest', 'users.yaml', '--contract', 'users.v2-no-get-user.yaml', '--version', '2.0.0');
  for (const version of ['1.0.0', '1.1.0']) await ok('publish', '--manifest', 'web.yaml', '--version', version);
}, 120_000);

afterAll(async () => {
  await registry?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('observed calls of a consumer version', () => {
  it('count while that version is live in the environment', async () => {
    await deployWeb('1.0.0');
    await post('1.0.0');
    expect(await removal()).toEqual({ code: 1, observed: ['web 1.0.0'] });
  });

  it('no longer count once the environment runs another version of the consumer, and count again after a rollback', async () => {
    await deployWeb('1.1.0');
    expect(await removal()).toEqual({ code: 0, observed: [] });
    await deployWeb('1.0.0');
    expect(await removal()).toEqual({ code: 1, observed: ['web 1.0.0'] });
    await deployWeb('1.1.0');
  });

  it('count from a version the environment never recorded (a canary the registry was not told of)', async () => {
    await post('1.2.0-canary');
    expect(await removal()).toEqual({ code: 1, observed: ['web 1.1.0'] });
  });
});
