// One worker pool per test process for the apps that tests build one after another: an app's own pool starts a thread
// that loads the engine, about 0.4 s of CPU, and route tests build an app per test.
import { createAppWorkPool } from '../../overseer/app.js';
import type { Config } from '../../overseer/config.js';
import { DEFAULT_OBSERVE } from '../../overseer/observe/config.js';
import type { WorkPool } from '../../overseer/work/pool.js';

const pools = new Map<string, WorkPool>();

/**
 * The pool an app built with `config` would start, made at the first ask and handed to every later app of the process
 * with the same settings; never closed (its threads end with the process). What a thread keeps between tasks is keyed
 * by content (a contract's hash), so one app's work never answers for another's registry. Undefined when `env` sets
 * OVERSEER_WORK_*, OVERSEER_INGEST_* or OVERSEER_ANONYMOUS_*: a test that sizes the pool or its ingest lane is about the pool (busy lanes,
 * hang-ups, a flood of exports), and gets one of its own.
 */
export function reusedWorkPool(
  config: Pick<Config, 'workThreads' | 'workQueue' | 'observe'>,
  env: Record<string, string | undefined> = {},
): WorkPool | undefined {
  if (Object.keys(env).some((name) => /^OVERSEER_(WORK|INGEST|ANONYMOUS)_/.test(name))) return undefined;
  const observe = config.observe ?? DEFAULT_OBSERVE;
  const key = `${config.workThreads}/${config.workQueue}/${observe.ingestDecodes}/${observe.ingestQueue}`;
  let pool = pools.get(key);
  if (!pool) pools.set(key, (pool = createAppWorkPool(config)));
  return pool;
}
