// What every route plugin is given: explicit dependencies, no decorators.

import type { Auth } from '../auth.js';
import type { Config } from '../config.js';
import type { Observer } from '../observe/observer.js';
import type { Store } from '../store/store.js';
import type { WorkPool } from '../work/pool.js';

export interface RouteDeps {
  config: Config;
  store: Store;
  auth: Auth;
  /** Observed usage: what the gate counts beside declarations (overseer/observe/). */
  observer: Observer;
  /** Parsing, validating and diffing happen here, never on the event loop. */
  work: WorkPool;
  /** The clock, read once per request where a date decides (a waiver's expiry, a sunset): tests set it (AppOptions.now). */
  now: () => number;
}
