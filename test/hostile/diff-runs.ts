// Running `overseer diff` as the hostile-input tests do, in process through run(argv, io) and through the built bin, and
// what a refusal must look like: exit 2, one `error:` line naming the file and the problem, no stack, bounded CPU.

import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { run } from '../../cli/main.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const fixtures = path.join(root, 'test/fixtures/hostile');
/**
 * CPU, not wall time, so that a loaded machine cannot fail a case: each takes well under a second of it, and the
 * bugs these inputs were made for (a quadratic scan, an unbounded expansion) took minutes.
 */
const IN_PROCESS_CPU_MS = 10_000;
/** Not a speed bound: a bin still running this long is hung, and is killed so that its case fails with a reason. */
const BIN_HANG_MS = 50_000;

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
  /** CPU the in-process run used (every thread of the test's process); undefined for the bin, which is only kept from hanging. */
  cpuMs?: number;
  signal?: NodeJS.Signals | null;
}

export async function diffInProcess(args: string[]): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const started = process.cpuUsage();
  const code = await run(['diff', ...args], {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    env: { NO_COLOR: '1' },
    cwd: fixtures,
    isTTY: false,
  });
  const used = process.cpuUsage(started);
  return { code, stdout, stderr, cpuMs: (used.user + used.system) / 1000 };
}

// Spawned, not spawnSync: a synchronous spawn holds this worker's event loop for the whole run, and twenty of them in a
// row on a loaded machine kept vitest's own messages waiting past their 60 s timeout (an unhandled error, a failed run).
export function diffWithBin(args: string[]): Promise<Outcome> {
  const child = spawn(process.execPath, [path.join(root, 'dist/cli/bin.js'), 'diff', ...args], {
    cwd: fixtures,
    timeout: BIN_HANG_MS,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, stdout, stderr, signal }));
  });
}

/** The in-process run's CPU stayed bounded (the bin's is not read: its hang guard kills it instead). */
export function expectBoundedWork(r: Outcome): void {
  if (r.cpuMs !== undefined) expect(r.cpuMs, 'CPU milliseconds').toBeLessThan(IN_PROCESS_CPU_MS);
}

export function expectRefused(r: Outcome, error: RegExp): void {
  expect(r.signal ?? null, `killed after ${BIN_HANG_MS / 1000} s: hung`).toBeNull();
  // The problem with its code on one line, then the command that prints its row of docs/ERRORS.md.
  expect(r.stderr, 'error ERR_CODE: one line, then where to read of it').toMatch(/^error (ERR_[A-Z_]+): [^\n]+\nRun "overseer explain \1" for what to do\.\n$/);
  expect(r.stderr).toMatch(error);
  // Not the catch-all for unexpected failures, and no stack frames.
  expect(r.stderr).not.toContain('OVERSEER_DEBUG');
  expect(r.stderr).not.toMatch(/\n\s+at |\.(?:ts|js):\d+:\d+/);
  expect(r.stdout).toBe('');
  expect(r.code).toBe(2);
  expectBoundedWork(r);
}
