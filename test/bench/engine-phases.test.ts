// The per-phase before/after bench prints medians per pair and build, and its child measures a real diff.
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatPhases, summarisePhases, WORKER_SUFFIX } from '../../bench/engine-phases.js';
import type { PhaseSample } from '../../bench/engine-phases-child.js';
import { assertBuilt, REPO_ROOT, runProcess } from '../e2e/cli-process.js';

const sample = (parseMs: number, diffMs: number, findings = 7): PhaseSample => ({
  importMs: 60,
  parseMs,
  parseWallMs: parseMs + 5,
  diffMs,
  processParseMs: parseMs * 2,
  processDiffMs: diffMs + 1,
  findings,
});

describe('engine phases summary', () => {
  it('takes medians per pair and build and prints the diff over the parse', () => {
    const rows = summarisePhases([
      { pair: 'discord a → b', build: '/before', sample: sample(100, 150) },
      { pair: 'discord a → b', build: '/after', sample: sample(100, 90) },
      { pair: 'discord a → b', build: '/before', sample: sample(80, 130) },
      { pair: 'discord a → b', build: '/after', sample: sample(120, 110) },
      { pair: 'discord a → b', build: '/before', sample: sample(90, 500) },
    ]);
    expect(rows.map((r) => [r.build, r.runs, r.medians.parseMs, r.medians.diffMs])).toEqual([
      ['/before', 3, 90, 150],
      ['/after', 2, 110, 100],
    ]);
    const table = formatPhases(rows);
    expect(table).toContain('| discord a → b | /before | 3 | 60 | 90 | 95 | 150 | 1.67× | 180 | 151 | 7 |');
    expect(table).toContain('| discord a → b | /after | 2 | 60 | 110 | 115 | 100 | 0.91× | 220 | 101 | 7 |');
  });

  it('refuses runs of one build that disagree on the findings', () => {
    const disagree = [
      { pair: 'p', build: '/b', sample: sample(1, 1, 3) },
      { pair: 'p', build: '/b', sample: sample(1, 1, 4) },
    ];
    expect(() => summarisePhases(disagree)).toThrow('runs disagree on the findings (3, 4)');
  });
});

describe('engine phases command', () => {
  const oldFile = path.join(REPO_ROOT, 'test/fixtures/oasdiff/data/openapi-test1.yaml');
  const newFile = path.join(REPO_ROOT, 'test/fixtures/oasdiff/data/openapi-test3.yaml');
  let corpus: string;
  beforeAll(async () => {
    assertBuilt();
    corpus = await mkdtemp(path.join(tmpdir(), 'overseer-phases-'));
    const header = ['api', 'old_file', 'new_file', 'openapi_version', 'old_bytes', 'new_bytes', 'size_class'].join('\t');
    await copyFile(oldFile, path.join(corpus, 'openapi-test1.yaml'));
    await copyFile(newFile, path.join(corpus, 'openapi-test3.yaml'));
    await writeFile(path.join(corpus, 'MANIFEST.tsv'), `${header}\ntiny\topenapi-test1.yaml\topenapi-test3.yaml\t3.0.0\t1\t1\tsmall\n`);
  });
  afterAll(() => rm(corpus, { recursive: true, force: true }));

  it('counts the same findings as the engine bench and prints one row per build', async () => {
    // The judged report before the CLI adds its version finding, as `npm run bench` counts it.
    const runner = await runProcess(process.execPath, [path.join(REPO_ROOT, 'dist/bench/engine-runner.js'), oldFile, newFile]);
    const findings = JSON.parse(runner.stdout).findings;
    expect(findings).toBeGreaterThan(0);
    const bench = path.join(REPO_ROOT, 'dist/bench/engine-phases.js');
    const run = await runProcess(process.execPath, [bench, '--runs', '1', '--only', 'tiny'], { env: { OVERSEER_CORPUS: corpus } });
    expect(run.code).toBe(0);
    const row = run.stdout.split('\n').find((l) => l.startsWith('| tiny openapi-test1 → openapi-test3 |'));
    expect(row?.split('|').map((c) => c.trim())[11]).toBe(String(findings));
    expect(row).toContain(`| ${REPO_ROOT.replace(/\/$/, '')} | 1 |`);
  });

  it('with --base-in-worker, runs each build again reading the base in a worker thread, to the same findings', async () => {
    const bench = path.join(REPO_ROOT, 'dist/bench/engine-phases.js');
    const run = await runProcess(process.execPath, [bench, '--runs', '1', '--only', 'tiny', '--base-in-worker'], { env: { OVERSEER_CORPUS: corpus } });
    expect(run.code).toBe(0);
    const rows = run.stdout.split('\n').filter((l) => l.startsWith('| tiny openapi-test1 → openapi-test3 |'));
    const builds = rows.map((r) => r.split('|').map((c) => c.trim())[2]);
    const root = REPO_ROOT.replace(/\/$/, '');
    expect(builds).toEqual([root, `${root}${WORKER_SUFFIX}`]);
    const findings = rows.map((r) => r.split('|').map((c) => c.trim())[11]);
    expect(findings[1]).toBe(findings[0]);
    expect(Number(findings[0])).toBeGreaterThan(0);
  });

  it('exits 2 with its usage on a bad run count', async () => {
    const run = await runProcess(process.execPath, [path.join(REPO_ROOT, 'dist/bench/engine-phases.js'), '--runs', '0'], {
      env: { OVERSEER_CORPUS: corpus },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--runs must be a positive whole number, got "0"');
    expect(run.stderr).toContain('usage: node dist/bench/engine-phases.js');
  });
});
