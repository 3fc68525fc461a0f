// The CLI's wait for an answer against the registry's bound on the work behind it: a CLI that gave up first (60 s
// against 120) abandoned a slow but legitimate can-i-deploy, exit 2, while the registry went on to decide and audit it.

import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../overseer/config.js';
import { runCliHere } from '../e2e/in-process.js';

describe("the CLI's wait for the registry's answer", () => {
  it('outlasts the longest a default registry lets a gate question run, as can-i-deploy --help says', async () => {
    const help = (await runCliHere(['can-i-deploy', '--help'])).stdout;
    const waits = help.match(/Each request waits (\d+) s for its answer/);
    expect(waits, help).not.toBeNull();
    const registryBoundMs = parseConfig({}, {}).workTimeoutMs;
    expect(Number(waits![1]) * 1000).toBeGreaterThan(registryBoundMs!);
    expect(help).toContain(`OVERSEER_WORK_TIMEOUT_MS, ${registryBoundMs! / 1000} s`);
  });
});
