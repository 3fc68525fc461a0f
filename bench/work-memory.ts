// Measures how much heap a worker process needs for a task, to set OVERSEER_WORK_MEMORY_MB's default from real
// contracts rather than a guess, by hand, never in tests: `npm run build && node dist/bench/work-memory.js FILE [BASE]
// [LIMIT_MB]`, or `node dist/bench/work-memory.js --corpus DIR [LIMIT_MB]` for every pair of DIR/MANIFEST.tsv at once.
import { fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_WORK_MEMORY_MB } from '../overseer/config.js';
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

/** Runs the tasks in a process held to `limitMb`, as the registry's pool starts them: whether they all answered, and in how long. */
function runLimited(tasks: WorkTask[], limitMb: number): Promise<{ ok: boolean; ms: number; detail: string }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = fork(fileURLToPath(import.meta.url), ['--child'], {
      execArgv: [`--max-old-space-size=${limitMb}`],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    });
    let answer: string | undefined;
    child.once('message', (message: string) => (answer = message));
    child.once('exit', (code, signal) => {
      const detail = answer ?? `ended (${signal ?? `code ${code}`})`;
      resolve({ ok: answer === 'ok', ms: Math.round(performance.now() - started), detail });
    });
    child.send(tasks);
  });
}

async function inChild(tasks: WorkTask[]): Promise<void> {
  const { runTask } = (await import(TASKS)) as { runTask: (task: WorkTask) => Promise<{ ok?: boolean; error?: unknown }> };
  let answer = 'ok';
  for (const task of tasks) {
    const result = await runTask(task);
    if (result.ok === false) {
      answer = JSON.stringify(result.error);
      break;
    }
  }
  process.send!(answer, () => process.disconnect());
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

/** Every pair of the corpus checked at `limitMb`, its new file against its old, as a check of the new would be. */
async function corpus(dir: string, limitMb: number): Promise<void> {
  const rows = readFileSync(join(dir, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1);
  let passed = 0;
  for (const row of rows) {
    const [, oldFile, newFile] = row.split('\t');
    const tasks = checkTasks(readFileSync(join(dir, newFile!), 'utf8'), readFileSync(join(dir, oldFile!), 'utf8'));
    const { ok, ms, detail } = await runLimited(tasks, limitMb);
    if (ok) passed++;
    process.stdout.write(`${newFile} against ${oldFile} at ${limitMb} MB: ${ok ? 'answered' : detail} in ${ms} ms\n`);
  }
  process.stdout.write(`${passed} of ${rows.length} pairs answered at ${limitMb} MB\n`);
}

async function main(): Promise<void> {
  const [file, baseFile, fixed] = process.argv.slice(2);
  if (!file) throw new Error('usage: node dist/bench/work-memory.js FILE [BASE] [LIMIT_MB] | --corpus DIR [LIMIT_MB]');
  if (file === '--corpus') return corpus(baseFile!, Number(fixed ?? DEFAULT_WORK_MEMORY_MB));
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

if (process.argv[2] === '--child') process.once('message', (tasks: WorkTask[]) => void inChild(tasks));
else await main();
