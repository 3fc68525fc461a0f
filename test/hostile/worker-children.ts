// The worker processes of a real `overseer serve` (overseer/work/child-pool.ts), found by their parent in /proc, so
// that a test can kill one the way the kernel's OOM killer or an operator would, and see it replaced.

import { readdirSync, readFileSync } from 'node:fs';

/** The pids whose parent is `parent`, read from /proc/PID/stat (its fourth field). */
export function childrenOf(parent: number): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name, in parentheses, may hold spaces: the fields after its closing one are the plain ones.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // A child killed but not yet reaped (Z) is gone all the same.
      if (Number(fields[1]) === parent && fields[0] !== 'Z') pids.push(Number(name));
    } catch {
      // A process that ended between the listing and the read.
    }
  }
  return pids;
}

/**
 * The children of `parent` once there are `count` of them, none of them in `gone`; asked every 100 ms, at most 600
 * times: a hang guard (a loaded machine may take many seconds to start a replacement), not a speed.
 */
export async function waitForChildren(parent: number, count: number, gone: number[] = []): Promise<number[]> {
  let found: number[] = [];
  for (let i = 0; i < 600; i++) {
    found = childrenOf(parent).filter((pid) => !gone.includes(pid));
    if (found.length === count) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`expected ${count} worker processes of ${parent}, found ${found.length}: ${found.join(', ')}`);
}
