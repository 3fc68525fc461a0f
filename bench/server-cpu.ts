// The registry's CPU time, read from /proc: CPU per request varies far less with a noisy shared machine than latency
// percentiles do, so before/after comparisons read it first. Its worker pool runs in child processes, which
// readProcessCpuMs does not count and readProcessTreeCpuMs does.
import { readdirSync, readFileSync } from 'node:fs';

// Linux reports utime and stime in clock ticks of 1/100 s on every architecture Node runs on here.
const TICK_MS = 10;

/** The fields of `/proc/PID/stat` after the command name and state, or null where /proc cannot tell (not Linux, gone). */
function readStatFields(pid: number | string): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: the fields are counted from after its closing one.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

// After the state: the parent's pid is field 1; utime and stime 11 and 12; the waited-for children's cutime and
// cstime 13 and 14 (fields 4, 14-17 of the whole line).
const ticksMs = (fields: string[], at: number) => (Number(fields[at]) + Number(fields[at + 1])) * TICK_MS;

/** User plus system CPU milliseconds `pid` has used so far, or null where /proc cannot tell (not Linux, process gone). */
export function readProcessCpuMs(pid: number): number | null {
  const fields = readStatFields(pid);
  return fields === null ? null : ticksMs(fields, 11);
}

/** The CPU of `pid` and of its children (a PostgreSQL postmaster and its backends), or null where /proc cannot tell. */
export function readProcessTreeCpuMs(pid: number): number | null {
  const own = readStatFields(pid);
  if (own === null) return null;
  // A backend that ended between two readings took its time out of the live children's sum; the parent counts it as
  // its waited-for children's (cutime, cstime), so adding those keeps the total from going backwards (it once read
  // -1.44 ms per request on PostgreSQL).
  let total = ticksMs(own, 11) + ticksMs(own, 13);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    // A child gone between the listing and the read has no line: its time is its parent's to count, above.
    const fields = readStatFields(entry);
    if (fields !== null && Number(fields[1]) === pid) total += ticksMs(fields, 11);
  }
  return total;
}

/** CPU milliseconds per request of a run, from the readings before and after it; null when either is unknown. */
export function cpuPerRequest(before: number | null, after: number | null, requests: number): number | null {
  if (before === null || after === null || requests <= 0) return null;
  return (after - before) / requests;
}

/**
 * waitForQuiet for a registry the bench started: its own process and its worker processes (its children), and the
 * PostgreSQL server it stores in when the bench started one (`database`, the cluster's postmaster and backends). Its
 * own process alone read as quiet while it waited on them: a registry still writing what it was seeded with into
 * PostgreSQL, or parsing it in a worker, spends its CPU there.
 */
export function waitForServerQuiet(pid: number, database?: { readCpuMs(): number | null }): Promise<number> {
  return waitForQuiet(pid, { readCpu: () => readServerCpuMs(pid, database) });
}

/** What waitForServerQuiet watches: the CPU of `pid`, of its children and of `database`'s processes; null if unknown. */
export function readServerCpuMs(pid: number, database?: { readCpuMs(): number | null }): number | null {
  const own = readProcessTreeCpuMs(pid);
  const store = database === undefined ? 0 : database.readCpuMs();
  return own === null || store === null ? null : own + store;
}

/**
 * Resolves once `pid` used under `share` of one core over a whole `quietMs`, or after `maxMs`: a registry just seeded
 * may still be writing what it received (observed calls, notifications), which would be counted on the first run.
 * `readCpu` is the test's seam: a real busy process may get no CPU at all for a window on a loaded machine.
 */
export async function waitForQuiet(
  pid: number,
  { quietMs = 1000, share = 0.05, maxMs = 60_000, readCpu = readProcessCpuMs as (pid: number) => number | null } = {},
): Promise<number> {
  const started = Date.now();
  for (;;) {
    const before = readCpu(pid);
    await new Promise((resolve) => setTimeout(resolve, quietMs));
    const after = readCpu(pid);
    const waited = Date.now() - started;
    if (before === null || after === null || after - before <= share * quietMs || waited >= maxMs) return waited;
  }
}
