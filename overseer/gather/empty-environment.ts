// Whether an environment asked about has ever had a deployment recorded: a yes about one that has not judged nobody,
// and the gate says so in its verdict (contracts/usage/empty-environment.ts), naming where services are recorded.

import { type EmptyEnvironment, findEmptyEnvironment } from '../../contracts/index.js';
import type { Store } from '../store/store.js';

/**
 * Undefined when something was ever deployed there. Asked only when nothing the gate counts is live there (`counted`
 * empty), so a busy environment's ask costs no read more.
 */
export async function readEmptyEnvironment(store: Store, environment: string, counted: number): Promise<EmptyEnvironment | undefined> {
  if (counted > 0) return undefined;
  // One row of history answers "was anything recorded here", where the list of what runs could be thousands of rows.
  const recorded = async (name: string) => (await store.deploymentHistory({ environment: name, limit: 1 })).length > 0;
  return findEmptyEnvironment(environment, { recorded, environments: async () => (await store.listEnvironments()).map((e) => e.name) });
}
