// The bench's server CPU per request, read from /proc: what before/after comparisons of the registry read first.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseRegistryBenchArgs } from '../../bench/registry-args.js';
import { cpuPerRequest, readProcessCpuMs, waitForQuiet } from '../../bench/server-cpu.js';

describe('server CPU per request', () => {
  it('reads a process that burns CPU as using more of it afterwards', () => {
    const before = readProcessCpuMs(process.pid);
    expect(before).not.toBeNull();
    let x = 0;
    for (const end = process.cpuUsage().user + 300_000; process.cpuUsage().user < end; ) x += Math.sqrt(x + 1);
    const after = readProcessCpuMs(process.pid)!;
    // 300 ms of user time, read in ticks of 10 ms.
    expect(after - before!).toBeGreaterThanOrEqual(280);
    expect(x).toBeGreaterThan(0);
  });

  it('is unknown for a process that is gone, and divides by the requests otherwise', () => {
    expect(readProcessCpuMs(2 ** 22 + 1)).toBeNull();
    expect(cpuPerRequest(1000, 1500, 200)).toBe(2.5);
    expect(cpuPerRequest(null, 1500, 200)).toBeNull();
    expect(cpuPerRequest(1000, 1500, 0)).toBeNull();
  });
});

describe('waiting for the seeded registry to be quiet', () => {
  const child = (script: string) => spawn(process.execPath, ['-e', script], { stdio: 'ignore' });

  it('returns before its limit for an idle process, and at its limit for a busy one', async () => {
    const idle = child('setTimeout(() => {}, 20000)');
    const busy = child('for (const end = Date.now() + 20000; Date.now() < end; );');
    try {
      expect(await waitForQuiet(idle.pid!, { quietMs: 200, maxMs: 10_000 })).toBeLessThan(10_000);
      expect(await waitForQuiet(busy.pid!, { quietMs: 200, share: 0.01, maxMs: 1000 })).toBeGreaterThanOrEqual(1000);
    } finally {
      idle.kill();
      busy.kill();
    }
  });
});

describe('npm run bench:registry --only hubs', () => {
  const parse = (...argv: string[]) => parseRegistryBenchArgs(argv, {}, '/repo');
  it('measures the hubs alone and leaves docs/BENCHMARKS.md as it is', () => {
    expect(parse('--only', 'hubs').options).toMatchObject({ only: 'hubs', printOnly: true });
    expect(parse().options.only).toBeUndefined();
    expect(() => parse('--only', 'pages')).toThrow('--only takes hubs, got "pages"');
  });
});
