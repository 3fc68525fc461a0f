// The bench's server CPU per request, read from /proc: what before/after comparisons of the registry read first.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseRegistryBenchArgs } from '../../bench/registry-args.js';
import { cpuPerRequest, readProcessCpuMs, readProcessTreeCpuMs, readServerCpuMs, waitForQuiet } from '../../bench/server-cpu.js';

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

  it('keeps counting a child that has ended, as a PostgreSQL backend ends between two readings', async () => {
    // The parent runs a child that burns 400 ms of CPU and waits for it, then idles: the child is gone by the reading.
    const burn = 'for (const end = process.cpuUsage().user + 400_000; process.cpuUsage().user < end; );';
    const parentScript = `require('node:child_process').spawnSync(process.execPath, ['-e', ${JSON.stringify(burn)}]); console.log('reaped'); setTimeout(() => {}, 40000);`;
    const parent = spawn(process.execPath, ['-e', parentScript], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      await new Promise<void>((resolve) => parent.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('reaped') && resolve()));
      const own = readProcessCpuMs(parent.pid!)!;
      // The child's 400 ms, read in ticks of 10 ms, on top of what the parent itself used.
      expect(readProcessTreeCpuMs(parent.pid!)! - own).toBeGreaterThanOrEqual(380);
    } finally {
      parent.kill();
    }
  });

  it('is unknown for a process that is gone, and divides by the requests otherwise', () => {
    expect(readProcessCpuMs(2 ** 22 + 1)).toBeNull();
    expect(cpuPerRequest(1000, 1500, 200)).toBe(2.5);
    expect(cpuPerRequest(null, 1500, 200)).toBeNull();
    expect(cpuPerRequest(1000, 1500, 0)).toBeNull();
  });
});

describe('waiting for the seeded registry to be quiet', () => {
  it('returns before its limit for an idle process', async () => {
    const idle = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 40000)'], { stdio: 'ignore' });
    try {
      // Node's start is the only CPU the child spends: a few windows at most, however slowly a loaded machine runs it.
      expect(await waitForQuiet(idle.pid!, { quietMs: 200, maxMs: 30_000 })).toBeLessThan(30_000);
    } finally {
      idle.kill();
    }
  });

  // Busy and quiet windows are counted on a reader the test drives: a real busy child may get no CPU at all for a
  // window on a loaded machine (at load 20 one read nothing for 200 ms and the wait ended at 955 ms, before its limit).
  const counter = (perRead: (read: number) => number) => {
    const state = { reads: 0, cpu: 0 };
    const readCpu = () => {
      state.cpu += perRead(++state.reads);
      return state.cpu;
    };
    return { state, readCpu };
  };

  it('waits through every busy window until its limit', async () => {
    // 50 ms of CPU between two reads of a 20 ms window: more than a whole core.
    const { readCpu } = counter(() => 50);
    expect(await waitForQuiet(1, { quietMs: 20, share: 0.01, maxMs: 300, readCpu })).toBeGreaterThanOrEqual(300);
  });

  it('returns at the first quiet window, after the busy ones', async () => {
    // Busy until the sixth read (the first three windows), then nothing.
    const { state, readCpu } = counter((read) => (read <= 6 ? 50 : 0));
    expect(await waitForQuiet(1, { quietMs: 20, share: 0.01, maxMs: 60_000, readCpu })).toBeLessThan(60_000);
    expect(state.reads).toBe(8);
  });

  it("counts the registry's worker processes and the PostgreSQL server's, not the registry's own process alone", async () => {
    // Each parent runs a child that burns 400 ms of CPU and waits for it, then idles: a registry whose worker did the
    // work, and a postmaster whose backend did. The registry's own process spends next to nothing.
    const burn = 'for (const end = process.cpuUsage().user + 400_000; process.cpuUsage().user < end; );';
    const parentScript = `require('node:child_process').spawnSync(process.execPath, ['-e', ${JSON.stringify(burn)}]); console.log('burnt'); setTimeout(() => {}, 40000);`;
    const start = () => spawn(process.execPath, ['-e', parentScript], { stdio: ['ignore', 'pipe', 'ignore'] });
    const burnt = (parent: ReturnType<typeof start>) =>
      new Promise<void>((resolve) => parent.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('burnt') && resolve()));
    const registry = start();
    const postmaster = start();
    try {
      const database = { readCpuMs: () => readProcessTreeCpuMs(postmaster.pid!) };
      await Promise.all([burnt(registry), burnt(postmaster)]);
      const own = readProcessCpuMs(registry.pid!)!;
      // The two children's 800 ms, read in ticks of 10 ms, beyond what the registry's own process used.
      expect(readServerCpuMs(registry.pid!, database)! - own).toBeGreaterThanOrEqual(760);
      expect(readServerCpuMs(registry.pid!, { readCpuMs: () => null })).toBeNull();
    } finally {
      registry.kill();
      postmaster.kill();
    }
  });

  it('returns at once when the process is gone', async () => {
    let reads = 0;
    const readCpu = () => (++reads > 1 ? null : 0);
    expect(await waitForQuiet(1, { quietMs: 20, maxMs: 60_000, readCpu })).toBeLessThan(60_000);
    expect(reads).toBe(2);
  });
});

describe('npm run bench:registry --only hubs and --only gate', () => {
  const parse = (...argv: string[]) => parseRegistryBenchArgs(argv, {}, '/repo');
  it('measures the hubs alone and leaves docs/BENCHMARKS.md as it is', () => {
    expect(parse('--only', 'hubs').options).toMatchObject({ only: 'hubs', printOnly: true });
    expect(parse().options.only).toBeUndefined();
    expect(parse('--only', 'gate').options).toMatchObject({ only: 'gate', printOnly: true });
    expect(() => parse('--only', 'pages')).toThrow('--only takes hubs or gate, got "pages"');
  });
});
