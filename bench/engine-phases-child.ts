// Child of bench/engine-phases.ts: one cold run of a build's engine, timed per phase on the main thread alone.
// Wall time on a shared two-core machine mixes in V8's compiler and collector threads and other users' load;
// the main thread's own CPU (the kernel's per-thread count) is the part a change to our code moves.
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** What one run prints as its one JSON line: CPU milliseconds, main thread then whole process. */
export interface PhaseSample {
  importMs: number;
  parseMs: number;
  /** Wall time of loading both contracts: the one phase a second thread could shorten. */
  parseWallMs: number;
  diffMs: number;
  processParseMs: number;
  processDiffMs: number;
  findings: number;
}

// The first field of schedstat is the nanoseconds this thread has run on a CPU (Linux only).
const mainThreadMs = () => Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
const processMs = () => {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
};

const [buildRoot, oldFile, newFile, mode] = process.argv.slice(2);
if (!buildRoot || !oldFile || !newFile || (mode !== undefined && mode !== 'worker')) {
  process.stderr.write('usage: node dist/bench/engine-phases-child.js BUILD_ROOT OLD NEW [worker]\n');
  process.exit(2);
}
const fromBuild = (rel: string) => pathToFileURL(`${buildRoot}/dist/${rel}`).href;
const importStart = mainThreadMs();
const engine = await import(fromBuild('contracts/index.js'));
const tier = await import(fromBuild('cli/optimising-tier.js'));
const parseStart = mainThreadMs();
const processParseStart = processMs();
const parseWallStart = performance.now();
const [base, revision] = mode === 'worker' ? await loadBaseInWorker() : [await engine.loadContract(oldFile, {}), await engine.loadContract(newFile, {})];
const parseWallMs = performance.now() - parseWallStart;
// As `overseer diff` does once its contracts are loaded (cli/bin.ts).
tier.stopOptimisingTier();
const diffStart = mainThreadMs();
const processDiffStart = processMs();
const diff = engine.diffContracts(base, revision);
const report = engine.judgeDiff({ diff, base: { file: oldFile }, revision: { file: newFile }, failOn: 'breaking' });
const sample: PhaseSample = {
  importMs: parseStart - importStart,
  parseMs: diffStart - parseStart,
  parseWallMs,
  diffMs: mainThreadMs() - diffStart,
  processParseMs: processDiffStart - processParseStart,
  processDiffMs: processMs() - processDiffStart,
  findings: report.changes.length,
};
process.stdout.write(`${JSON.stringify(sample)}\n`, () => process.exit(0));

/** The base read on a second thread while this one reads the revision; the clone's cost and the worker's start count. */
async function loadBaseInWorker() {
  const worker = new Worker(fileURLToPath(new URL('./engine-phases-worker.js', import.meta.url)), { workerData: { buildRoot, file: oldFile } });
  const parts = new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const revision = await engine.loadContract(newFile, {});
  const base = engine.reviveContract(await parts);
  await worker.terminate();
  return [base, revision];
}
