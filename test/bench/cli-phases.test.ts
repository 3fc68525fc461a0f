// The whole-process phase bench cuts a CPU profile where each phase's function first runs, and those functions are
// ones the real CLI runs, named as its profile names them.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, type CpuProfile, formatCliPhases, PHASE_STARTS, splitProfile } from '../../bench/cli-phases.js';
import { assertBuilt, BIN, runProcess } from '../e2e/cli-process.js';

const frame = (id: number, functionName: string, children: number[] = []) => ({ id, callFrame: { functionName }, children });

// root -> run -> loadContract; run -> diffContracts; formatReportParts; stdout; (garbage collector); (idle)
const profile: CpuProfile = {
  nodes: [
    frame(1, '(root)', [2, 6, 7, 8, 9]),
    frame(2, 'run', [3, 4]),
    frame(3, 'loadContract', [5]),
    frame(4, 'diffContracts'),
    frame(5, 'load'),
    frame(6, 'formatReportParts'),
    frame(7, 'stdout'),
    frame(8, '(garbage collector)'),
    frame(9, '(idle)'),
  ],
  startTime: 1_000_000,
  endTime: 1_100_000,
  samples: [2, 2, 5, 8, 3, 2, 4, 8, 6, 7, 9],
  timeDeltas: [10_000, 10_000, 10_000, 10_000, 10_000, 10_000, 10_000, 10_000, 5_000, 5_000, 10_000],
};

describe('splitProfile', () => {
  it('cuts where each phase first runs, counts the collector in its phase and leaves idle samples out', () => {
    const phases = splitProfile(profile);
    expect(phases.import).toEqual({ wallMs: 20, cpuMs: 20, gcMs: 0 });
    // A sample back in `run` after the load began is still the load: phases only move forward.
    expect(phases.load).toEqual({ wallMs: 40, cpuMs: 40, gcMs: 10 });
    expect(phases.diff).toEqual({ wallMs: 20, cpuMs: 20, gcMs: 10 });
    expect(phases.format).toEqual({ wallMs: 5, cpuMs: 5, gcMs: 0 });
    expect(phases['write+exit']).toEqual({ wallMs: 15, cpuMs: 5, gcMs: 0 });
  });

  it('prints medians per phase with the CPU the kernel counted', () => {
    const run = (start: number, main: number): CliRun => ({
      startMs: start,
      cpu: { mainMs: main, otherMs: 100, processMs: main + 100 },
      phases: splitProfile(profile),
      exitMs: 30,
      totalMs: 200,
    });
    const table = formatCliPhases('pair', '/build', [run(90, 500), run(110, 700), run(100, 600)]);
    expect(table).toContain("| Node start, to the profile's first sample | 100 | — | — |");
    expect(table).toContain('| load | 40 | 40 | 10 |');
    expect(table).toContain('CPU at exit: main thread 600, other threads 100, process 700.');
  });
});

describe('the real CLI', () => {
  let dir: string;
  beforeAll(async () => {
    assertBuilt();
    dir = await mkdtemp(path.join(tmpdir(), 'overseer-cli-phases-'));
    const paths: Record<string, unknown> = {};
    for (let i = 0; i < 20; i++) paths[`/items/${i}`] = { get: { operationId: `op${i}`, responses: { '200': { description: 'ok' } } } };
    const doc = (p: Record<string, unknown>) => JSON.stringify({ openapi: '3.0.3', info: { title: 'T', version: '1.0.0' }, paths: p });
    await writeFile(path.join(dir, 'base.json'), doc(paths));
    await writeFile(path.join(dir, 'revision.json'), doc({}));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  // V8's precise coverage names each function the process ran as its CPU profile does (the function's debug name), and
  // counts every call. A profile only shows what a sample fell in: on a loaded machine V8's sampling thread waited up to
  // 250 ms for a core, and a whole 10,000-operation report was formatted and written between two samples.
  it('runs every phase function the bench cuts at, under the name its profile shows', async () => {
    const coverage = path.join(dir, 'coverage');
    const result = await runProcess(process.execPath, [BIN, 'diff', 'base.json', 'revision.json', '--format', 'json'], {
      cwd: dir,
      env: { NODE_V8_COVERAGE: coverage },
    });
    expect(result.code, result.stderr).toBe(1);
    const ran = new Set<string>();
    const built = `file://${path.dirname(path.dirname(BIN))}/`;
    for (const file of await readdir(coverage)) {
      const { result: scripts } = JSON.parse(await readFile(path.join(coverage, file), 'utf8')) as CoverageFile;
      for (const script of scripts.filter((s) => s.url.startsWith(built)))
        for (const fn of script.functions) if ((fn.ranges[0]?.count ?? 0) > 0) ran.add(fn.functionName);
    }
    const cutAt = PHASE_STARTS.map((p) => p.fn).filter((fn) => fn !== '');
    expect(cutAt).toHaveLength(4);
    expect(cutAt.filter((fn) => !ran.has(fn))).toEqual([]);
  });
});

/** The parts of a NODE_V8_COVERAGE file this reads: each script's functions, the first range's count being its calls. */
interface CoverageFile {
  result: { url: string; functions: { functionName: string; ranges: { count: number }[] }[] }[];
}
