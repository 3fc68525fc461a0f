// What a slot of the pool (child-pool.ts) runs its tasks in: a forked process, whose heap bound ends only itself, or a
// worker thread, which answers without a process boundary to cross. One shape for both, so the pool heals either alike.

import { type ChildProcess, fork } from 'node:child_process';
import { Worker } from 'node:worker_threads';

export type Runtime = 'process' | 'thread';

interface RunnerEvents {
  message(message: unknown): void;
  /** It ended, after it started (or while starting); `code`/`signal` as Node reports them. */
  end(code: number | null, signal: NodeJS.Signals | null): void;
  /** It could not be started at all (a fork refused: no file descriptor left); no `end` follows. */
  startFailed(error: Error): void;
  /** An error of a running one, for the log; its `end` follows if it ended. */
  error(error: Error): void;
  /** What a process wrote on stderr (V8 names a heap bound reached there); a thread's stderr is the registry's. */
  stderr(chunk: string): void;
}

export interface Runner {
  send(message: unknown): void;
  kill(): void;
  /** Keeps the registry's loop alive while a task runs; `release` lets it go again. */
  hold(): void;
  release(): void;
  /** Keeps the loop alive until it has ended: the pool's close waits for that, with nothing else left to run. */
  holdUntilEnd(): void;
}

export function startRunner(runtime: Runtime, file: string, memoryMb: number, on: RunnerEvents): Runner | undefined {
  return runtime === 'thread' ? startThread(file, on) : startProcess(file, memoryMb, on);
}

function startProcess(file: string, memoryMb: number, on: RunnerEvents): Runner | undefined {
  const execArgv = memoryMb > 0 ? [`--max-old-space-size=${memoryMb}`] : [];
  let child: ChildProcess;
  try {
    child = fork(file, [], { execArgv, serialization: 'advanced', stdio: ['ignore', 'inherit', 'pipe', 'ipc'] });
  } catch (error) {
    on.startFailed(error as Error);
    return undefined;
  }
  // The pool never keeps the registry's process alive: a child ends with it (child-main.ts leaves on disconnect).
  child.unref();
  child.channel?.unref();
  const stderr = child.stderr as (NodeJS.ReadableStream & { ref?: () => void; unref?: () => void }) | null;
  stderr?.on('data', (chunk: Buffer) => on.stderr(chunk.toString()));
  stderr?.unref?.();
  child.once('error', (error) => {
    // Raised when the fork itself failed (no file descriptor left): no exit follows.
    if (child.pid === undefined) on.startFailed(error);
    else on.error(error);
  });
  child.on('message', (message) => on.message(message));
  // 'close' comes once stderr is read to its end, with V8's last words in it.
  child.once('close', (code, signal) => on.end(code, signal));
  return {
    send: (message) => child.send(message as never),
    kill: () => child.kill('SIGKILL'),
    hold: () => child.channel?.ref(),
    release: () => child.channel?.unref(),
    holdUntilEnd: () => {
      child.ref();
      stderr?.ref?.();
    },
  };
}

function startThread(file: string, on: RunnerEvents): Runner | undefined {
  let worker: Worker;
  try {
    worker = new Worker(file);
  } catch (error) {
    on.startFailed(error as Error);
    return undefined;
  }
  worker.unref();
  worker.on('message', (message) => on.message(message));
  // An error a thread did not catch ends it: its 'exit' follows, and the pool replaces it there.
  worker.on('error', (error) => on.error(error));
  worker.once('exit', (code) => on.end(code, null));
  return {
    send: (message) => worker.postMessage(message),
    kill: () => void worker.terminate(),
    hold: () => worker.ref(),
    release: () => worker.unref(),
    holdUntilEnd: () => worker.ref(),
  };
}
