// `npm start` as the README's first lines use it: its settings come from the environment (OVERSEER_PORT, OVERSEER_HOST,
// OVERSEER_DB), so a flag in the start script would silently win over what the user set.

import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { assertBuilt, collectOutput, REPO_ROOT } from './cli-process.js';

let dir: string;
beforeAll(async () => {
  assertBuilt();
  dir = await mkdtemp(join(tmpdir(), 'overseer-npm-start-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

it('npm start keeps its data where OVERSEER_DB says', async () => {
  const db = join(dir, 'registry.db');
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined && !key.startsWith('OVERSEER_')) env[key] = value;
  // Its own process group: npm and the registry it starts are stopped together.
  const child = spawn('npm', ['start'], {
    cwd: REPO_ROOT,
    env: { ...env, OVERSEER_PORT: '0', OVERSEER_DB: db },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const output = collectOutput(child);
  let printed = '';
  await new Promise<void>((resolve) => {
    const watch = (chunk: Buffer) => {
      printed += chunk.toString();
      if (/listening on http/.test(printed)) resolve();
    };
    child.stdout.on('data', watch);
    child.stderr.on('data', watch);
    child.on('close', () => resolve());
  });
  if (child.exitCode === null) process.kill(-child.pid!, 'SIGTERM');
  const { stdout, stderr } = await output;
  expect(stdout + stderr).toContain(`overseer registry listening on http://127.0.0.1:`);
  expect(stdout + stderr).toContain(`(database ${db}; open: no admin token)`);
}, 120_000);
