// Where the whole `overseer diff --format json` process spends its time, beyond what the in-process bench counts:
// `node dist/bench/cli-phases.js --only stripe --runs 7 [--builds /tmp/before,.]`. Each run is the real CLI under
// `node --cpu-prof`, its stdout a pipe as in `npm run bench`; the main thread's samples are cut into phases where the
// first sample under each phase's function appears. Prints medians; writes no docs page.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path, { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { answeredHelp } from './args.js';
import { runNode } from './child.js';
import { CORPUS_HINT, corpusDir, type Pair, readManifest } from './manifest.js';
import { median } from './stats.js';

/** The parts of a V8 `.cpuprofile` this reads: times in microseconds, on the clock of `process.hrtime`. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string }; children?: number[] }[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Each phase starts at the first sample with this function on its stack (a later phase's start ends it). */
export const PHASE_STARTS = [
  { phase: 'import', fn: '' },
  { phase: 'load', fn: 'loadContract' },
  { phase: 'diff', fn: 'diffContracts' },
  { phase: 'format', fn: 'formatReportParts' },
  { phase: 'write+exit', fn: 'stdout' },
] as const;

type Phase = (typeof PHASE_STARTS)[number]['phase'];

interface PhaseTimes {
  /** Wall milliseconds from the phase's first sample to the next phase's. */
  wallMs: number;
  /** Main-thread milliseconds sampled, idle samples left out: wall time, a wait for a core included. */
  cpuMs: number;
  /** Of `cpuMs`, the samples V8 labels as its collector. */
  gcMs: number;
}

/** Pure: the profile's main-thread time per phase. A phase whose function never ran is absent. */
export function splitProfile(profile: CpuProfile): Partial<Record<Phase, PhaseTimes>> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const out: Partial<Record<Phase, PhaseTimes>> = {};
  let current = 0;
  let phaseStart = profile.startTime;
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    // A sample stands for the time since the one before it, so a phase starts where that time starts.
    const sampleStart = at;
    at += profile.timeDeltas[i] ?? 0;
    const next = laterPhaseOnStack(stackNames(profile.samples[i]!, byId, parent), current);
    if (next > current) {
      close(out, PHASE_STARTS[current]!.phase, sampleStart - phaseStart);
      current = next;
      phaseStart = sampleStart;
    }
    const times = (out[PHASE_STARTS[current]!.phase] ??= { wallMs: 0, cpuMs: 0, gcMs: 0 });
    const name = byId.get(profile.samples[i]!)?.callFrame.functionName;
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    if (name === '(idle)') continue;
    times.cpuMs += ms;
    if (name === '(garbage collector)') times.gcMs += ms;
  }
  close(out, PHASE_STARTS[current]!.phase, profile.endTime - phaseStart);
  return out;
}

function close(out: Partial<Record<Phase, PhaseTimes>>, phase: Phase, wallUs: number): void {
  const times = (out[phase] ??= { wallMs: 0, cpuMs: 0, gcMs: 0 });
  times.wallMs += wallUs / 1000;
}

function stackNames(leaf: number, byId: Map<number, CpuProfile['nodes'][number]>, parent: Map<number, number>): Set<string> {
  const names = new Set<string>();
  for (let id: number | undefined = leaf; id !== undefined; id = parent.get(id)) names.add(byId.get(id)?.callFrame.functionName ?? '');
  return names;
}

/** The latest phase after `current` whose function is on the stack, else `current`: phases only move forward. */
function laterPhaseOnStack(stack: Set<string>, current: number): number {
  for (let p = PHASE_STARTS.length - 1; p > current; p--) if (stack.has(PHASE_STARTS[p]!.fn)) return p;
  return current;
}

/** One run as the parent sees it: Node's start before the profile, the phases, and the exit after it. */
export interface CliRun {
  startMs: number;
  /** The kernel's count at exit (bench/cpu-probe.ts): main thread, V8's and libuv's other threads, and both. */
  cpu: { mainMs: number; otherMs: number; processMs: number };
  phases: Partial<Record<Phase, PhaseTimes>>;
  exitMs: number;
  totalMs: number;
}

async function measureOnce(pair: Pair, build: string): Promise<CliRun> {
  const dir = await mkdtemp(path.join(tmpdir(), 'overseer-cli-phases-'));
  try {
    const spawnedUs = Number(process.hrtime.bigint() / 1000n);
    const bin = path.join(build, 'dist/cli/bin.js');
    const probe = new URL('./cpu-probe.js', import.meta.url).href;
    const args = ['--import', probe, '--cpu-prof', '--cpu-prof-dir', dir, bin, 'diff', pair.oldFile, pair.newFile, '--format', 'json'];
    const outcome = await runNode(args, 180_000);
    if (outcome.code !== 0 && outcome.code !== 1) throw new Error(`${pair.label} with ${build}: exit ${outcome.code}: ${outcome.stderr.trim()}`);
    const [file] = (await readdir(dir)).filter((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error(`${pair.label} with ${build}: node wrote no CPU profile`);
    const profile = JSON.parse(await readFile(path.join(dir, file), 'utf8')) as CpuProfile;
    const closedUs = spawnedUs + outcome.wallMs * 1000;
    return {
      startMs: (profile.startTime - spawnedUs) / 1000,
      cpu: JSON.parse(outcome.fd3) as CliRun['cpu'],
      phases: splitProfile(profile),
      exitMs: (closedUs - profile.endTime) / 1000,
      totalMs: outcome.wallMs,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const ms = (n: number | null | undefined) => (n === null || n === undefined ? '—' : String(Math.round(n)));

/** Pure: medians over the runs of one pair and build, as a table of phases. */
export function formatCliPhases(label: string, build: string, runs: readonly CliRun[]): string {
  const lines = [
    `${label}, ${build} (${runs.length} runs, medians, ms)`,
    '',
    '| Phase | Wall | Main thread sampled | of which GC |',
    '| --- | ---: | ---: | ---: |',
    `| Node start, to the profile's first sample | ${ms(median(runs.map((r) => r.startMs)))} | — | — |`,
  ];
  for (const { phase } of PHASE_STARTS) {
    const of = (k: keyof PhaseTimes) => median(runs.flatMap((r) => (r.phases[phase] ? [r.phases[phase]![k]] : [])));
    lines.push(`| ${phase} | ${ms(of('wallMs'))} | ${ms(of('cpuMs'))} | ${ms(of('gcMs'))} |`);
  }
  lines.push(`| profile's end to the parent's \`close\` | ${ms(median(runs.map((r) => r.exitMs)))} | — | — |`);
  lines.push(`| **whole process** | ${ms(median(runs.map((r) => r.totalMs)))} | — | — |`);
  const cpu = (k: keyof CliRun['cpu']) => ms(median(runs.map((r) => r.cpu[k])));
  lines.push('', `CPU at exit: main thread ${cpu('mainMs')}, other threads ${cpu('otherMs')}, process ${cpu('processMs')}.`);
  return `${lines.join('\n')}\n`;
}

const USAGE = `usage: node dist/bench/cli-phases.js [--builds DIR,DIR] [--only api,api] [--runs N]
  each build: a checkout root with dist/ and node_modules/ (default: this one); corpus:
  ${CORPUS_HINT}`;

async function main(argv: string[]): Promise<number> {
  const repoRoot = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');
  if (answeredHelp(argv, USAGE)) return 0;
  const { values } = parseArgs({ args: argv, options: { builds: { type: 'string' }, only: { type: 'string' }, runs: { type: 'string' } } });
  const split = (v: string | undefined) => (v ?? '').split(',').filter((s) => s.length > 0);
  const runs = Number(values.runs ?? 7);
  const all = readManifest(corpusDir(process.env, repoRoot));
  const pairs = split(values.only).length > 0 ? all.filter((p) => split(values.only).includes(p.api)) : all;
  if (!Number.isInteger(runs) || runs <= 0 || pairs.length === 0) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const builds = split(values.builds).length > 0 ? split(values.builds).map((b) => resolve(b)) : [repoRoot];
  const results = new Map<string, CliRun[]>();
  // Builds alternate within each run, so a burst of load from elsewhere hits each build alike.
  for (let run = 1; run <= runs; run++) {
    for (const pair of pairs) {
      for (const build of builds) {
        process.stderr.write(`run ${run}/${runs} ${pair.label} ${build}\n`);
        const key = `${pair.label}\u0000${build}`;
        results.set(key, [...(results.get(key) ?? []), await measureOnce(pair, build)]);
      }
    }
  }
  for (const [key, list] of results) {
    const [label, build] = key.split('\u0000') as [string, string];
    process.stdout.write(`${formatCliPhases(label, build, list)}\n`);
  }
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) process.exitCode = await main(process.argv.slice(2));
