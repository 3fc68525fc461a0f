// The bench's server CPU per request, read from /proc: what before/after comparisons of the registry read first.
import { describe, expect, it } from 'vitest';
import { parseRegistryBenchArgs } from '../../bench/registry-args.js';
import { cpuPerRequest, readProcessCpuMs } from '../../bench/server-cpu.js';

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

describe('npm run bench:registry --only hubs', () => {
  const parse = (...argv: string[]) => parseRegistryBenchArgs(argv, {}, '/repo');
  it('measures the hubs alone and leaves docs/BENCHMARKS.md as it is', () => {
    expect(parse('--only', 'hubs').options).toMatchObject({ only: 'hubs', printOnly: true });
    expect(parse().options.only).toBeUndefined();
    expect(() => parse('--only', 'pages')).toThrow('--only takes hubs, got "pages"');
  });
});
