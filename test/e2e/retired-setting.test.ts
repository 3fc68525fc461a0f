// A registry started with a setting that no longer does anything (OVERSEER_CONTRACT_CACHE) starts and
// serves as before, and says once at start that the setting can go: a deployment's old environment must not stop it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '../helpers/webhook-receiver.js';
import { assertBuilt, type RunningRegistry, startRegistry } from './cli-process.js';

const WARNING = 'OVERSEER_CONTRACT_CACHE no longer does anything: ';

describe('a registry started with OVERSEER_CONTRACT_CACHE set', () => {
  let dir: string;
  const running: RunningRegistry[] = [];

  beforeAll(async () => {
    assertBuilt();
    dir = await mkdtemp(join(tmpdir(), 'overseer-retired-'));
  });
  afterAll(async () => {
    await Promise.all(running.map((r) => r.stop()));
    await rm(dir, { recursive: true, force: true });
  });

  it('starts, answers, and warns once that the setting does nothing; one started without it does not warn', async () => {
    const withIt = await startRegistry(join(dir, 'with.db'), { OVERSEER_CONTRACT_CACHE: '500' });
    running.push(withIt);
    expect((await fetch(`${withIt.url}/healthz`)).status).toBe(200);
    // Logged just after the listening line, through a pipe: it may reach us after the first answer does.
    await waitUntil(
      () => withIt.output().includes(WARNING),
      10_000,
      () => `the warning in the start log: ${withIt.output()}`,
    );
    expect(withIt.output().split(WARNING).length - 1).toBe(1);

    const without = await startRegistry(join(dir, 'without.db'));
    running.push(without);
    expect((await fetch(`${without.url}/healthz`)).status).toBe(200);
    expect(without.output()).not.toContain('OVERSEER_CONTRACT_CACHE');
  });
});
