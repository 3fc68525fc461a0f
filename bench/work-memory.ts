// Measures how much heap a worker thread needs for a task, to set OVERSEER_WORK_MEMORY_MB's default from real
// contracts rather than a guess: `npm run build && node dist/bench/work-memory.js FILE [BASE]` (by hand, never in tests).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { WorkTask } from '../overseer/work/wire.js';

const TASKS = fileURLToPath(new URL('../overseer/work/tasks.js', import.meta.url));
const hashOf = (text: string) => createHash('sha256').update(text).digest('hex');

/** A check of `text` against `base` as the registry runs it: the upload prepared, then the gate decided with both. */
function checkTasks(text: string, base: string): WorkTask[] {
  const upload = { contract: text, contractFile: 'candidate.yaml' };
  const candidate = { service: 's', version: '2', declarations: [], contract: { hash: hashOf(text), text } };
  const deployed = [{ service: 's', version: '1', declarations: [], live: 'deployed' as const, contract: { hash: hashOf(base), text: base, stored: true } }];
  return [
    { kind: 'prepare', service: 's', upload, maxContractBytes: 64 * 1024 * 1024, canonical: false },
    { kind: 'decide', input: { service: 's', version: '2', environment: 'prod', candidate, deployed } },
  ];
}

/** Runs the tasks in a thread held to `limitMb`: whether they all answered, and in how long. */
function runLimited(tasks: WorkTask[], limitMb: number): Promise<{ ok: boolean; ms: number; detail: string }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const worker = new Worker(fileURLToPath(import.meta.url), { workerData: tasks, resourceLimits: { maxOldGenerationSizeMb: limitMb } });
    const done = (ok: boolean, detail: string) => {
      resolve({ ok, ms: Math.round(performance.now() - started), detail });
      void worker.terminate();
    };
    worker.once('message', (answer: string) => done(answer === 'ok', answer));
    worker.once('error', (error: NodeJS.ErrnoException) => done(false, error.code ?? error.message));
  });
}

async function inThread(tasks: WorkTask[]): Promise<void> {
  const { default: runTask } = (await import(TASKS)) as { default: (task: WorkTask) => Promise<{ ok?: boolean; error?: unknown }> };
  for (const task of tasks) {
    const answer = await runTask(task);
    if (answer.ok === false) return parentPort!.postMessage(JSON.stringify(answer.error));
  }
  parentPort!.postMessage('ok');
}

/** The smallest limit, to 16 MB, at which the tasks answer, between `low` (fails) and `high` (answers). */
async function smallestLimit(tasks: WorkTask[], low: number, high: number): Promise<number> {
  while (high - low > 16) {
    const middle = Math.round((low + high) / 2);
    const { ok, ms, detail } = await runLimited(tasks, middle);
    process.stdout.write(`  ${middle} MB: ${ok ? 'answered' : detail} in ${ms} ms\n`);
    if (ok) high = middle;
    else low = middle;
  }
  return high;
}

async function main(): Promise<void> {
  const [file, baseFile, fixed] = process.argv.slice(2);
  if (!file) throw new Error('usage: node dist/bench/work-memory.js FILE [BASE] [LIMIT_MB]');
  const text = readFileSync(file, 'utf8');
  const tasks = checkTasks(text, baseFile ? readFileSync(baseFile, 'utf8') : text);
  if (fixed) {
    const { ok, ms, detail } = await runLimited(tasks, Number(fixed));
    process.stdout.write(`${file} at ${fixed} MB: ${ok ? 'answered' : detail} in ${ms} ms\n`);
    return;
  }
  const limit = await smallestLimit(tasks, 32, 4096);
  process.stdout.write(`${file} (${(text.length / 1e6).toFixed(1)} MB) checked against ${baseFile ?? 'itself'}: needs ${limit} MB of old generation\n`);
}

if (isMainThread) await main();
else await inThread(workerData as WorkTask[]);
