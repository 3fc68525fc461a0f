// A real `overseer serve` for the tests of what may take the whole process down: run under a shell so that its file
// descriptors can be held low, with its exit (code or signal) and the tail of its stderr kept for the assertion.

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN } from '../e2e/cli-process.js';

export interface ServeProcess {
  url: string;
  child: ChildProcess;
  /** How the process ended (`code 134`, `signal SIGABRT`), or undefined while it runs. */
  exit(): string | undefined;
  /** The last few KB the process wrote to stderr: its last words when it died. */
  stderr(): string;
  /** Everything it wrote to stdout: its log (one JSON line each, at OVERSEER_LOG_LEVEL, warn unless told). */
  stdout(): string;
  stop(): Promise<void>;
}

/** `overseer serve` on a SQLite file in a folder of its own; `fileLimit` holds its open files (ulimit -n). */
export function startServeProcess(env: Record<string, string>, fileLimit?: number): Promise<ServeProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'overseer-serve-'));
  const limit = fileLimit === undefined ? '' : `ulimit -n ${fileLimit} && `;
  const child = spawn('sh', ['-c', `${limit}exec "$0" "$@"`, process.execPath, BIN, 'serve', '--port', '0', '--db', join(dir, 'registry.db')], {
    env: { PATH: process.env.PATH ?? '', OVERSEER_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  let exit: string | undefined;
  child.stderr.on('data', (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-8000)));
  const ended = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exit = signal ? `signal ${signal}` : `code ${code}`;
      resolve();
    }),
  );
  const stop = async () => {
    if (exit === undefined) child.kill('SIGTERM');
    await ended;
    rmSync(dir, { recursive: true, force: true });
  };
  return new Promise((resolve, reject) => {
    let heard = '';
    child.stdout.on('data', (chunk: Buffer) => {
      heard += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(heard);
      if (match) resolve({ url: match[1]!, child, exit: () => exit, stderr: () => tail, stdout: () => heard, stop });
    });
    void ended.then(() => reject(new Error(`the registry ended (${exit}) before listening:\n${heard}${tail}`)));
  });
}
