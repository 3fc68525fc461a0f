// Whether a server's event loop stayed free while it worked, told by CPU time instead of wall time: the CPU its
// event-loop thread spends between two answers does not grow when a loaded machine makes every answer slow.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';

// Linux reports utime and stime in clock ticks of 1/100 s on every architecture Node runs on here.
const TICK_MS = 10;

/**
 * A stretch of the event loop's own work shorter than this is no stall anyone notices, whatever the request cost
 * (and ten clock ticks keep the reading's granularity out of the comparison).
 */
const NOTICED_CPU_MS = 100;
/** Half a second of the loop's own CPU without an answer is a stall, however much work the request was. */
const STALL_CPU_MS = 500;

function readStatCpuMs(file: string): number {
  const stat = readFileSync(file, 'utf8');
  // The command name may hold spaces and parentheses: the fields are counted from after its closing one.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

/** CPU milliseconds the main thread of `pid` (its event loop: the thread whose id is the process id) has used. */
function readLoopCpuMs(pid: number): number {
  return readStatCpuMs(`/proc/${pid}/task/${pid}/stat`);
}

/** CPU milliseconds every thread of `pid` together (event loop, worker pool, the garbage collector) has used. */
function readAllCpuMs(pid: number): number {
  return readStatCpuMs(`/proc/${pid}/stat`);
}

export interface LoopWatch<T> {
  result: T;
  /** The most CPU the event loop spent between two answers (or before the first, or after the last). */
  longestLoopCpuMs: number;
  /** The CPU every thread of the process and its worker processes spent while the work ran. */
  workCpuMs: number;
  /** How many answers the loop gave while the work ran. */
  answers: number;
}

/**
 * Runs `ask` (a request the event loop answers, or a timer it fires) over and over until `work` settles, reading the
 * loop thread's CPU after each answer. A loop that runs the work itself spends it all between two answers.
 */
export async function watchLoop<T>(pid: number, work: Promise<T>, ask: () => Promise<void>): Promise<LoopWatch<T>> {
  let done = false;
  const settled = work.finally(() => {
    done = true;
  });
  const firstAll = readAllCpuMs(pid) + readChildrenCpuMs(pid);
  let last = readLoopCpuMs(pid);
  let longestLoopCpuMs = 0;
  let answers = 0;
  while (!done) {
    await ask();
    const now = readLoopCpuMs(pid);
    longestLoopCpuMs = Math.max(longestLoopCpuMs, now - last);
    last = now;
    answers += 1;
  }
  const result = await settled;
  longestLoopCpuMs = Math.max(longestLoopCpuMs, readLoopCpuMs(pid) - last);
  return { result, longestLoopCpuMs, workCpuMs: readAllCpuMs(pid) + readChildrenCpuMs(pid) - firstAll, answers };
}

/**
 * The event loop never spent half the work's CPU in one stretch without answering (nor half a second of CPU, nor less
 * than a tenth of one when the work was that small): the work ran elsewhere. A loop that parses a contract itself
 * spends nearly all of it in one stretch, on any machine at any load.
 */
export function expectLoopStayedFree(watch: LoopWatch<unknown>, what: string): void {
  const allowed = Math.min(Math.max(watch.workCpuMs / 2, NOTICED_CPU_MS), STALL_CPU_MS);
  const said = `${what}: the event loop spent ${watch.longestLoopCpuMs} ms of CPU in one stretch without answering, of ${watch.workCpuMs} ms the process spent (${watch.answers} answers)`;
  expect(watch.longestLoopCpuMs, said).toBeLessThanOrEqual(allowed);
}

/** CPU milliseconds the child processes of `pid` (its worker pool's processes, overseer/work/child-pool.ts) have used. */
function readChildrenCpuMs(pid: number): number {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(' ').filter(Boolean);
  let sum = 0;
  for (const child of children) {
    try {
      sum += readAllCpuMs(Number(child));
    } catch {
      // A child that ended between the listing and the read.
    }
  }
  return sum;
}

/**
 * Resolves once the worker processes of `pid` have spent `cpuMs` more CPU than when it was called: a test that needs
 * the pool busy before it asks waits for that, not for a pause that a loaded machine may make too short. The process's
 * own threads beside its loop are not counted: their garbage collection of a large body once made this resolve before
 * any work had begun.
 */
export async function waitUntilWorkersWork(pid: number, cpuMs: number, timeoutMs = 120_000): Promise<void> {
  const offLoop = () => readChildrenCpuMs(pid);
  const start = offLoop();
  const deadline = Date.now() + timeoutMs;
  while (offLoop() - start < cpuMs) {
    if (Date.now() > deadline) throw new Error(`the worker processes of ${pid} did not spend ${cpuMs} ms of CPU within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
