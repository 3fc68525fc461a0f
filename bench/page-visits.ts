// The one way the page benches count the event loop's cost: the app started afresh on one registry file for each run,
// each page asked twice (a first visit after a start, then again), timed in the main thread's own CPU.
import { readFileSync } from 'node:fs';
import { buildApp } from '../overseer/app.js';
import { parseConfig } from '../overseer/config.js';
import { openSqliteStore } from '../overseer/store/sqlite/index.js';

/**
 * The CPU milliseconds a process's main thread has run so far (the kernel's count, Linux): on a shared machine the
 * loop's busy wall time counts the time other processes held the core; this does not. Worker processes are not counted.
 */
export const loopCpuMs = (pid = process.pid) => Number(readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;

/** Main-thread CPU ms by `label, first visit` and `label, again`, one entry per run; `answered` sees each answer. */
export async function visitPages(
  db: string,
  runs: number,
  pages: Record<string, string>,
  answered?: (path: string, visit: string, run: number, body: Buffer) => void,
): Promise<Map<string, number[]>> {
  const times = new Map<string, number[]>();
  for (let run = 0; run < runs; run++) {
    const config = parseConfig({ db }, {});
    const store = openSqliteStore(config.db);
    const app = buildApp({ config, store });
    await app.ready();
    try {
      for (const [label, path] of Object.entries(pages)) {
        for (const visit of ['first visit', 'again']) {
          const before = loopCpuMs();
          const res = await app.inject(path);
          const key = `${label}, ${visit}`;
          times.set(key, [...(times.get(key) ?? []), loopCpuMs() - before]);
          if (res.statusCode !== 200) throw new Error(`${path}: ${res.statusCode} ${res.body.slice(0, 200)}`);
          answered?.(path, visit, run, res.rawPayload);
        }
      }
    } finally {
      await app.close();
      await store.close();
    }
  }
  return times;
}
