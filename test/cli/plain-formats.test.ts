// Commands whose help says `--format text | json`, asked for markdown: refused before anything is written, as publish
// already was, rather than a write made and its confirmation printed in a format nobody asked for.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, type RunningRegistry, runCli, startRegistry } from '../e2e/cli-process.js';

let dir: string;
let registry: RunningRegistry;
let env: Record<string, string>;
const cli = (...args: string[]) => runCli(args, { env });
const REFUSED = 'error: --format must be one of text, json, got "markdown"';

beforeAll(async () => {
  assertBuilt();
  dir = await mkdtemp(join(tmpdir(), 'overseer-plain-formats-'));
  registry = await startRegistry(join(dir, 'registry.db'));
  env = { OVERSEER_URL: registry.url, OVERSEER_RETRY_MS: '500' };
  for (const args of [
    ['publish', '--manifest', 'examples/users-service/overseer.yaml', '--version', '1.0.0'],
    ['environment', 'create', 'production'],
  ]) {
    const done = await cli(...args);
    expect(done.code, done.stderr).toBe(0);
  }
}, 120_000);

afterAll(async () => {
  if (registry?.child.exitCode === null) await registry.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('--format markdown where the help offers text and json', () => {
  it.each([
    [['record-deployment', '--service', 'users-service', '--version', '1.0.0', '--env', 'production']],
    [['record-release', '--service', 'users-service', '--version', '1.0.0', '--env', 'production']],
    [['environment', 'create', 'staging']],
  ])('%j is refused and writes nothing', async (args) => {
    expect((await cli(...args, '--help')).stdout).toContain('--format FORMAT          text | json (default: text)');
    const asked = await cli(...args, '--format', 'markdown');
    expect(asked).toMatchObject({ code: 2, stdout: '' });
    expect(asked.stderr.split('\n')[0]).toBe(REFUSED);
    const listed = await cli('environment', 'list');
    expect(listed).toMatchObject({ code: 0, stdout: 'production\n' });
    const deployments = await fetch(`${registry.url}/v1/environments/production/deployments`).then((r) => r.json());
    expect(deployments).toEqual({ deployments: [] });
  });

  it('is refused by environment list and token create too', async () => {
    for (const args of [
      ['environment', 'list'],
      ['token', 'create', '--service', 'users-service'],
    ]) {
      const asked = await cli(...args, '--format', 'markdown');
      expect(asked).toMatchObject({ code: 2, stdout: '' });
      expect(asked.stderr.split('\n')[0]).toBe(REFUSED);
    }
  });
});
