// The observed-usage e2e files start alike: a registry of their own in a folder of their own, the CLI pointed at it,
// spans posted to its OTLP receiver, and most of them users-service 1.0.0 in production with 2.0.0 (GET /users/{userId}
// removed) published beside it. Written once here, so each file shows only what its case adds.

import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { type ClientCall, traceExport } from '../helpers/otlp.js';
import { assertBuilt, type CliResult, REPO_ROOT } from './cli-process.js';
import { type RegistryHere, runCliHere, startRegistryHere } from './in-process.js';

interface ObserveSession {
  /** The folder the manifests and contracts are written to, and the CLI's working directory. */
  dir: string;
  registry: RegistryHere;
  cli(...args: string[]): Promise<CliResult>;
  /** The CLI, failing the test unless it exits 0. */
  ok(...args: string[]): Promise<CliResult>;
  /** One OTLP/JSON trace export of `calls`, which the registry must take whole. */
  postCalls(calls: ClientCall[]): Promise<void>;
}

/** A session started before the file's own `beforeAll` (hooks run in the order they are registered) and ended after it. */
export function useObserveSession(prefix: string): ObserveSession {
  const session = {} as ObserveSession;
  session.cli = (...args) => runCliHere(args, { env: { OVERSEER_URL: session.registry.url, OVERSEER_RETRY_MS: '500' }, cwd: session.dir });
  session.ok = async (...args) => {
    const run = await session.cli(...args);
    expect(run.code, `${args.join(' ')}: ${run.stdout}${run.stderr}`).toBe(0);
    return run;
  };
  session.postCalls = async (calls) => {
    const body = JSON.stringify(traceExport(calls));
    const posted = await fetch(`${session.registry.url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(await posted.json()).toEqual({ partialSuccess: {} });
  };
  beforeAll(async () => {
    assertBuilt();
    session.dir = await mkdtemp(join(tmpdir(), prefix));
    session.registry = await startRegistryHere(join(session.dir, 'registry.db'));
  });
  afterAll(async () => {
    await session.registry?.stop();
    if (session.dir) await rm(session.dir, { recursive: true, force: true });
  });
  return session;
}

/**
 * users-service 1.0.0 deployed in production, and 2.0.0, which removes GET /users/{userId}, published: the removal a
 * consumer seen calling it must block. `between` publishes what goes before 2.0.0 (a version that deprecates it first).
 */
export async function publishUsersRemoval({ dir, ok }: ObserveSession, between?: () => Promise<void>): Promise<void> {
  for (const name of ['users.v1.yaml', 'users.v2-no-get-user.yaml']) await copyFile(join(REPO_ROOT, 'test/fixtures/observe', name), join(dir, name));
  await writeFile(join(dir, 'users.yaml'), 'service: users-service\nowners: ["@acme/users"]\nprovides: ./users.v1.yaml\n');
  await ok('environment', 'create', 'production');
  await ok('publish', '--manifest', 'users.yaml', '--version', '1.0.0');
  await ok('record-deployment', '--service', 'users-service', '--version', '1.0.0', '--env', 'production');
  await between?.();
  await ok('publish', '--manifest', 'users.yaml', '--contract', 'users.v2-no-get-user.yaml', '--version', '2.0.0');
}

/** A consumer that declares nothing, published and deployed to production: its only use is what traces show it calling. */
export async function deployCaller({ dir, ok }: ObserveSession, service: string, version = '1.0.0'): Promise<void> {
  await writeFile(join(dir, `${service}.yaml`), `service: ${service}\nowners: ["@acme/${service}"]\n`);
  await ok('publish', '--manifest', `${service}.yaml`, '--version', version);
  await ok('record-deployment', '--service', service, '--version', version, '--env', 'production');
}
