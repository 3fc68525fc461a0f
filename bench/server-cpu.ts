// The registry process's CPU time (main thread and pool threads together), read from /proc: CPU per request varies far
// less with a noisy shared machine than latency percentiles do, so before/after comparisons read it first.
import { readFileSync } from 'node:fs';

// Linux reports utime and stime in clock ticks of 1/100 s on every architecture Node runs on here.
const TICK_MS = 10;

/** User plus system CPU milliseconds `pid` has used so far, or null where /proc cannot tell (not Linux, process gone). */
export function readProcessCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: the fields are counted from after its closing one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name and state.
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return null;
  }
}

/** CPU milliseconds per request of a run, from the readings before and after it; null when either is unknown. */
export function cpuPerRequest(before: number | null, after: number | null, requests: number): number | null {
  if (before === null || after === null || requests <= 0) return null;
  return (after - before) / requests;
}

/**
 * Resolves once `pid` used under `share` of one core over a whole `quietMs`, or after `maxMs`: a registry just seeded
 * may still be writing what it received (observed calls, notifications), which would be counted on the first run.
 * `readCpu` is the test's seam: a real busy process may get no CPU at all for a window on a loaded machine.
 */
export async function waitForQuiet(pid: number, { quietMs = 1000, share = 0.05, maxMs = 60_000, readCpu = readProcessCpuMs } = {}): Promise<number> {
  const started = Date.now();
  for (;;) {
    const before = readCpu(pid);
    await new Promise((resolve) => setTimeout(resolve, quietMs));
    const after = readCpu(pid);
    const waited = Date.now() - started;
    if (before === null || after === null || after - before <= share * quietMs || waited >= maxMs) return waited;
  }
}
