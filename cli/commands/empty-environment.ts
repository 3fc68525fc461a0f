// The note after a yes about an environment where no deployment is recorded: asked by can-i-deploy and check --against.

import type { RegistryClient } from '../client.js';
import type { Io } from '../io.js';

// Environments are few; past this many, the note names none rather than asking about each.
const MAX_ENVIRONMENTS_LOOKED_AT = 20;

/**
 * A yes about an environment where nothing is recorded as deployed judged nobody: the wrong environment asked, or its
 * deployments never recorded. The answer stays yes (nothing there breaks); stderr says why, keeping stdout to the verdict.
 * can-i-deploy and check --against say it alike.
 */
export async function noteEmptyEnvironment(client: RegistryClient, environment: string, io: Io): Promise<void> {
  // One row of history answers "was anything recorded here", where the list of what runs could be thousands of rows
  // fetched after every yes.
  const recorded = async (name: string) => (await client.deploymentHistory({ environment: name, limit: 1 })).length > 0;
  if (await recorded(environment)) return;
  const others = (await client.listEnvironments()).map((e) => e.name).filter((name) => name !== environment);
  const looked = others.length <= MAX_ENVIRONMENTS_LOOKED_AT ? others : [];
  const used: string[] = [];
  for (const name of looked) if (await recorded(name)) used.push(name);
  const where = used.length > 0 ? `services are recorded in ${used.join(', ')}` : looked.length > 0 ? 'no environment has any yet' : '';
  io.stderr(
    `note: no deployment is recorded in ${environment}, so no consumer was judged there: if ${environment} is right, record what runs ` +
      `there with overseer record-deployment --env ${environment}${where ? `; ${where}` : ''}\n`,
  );
}
