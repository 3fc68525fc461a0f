// Before/after of an engine change on a noisy machine: builds alternated run by run, main-thread CPU per phase.
// `node dist/bench/engine-phases.js --builds /tmp/before,. --only discord,box --runs 15` (a build is a checkout
// root holding dist/ and node_modules/). Prints medians; writes no docs page, unlike `npm run bench`.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { answeredHelp } from './args.js';
import { runNode } from './child.js';
import type { PhaseSample } from './engine-phases-child.js';
import { CORPUS_HINT, corpusDir, type Pair, readManifest } from './manifest.js';
import { median } from './stats.js';

const PHASES = ['importMs', 'parseMs', 'parseWallMs', 'diffMs', 'processParseMs', 'processDiffMs'] as const;

/** How a build's variant under `--base-in-worker` is named in the table. */
export const WORKER_SUFFIX = ' (base in a worker)';

export interface PhaseRow {
  pair: string;
  build: string;
  runs: number;
  findings: number;
  /** Median of each phase over the runs, in CPU milliseconds. */
  medians: Record<(typeof PHASES)[number], number>;
}

export const USAGE = `usage: node dist/bench/engine-phases.js [--builds DIR,DIR] [--only api,api] [--runs N] [--base-in-worker]
  each build: a checkout root with dist/ and node_modules/ (default: this one); --base-in-worker also runs each
  build with the base contract read in a worker thread while the main thread reads the revision; corpus:
  ${CORPUS_HINT}`;

/** Pure: medians per pair and build, in the order first met. Runs that report other findings are an error. */
export function summarisePhases(samples: readonly { pair: string; build: string; sample: PhaseSample }[]): PhaseRow[] {
  const groups = new Map<string, { pair: string; build: string; list: PhaseSample[] }>();
  for (const { pair, build, sample } of samples) {
    const key = `${pair}\u0000${build}`;
    const group = groups.get(key) ?? { pair, build, list: [] };
    group.list.push(sample);
    groups.set(key, group);
  }
  return [...groups.values()].map(({ pair, build, list }) => {
    const findings = new Set(list.map((s) => s.findings));
    if (findings.size > 1) throw new Error(`${pair} with ${build}: runs disagree on the findings (${[...findings].join(', ')})`);
    const medians = Object.fromEntries(PHASES.map((p) => [p, median(list.map((s) => s[p])) ?? 0])) as PhaseRow['medians'];
    return { pair, build, runs: list.length, findings: list[0]!.findings, medians };
  });
}

const ms = (n: number) => String(Math.round(n));

/** Pure: the table, with the diff's main-thread CPU over the parse's (issue #19: no dearer than the parse). */
export function formatPhases(rows: readonly PhaseRow[]): string {
  const lines = [
    '| Pair | Build | Runs | Import | Parse | Parse wall | Diff | Diff ÷ parse | Process parse | Process diff | Findings |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const { pair, build, runs, findings, medians: m } of rows) {
    const ratio = m.parseMs > 0 ? `${(m.diffMs / m.parseMs).toFixed(2)}×` : '—';
    const cells = [
      pair,
      build,
      runs,
      ms(m.importMs),
      ms(m.parseMs),
      ms(m.parseWallMs),
      ms(m.diffMs),
      ratio,
      ms(m.processParseMs),
      ms(m.processDiffMs),
      findings,
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return `Main-thread CPU ms (medians; "parse wall": wall time of loading both; "process" columns: every thread):\n\n${lines.join('\n')}\n`;
}

interface PhaseOptions {
  /** Each build, and with `--base-in-worker` each build again reading its base in a worker thread. */
  builds: { root: string; worker: boolean }[];
  pairs: Pair[];
  runs: number;
}

function parsePhaseArgs(argv: string[], repoRoot: string): PhaseOptions {
  const { values } = parseArgs({
    args: argv,
    options: { builds: { type: 'string' }, only: { type: 'string' }, runs: { type: 'string' }, 'base-in-worker': { type: 'boolean' } },
  });
  const split = (v: string | undefined) => (v ?? '').split(',').filter((s) => s.length > 0);
  const builds = split(values.builds).map((b) => resolve(b));
  const runs = Number(values.runs ?? 9);
  if (!Number.isInteger(runs) || runs <= 0) throw new Error(`--runs must be a positive whole number, got "${values.runs}"`);
  const all = readManifest(corpusDir(process.env, repoRoot));
  const only = split(values.only);
  const missing = only.filter((api) => !all.some((p) => p.api === api));
  if (missing.length > 0) throw new Error(`--only: no pair for ${missing.join(', ')}`);
  const roots = builds.length > 0 ? builds : [repoRoot];
  const modes = values['base-in-worker'] ? [false, true] : [false];
  return {
    builds: roots.flatMap((root) => modes.map((worker) => ({ root, worker }))),
    pairs: only.length > 0 ? all.filter((p) => only.includes(p.api)) : all,
    runs,
  };
}

async function measureOnce(pair: Pair, build: PhaseOptions['builds'][number]): Promise<PhaseSample> {
  const child = fileURLToPath(new URL('./engine-phases-child.js', import.meta.url));
  const outcome = await runNode([child, build.root, pair.oldFile, pair.newFile, ...(build.worker ? ['worker'] : [])], 120_000);
  if (outcome.code !== 0) throw new Error(`${pair.label} with ${labelOf(build)}: exit ${outcome.code}: ${outcome.stderr.trim().split('\n')[0]}`);
  return JSON.parse(outcome.stdout) as PhaseSample;
}

function labelOf(build: PhaseOptions['builds'][number]): string {
  return build.worker ? `${build.root}${WORKER_SUFFIX}` : build.root;
}

async function main(argv: string[]): Promise<number> {
  const repoRoot = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');
  if (answeredHelp(argv, USAGE)) return 0;
  let options: PhaseOptions;
  try {
    options = parsePhaseArgs(argv, repoRoot);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const samples: { pair: string; build: string; sample: PhaseSample }[] = [];
  // Builds alternate within each run, so a burst of load from elsewhere hits each build alike.
  for (let run = 1; run <= options.runs; run++) {
    for (const pair of options.pairs) {
      for (const build of options.builds) {
        process.stderr.write(`run ${run}/${options.runs} ${pair.label} ${labelOf(build)}\n`);
        samples.push({ pair: pair.label, build: labelOf(build), sample: await measureOnce(pair, build) });
      }
    }
  }
  process.stdout.write(formatPhases(summarisePhases(samples)));
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) process.exitCode = await main(process.argv.slice(2));
