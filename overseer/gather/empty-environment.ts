// Whether an environment asked about has ever had a deployment recorded: a yes about one that has not judged nobody,
// and the gate says so in its verdict (contracts/usage/empty-environment.ts), naming where services are recorded.

import type { EmptyEnvironment } from '../../contracts/index.js';
import type { Store } from '../store/store.js';

// Environments are few; past this many, the note names none rather than asking about each.
const MAX_ENVIRONMENTS_LOOKED_AT = 20;

/**
 * Undefined when something was ever deployed there. Asked only when nothing the gate counts is live there (`counted`
 * empty), so a busy environment's ask costs no read more.
 */
export async function readEmptyEnvironment(store: Store, environment: string, counted: number): Promise<EmptyEnvironment | undefined> {
  // One row of history answers "was anything recorded here", where the list of what runs could be thousands of rows.
  const recorded = async (name: string) => (await store.deploymentHistory({ environment: name, limit: 1 })).length > 0;
  if (counted > 0 || (await recorded(environment))) return undefined;
  const others = (await store.listEnvironments()).map((e) => e.name).filter((name) => name !== environment);
  if (others.length > MAX_ENVIRONMENTS_LOOKED_AT) return {};
  const recordedIn: string[] = [];
  for (const name of others) if (await recorded(name)) recordedIn.push(name);
  return { recordedIn };
}
