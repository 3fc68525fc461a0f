// A registry from before round 25 does not say in its verdict that the environment asked about has no deployment
// recorded, and this CLI no longer printed its own note: talking to one, a yes that judged nobody read as a plain yes.
// Registry and CLI are upgraded apart (a pipeline's `npx overseer@latest` against last year's registry), so where the
// verdict does not say it, the CLI looks, as it did before the registry did, and adds the registry's own notice.

import { EMPTY_ENVIRONMENT_NOTICE, noticeEmptyEnvironment, type Verdict } from '../../contracts/index.js';
import type { RegistryClient } from '../client.js';

// Environments are few; past this many, the notice names none rather than asking about each (as the registry does).
const MAX_ENVIRONMENTS_LOOKED_AT = 20;

/** The verdict, with the `environment-empty` notice added when it is a yes with no reason about an environment where nothing was ever recorded. */
export async function addEmptyEnvironmentNotice<V extends Verdict>(client: RegistryClient, environment: string, verdict: V): Promise<V> {
  const said = verdict.notices?.some((n) => n.code === EMPTY_ENVIRONMENT_NOTICE);
  if (said || verdict.reasons.length > 0 || verdict.decision === 'refused' || verdict.decision === 'undecided') return verdict;
  // One row of history answers "was anything recorded here"; a current registry's yes without the notice costs this one read.
  const recorded = async (name: string) => (await client.deploymentHistory({ environment: name, limit: 1 })).length > 0;
  if (await recorded(environment)) return verdict;
  const others = (await client.listEnvironments()).map((e) => e.name).filter((name) => name !== environment);
  const recordedIn: string[] = [];
  if (others.length <= MAX_ENVIRONMENTS_LOOKED_AT) for (const name of others) if (await recorded(name)) recordedIn.push(name);
  const notice = noticeEmptyEnvironment(environment, others.length <= MAX_ENVIRONMENTS_LOOKED_AT ? { recordedIn } : {});
  return { ...verdict, notices: [...(verdict.notices ?? []), notice] };
}
