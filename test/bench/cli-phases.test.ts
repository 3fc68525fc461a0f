// The whole-process phase bench cuts a CPU profile where each phase's function first runs, and those functions are
// the ones the real CLI's profile shows.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, type CpuProfile, formatCliPhases, splitProfile } from '../../bench/cli-phases.js';
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

describe('the real CLI profile', () => {
  let dir: string;
  beforeAll(async () => {
    assertBuilt();
    dir = await mkdtemp(path.join(tmpdir(), 'overseer-cli-phases-'));
    // 10,000 operations removed: a report that takes the formatter and the writer long enough to be sampled every time
    // (with 2,000 no sample fell in the formatter in two of this round’s full runs on a loaded machine).
    const paths: Record<string, unknown> = {};
    for (let i = 0; i < 10_000; i++) paths[`/items/${i}`] = { get: { operationId: `op${i}`, responses: { '200': { description: 'ok' } } } };
    const doc = (p: Record<string, unknown>) => JSON.stringify({ openapi: '3.0.3', info: { title: 'T', version: '1.0.0' }, paths: p });
    await writeFile(path.join(dir, 'base.json'), doc(paths));
    await writeFile(path.join(dir, 'revision.json'), doc({}));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('shows every phase function the bench cuts at', async () => {
    const args = ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', '50', BIN, 'diff', 'base.json', 'revision.json'];
    const result = await runProcess(process.execPath, [...args, '--format', 'json'], { cwd: dir });
    expect(result.code).toBe(1);
    const [file] = (await readdir(dir)).filter((f) => f.endsWith('.cpuprofile'));
    const phases = splitProfile(JSON.parse(await readFile(path.join(dir, file!), 'utf8')) as CpuProfile);
    expect(Object.keys(phases)).toEqual(['import', 'load', 'diff', 'format', 'write+exit']);
  });
});
