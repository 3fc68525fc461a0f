// Heavy work runs in forked child processes, each started with a heap bound: a task past it (or one that crashes or is
// killed) ends only its child, never the registry, which Node cannot promise for a worker thread (nodejs/node#47224).
// A child lost is replaced; one that cannot start is tried again, and the tasks waiting meanwhile are answered.

import { ApiError, WORKER_RETRY_SECONDS } from '../errors.js';
import { type Runner, type Runtime, startRunner } from './runners.js';

interface ChildPoolOptions {
  /** The built worker entry (overseer/work/child-main.js). */
  file: string;
  /** What each slot runs tasks in (runners.ts); a process by default. */
  runtime?: Runtime;
  /** Children run at once: one task each. */
  size: number;
  /** The old generation (MB) a child may use (--max-old-space-size); 0: Node's own default. */
  memoryMb: number;
  /** How long a task may run before its child is killed; 0: no bound. */
  timeoutMs: number;
  /** A child that could not start or ended outside any task: said to the log. */
  onError?: (error: Error) => void;
}

interface ChildPool {
  /** The worker entry its workers run. */
  file: string;
  run(task: unknown): Promise<unknown>;
  close(): Promise<void>;
}

interface Job {
  task: unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

interface Slot {
  child?: Runner;
  ready: boolean;
  job?: Job;
  timer?: NodeJS.Timeout;
  /** Why the pool killed the child (a timeout), so that its exit is not taken for a crash. */
  killedFor?: ApiError;
  /** The child's last words on stderr: V8 names a heap bound reached there. */
  tail: string;
  /** Failed starts in a row: the wait before the next grows with them. */
  failures: number;
  /** Called once the runner has ended, when the pool closes and waits for it. */
  ending?: (value: unknown) => void;
}

const RETRY_FIRST_MS = 100;
const RETRY_MAX_MS = 2_000;
const OUT_OF_MEMORY = /heap out of memory|Reached heap limit|allocation failed/i;

export function createChildPool(options: ChildPoolOptions): ChildPool {
  const slots: Slot[] = Array.from({ length: options.size }, () => ({ ready: false, tail: '', failures: 0 }));
  const waiting: Job[] = [];
  let closed = false;
  // The last start that failed while no child was ready: tasks are answered 503 rather than left waiting for one.
  let unavailable: Error | undefined;

  function start(slot: Slot): void {
    if (closed) return;
    slot.ready = false;
    slot.tail = '';
    // Each runner's events name it: those of one already replaced are not taken for the slot's current one.
    const runner: Runner | undefined = startRunner(options.runtime ?? 'process', options.file, options.memoryMb, {
      message: (message) => answered(slot, runner!, message as ChildMessage),
      end: (code, signal) => ended(slot, runner!, code, signal),
      startFailed: (error) => failedStart(slot, error),
      error: (error) => options.onError?.(error),
      stderr: (chunk) => {
        // Kept, not passed on: a heap bound reached is an answer to a request (413), not the registry's own fatal error.
        slot.tail = (slot.tail + chunk).slice(-4000);
      },
    });
    slot.child = runner;
  }

  function failedStart(slot: Slot, error: Error): void {
    slot.child = undefined;
    slot.ready = false;
    slot.failures++;
    options.onError?.(Object.assign(new Error(`a worker process could not start: ${error.message}`, { cause: error })));
    // A fork refused is answered at once; a child that died while loading (killed, say) is waited for once more first.
    if (!slots.some((s) => s.ready) && (slot.failures >= 2 || (error as NodeJS.ErrnoException).code !== undefined)) {
      unavailable = error;
      for (const job of waiting.splice(0)) job.reject(unavailableError(error));
    }
    const wait = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** (slot.failures - 1));
    setTimeout(() => start(slot), wait).unref();
  }

  function answered(slot: Slot, child: Runner, message: ChildMessage): void {
    if (slot.child !== child) return;
    if ('ready' in message) {
      slot.ready = true;
      slot.failures = 0;
      unavailable = undefined;
      dispatch();
      return;
    }
    const job = finish(slot);
    if (!job) return;
    if ('failed' in message) job.reject(Object.assign(new Error(message.failed.message), { stack: message.failed.stack }));
    else job.resolve(message.answer);
    dispatch();
  }

  function ended(slot: Slot, child: Runner, code: number | null, signal: NodeJS.Signals | null): void {
    if (slot.child !== child) return;
    const wasReady = slot.ready;
    slot.child = undefined;
    slot.ready = false;
    const killedFor = slot.killedFor;
    slot.killedFor = undefined;
    const job = finish(slot);
    slot.ending?.(undefined);
    if (closed) return job?.reject(new Error('the work pool closed'));
    const how = signal ? `signal ${signal}` : `code ${code}`;
    const outOfMemory = options.memoryMb > 0 && OUT_OF_MEMORY.test(slot.tail);
    if (job) job.reject(killedFor ?? lostError(how, outOfMemory ? options.memoryMb : 0));
    // A heap bound reached is the request's answer (413), not a fault of the registry's to log.
    if (!killedFor && !(job && outOfMemory))
      options.onError?.(new Error(`a worker process ended (${how})${job ? ' during a task' : ''}: ${lastLine(slot.tail)}`));
    // A child that died before it was ready failed to start: the next try waits, so a broken start does not spin.
    if (wasReady || job) start(slot);
    else failedStart(slot, new Error(`it ended while starting (${how}): ${lastLine(slot.tail)}`));
  }

  function finish(slot: Slot): Job | undefined {
    const job = slot.job;
    slot.job = undefined;
    slot.child?.release();
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = undefined;
    return job;
  }

  function dispatch(): void {
    for (const slot of slots) {
      if (waiting.length === 0) return;
      if (!slot.ready || slot.job || !slot.child) continue;
      const job = waiting.shift()!;
      slot.job = job;
      // Held while a task runs, so that a caller with nothing else to wait on is not ended before its answer.
      slot.child.hold();
      if (options.timeoutMs > 0) slot.timer = setTimeout(() => timedOut(slot), options.timeoutMs);
      slot.child.send({ task: job.task });
    }
  }

  function timedOut(slot: Slot): void {
    const seconds = options.timeoutMs / 1000;
    slot.killedFor = new ApiError('ERR_WORK_TIMEOUT', `the work took longer than ${seconds} s and was stopped (OVERSEER_WORK_TIMEOUT_MS)`);
    slot.child?.kill();
  }

  for (const slot of slots) start(slot);

  return {
    file: options.file,
    run(task) {
      if (closed) return Promise.reject(new Error('the work pool closed'));
      if (unavailable) return Promise.reject(unavailableError(unavailable));
      return new Promise((resolve, reject) => {
        waiting.push({ task, resolve, reject });
        dispatch();
      });
    },
    async close() {
      closed = true;
      for (const job of waiting.splice(0)) job.reject(new Error('the work pool closed'));
      const exits = slots.flatMap((slot) => (slot.child ? [new Promise((resolve) => (slot.ending = resolve))] : []));
      for (const slot of slots) {
        // Held while they end: with nothing else left on the loop, an unref'd child's exit would never be waited for,
        // and a serve stopped by SIGTERM ended with code 13 (a top-level await left unsettled) instead of 0.
        slot.child?.holdUntilEnd();
        slot.child?.kill();
      }
      await Promise.all(exits);
    },
  };
}

type ChildMessage = { ready: true } | { answer: unknown } | { failed: { message: string; stack?: string } };

function lostError(how: string, memoryMb: number): ApiError {
  if (memoryMb > 0) {
    const bound = `${memoryMb} MB (OVERSEER_WORK_MEMORY_MB)`;
    return new ApiError('ERR_WORK_TOO_LARGE', `the work needed more memory than a worker process may use, ${bound}, and was stopped`);
  }
  return new ApiError(
    'ERR_WORKER_LOST',
    `the worker process running this request ended (${how}) and was replaced: retry in ${WORKER_RETRY_SECONDS} s; if it ends again, the request is what ends it`,
  );
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1) ?? '';
}

function unavailableError(cause: Error): ApiError {
  const why = (cause as NodeJS.ErrnoException).code ?? cause.message;
  return new ApiError('ERR_WORKER_UNAVAILABLE', `no worker process could be started (${why}); the registry keeps trying: retry in ${WORKER_RETRY_SECONDS} s`);
}
