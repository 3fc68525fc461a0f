// Step of `npm run bench`: times `npm test` from spawn to exit and writes the "test suite" section of docs/BENCHMARKS.md.
// OVERSEER_BENCH_SKIP_TESTS=1 skips it (the suite takes minutes); its output streams to stderr as it runs.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { answeredHelp } from './args.js';
import { spliceMarkedSection } from './registry-report.js';
import { readVitestSummary, renderTestSuiteSection, TEST_SUITE_MARKERS, type TestSuiteRun } from './test-suite-report.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const DOC = join(root, 'docs', 'BENCHMARKS.md');
const say = (text: string) => process.stderr.write(text);

// CPU seconds of this process's children that were waited for (and theirs): fields cutime and cstime of /proc/self/stat.
function readChildrenCpuS(): number | null {
  if (!existsSync('/proc/self/stat')) return null;
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 16 and 17 of proc(5), counted from the third one here; in clock ticks, 100 a second on Linux.
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

function runNpmTest(): Promise<{ exitCode: number | null; output: string; wallS: number }> {
  const started = performance.now();
  // FORCE_COLOR off: the summary is read back from this output.
  const child = spawn('npm', ['test'], { cwd: root, env: { ...process.env, FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const relay = (chunk: Buffer) => {
    output += chunk.toString();
    say(chunk.toString());
  };
  child.stdout.on('data', relay);
  child.stderr.on('data', relay);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ exitCode, output, wallS: (performance.now() - started) / 1000 }));
  });
}

const USAGE = `usage: node dist/bench/test-suite.js (npm run bench's last step; no options)
  runs \`npm test\` in this repository and writes the "Test suite" section of docs/BENCHMARKS.md (minutes);
  OVERSEER_BENCH_SKIP_TESTS=1 skips it`;

async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  if (answeredHelp(argv, USAGE)) return 0;
  // It takes no option: one it does not know must not start minutes of tests in its place.
  if (argv.length > 0) {
    say(`unknown argument ${argv[0]}\n${USAGE}\n`);
    return 2;
  }
  if (env.OVERSEER_BENCH_SKIP_TESTS === '1') {
    say('test suite: skipped (OVERSEER_BENCH_SKIP_TESTS=1); its section of docs/BENCHMARKS.md is left as it was\n');
    return 0;
  }
  const cpus = os.cpus();
  const loadBefore = os.loadavg()[0] ?? 0;
  const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  say(`test suite: npm test, load average ${loadBefore.toFixed(2)} ...\n`);
  const cpuBefore = readChildrenCpuS();
  const { exitCode, output, wallS } = await runNpmTest();
  const cpuAfter = readChildrenCpuS();
  const run: TestSuiteRun = {
    machine: `${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GB memory`,
    node: process.version,
    date,
    loadBefore,
    loadAfter: os.loadavg()[0] ?? 0,
    wallS,
    cpuS: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore,
    exitCode,
    summary: readVitestSummary(output),
  };
  const section = renderTestSuiteSection(run);
  writeFileSync(DOC, spliceMarkedSection(existsSync(DOC) ? readFileSync(DOC, 'utf8') : null, TEST_SUITE_MARKERS, section));
  say(`test suite: ${wallS.toFixed(1)} s, CPU ${run.cpuS?.toFixed(1) ?? '?'} s, exit ${exitCode}; wrote ${DOC}\n`);
  // A failing suite is recorded as failed, and does not stop the benchmarks after it.
  return 0;
}

main(process.argv.slice(2), process.env).then(
  (code) => process.exit(code),
  (err: unknown) => {
    say(`bench test-suite failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(2);
  },
);
