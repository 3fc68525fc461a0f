// What a platform engineer trips over in the first hour, through the built binary and a real `overseer serve`: a
// misspelled environment on a read.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, type RunningRegistry, runCli, startRegistry } from '../e2e/cli-process.js';

let dir: string;
let registry: RunningRegistry;
let env: Record<string, string>;
const cli = (args: string[], cwd?: string) => runCli(args, { env, ...(cwd && { cwd }) });
const UNKNOWN = "error: unknown environment 'prodution' (known: production); create it with `overseer environment create prodution`\n";

beforeAll(async () => {
  assertBuilt();
  dir = await mkdtemp(join(tmpdir(), 'overseer-first-hour-'));
  registry = await startRegistry(join(dir, 'registry.db'));
  env = { OVERSEER_URL: registry.url, OVERSEER_RETRY_MS: '500' };
  for (const service of ['users-service', 'checkout-web']) {
    const published = await cli(['publish', '--manifest', `examples/${service}/overseer.yaml`, '--version', '1.0.0']);
    expect(published.code, published.stderr).toBe(0);
  }
  expect((await cli(['environment', 'create', 'production'])).code).toBe(0);
}, 120_000);

afterAll(async () => {
  if (registry?.child.exitCode === null) await registry.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('a misspelled environment on a read', () => {
  it('is no decision (exit 2) naming the known ones, never an empty list that reads as "nobody uses it"', async () => {
    for (const command of ['consumers', 'migrations', 'usage']) {
      const r = await cli([command, '--service', 'users-service', '--environment', 'prodution']);
      expect(r, command).toMatchObject({ code: 2, stdout: '', stderr: UNKNOWN });
    }
    const known = await cli(['migrations', '--service', 'users-service', '--environment', 'production']);
    expect(known).toMatchObject({ code: 0, stdout: 'No deprecated part of users-service is deployed in production.\n' });
  });
});
