// Where the waiver tests start: the README's two example services copied to a temporary folder, published at 1.0.0 and
// deployed to production, on a registry in the test's process.

import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { type RegistryHere, runCliHere, startRegistryHere } from './in-process.js';

interface ExamplesDeployed {
  dir: string;
  registry: RegistryHere;
  /** What the CLI needs to reach the registry, for `runCliHere`. */
  env: Record<string, string>;
}

/** `publish` gets `options` too (`--branch main` for the dashboard's view of a branch). */
export async function startExamplesDeployed(prefix: string, ...options: string[]): Promise<ExamplesDeployed> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  for (const service of ['users-service', 'checkout-web']) await cp(join('examples', service), join(dir, service), { recursive: true });
  const registry = await startRegistryHere(join(dir, 'registry.db'));
  const env = { OVERSEER_URL: registry.url, OVERSEER_RETRY_MS: '500' };
  const cli = (...args: string[]) => runCliHere(args, { env, cwd: dir });
  expect((await cli('environment', 'create', 'production')).code).toBe(0);
  for (const service of ['users-service', 'checkout-web']) {
    const published = await cli('publish', '--manifest', `${service}/overseer.yaml`, '--version', '1.0.0', ...options);
    expect(published.code, published.stderr).toBe(0);
    expect((await cli('record-deployment', '--service', service, '--version', '1.0.0', '--env', 'production')).code).toBe(0);
  }
  return { dir, registry, env };
}
