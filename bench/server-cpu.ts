// The registry process's CPU time (main thread and pool threads together), read from /proc: CPU per request varies far
// less with a noisy shared machine than latency percentiles do, so before/after comparisons read it first.
import { readdirSync, readFileSync } from 'node:fs';

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

/** The CPU of `pid` and of its children (a PostgreSQL postmaster and its backends), or null where /proc cannot tell. */
export function readProcessTreeCpuMs(pid: number): number | null {
  const own = readProcessCpuMs(pid);
  if (own === null) return null;
  // A backend that ended between two readings took its time out of the live children's sum; the parent counts it as
  // its waited-for children's (cutime, cstime), so adding those keeps the total from going backwards (it once read
  // -1.44 ms per request on PostgreSQL).
  let total = own + (readReapedChildrenCpuMs(pid) ?? 0);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // After the name: state, then the parent's pid.
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) total += readProcessCpuMs(Number(entry)) ?? 0;
    } catch {
      // Gone between the listing and the read: its time is no longer anyone's to count.
    }
  }
  return total;
}

/** User plus system CPU milliseconds of the children `pid` has waited for (fields 16 and 17 of its stat line). */
function readReapedChildrenCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) * TICK_MS;
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
