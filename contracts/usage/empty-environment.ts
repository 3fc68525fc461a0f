// A yes about an environment where no deployment is recorded judged nobody: the wrong environment asked, or one whose
// deployments were never recorded. Said in the verdict itself, so that its JSON, the Action's comment and the audit trail
// carry it, not the CLI's text alone.

import type { Notice, Verdict } from '../model.js';

export const EMPTY_ENVIRONMENT_NOTICE = 'environment-empty';
/** The gate's response header listing the notices the registry gives itself (overseer/routes/verdict-notices.ts). */
export const VERDICT_NOTICES_HEADER = 'overseer-verdict-notices';

/** What the registry found of an environment with no deployment recorded, ever. */
export interface EmptyEnvironment {
  /** The other environments where a deployment is recorded; absent when there were too many to look at. */
  recordedIn?: string[];
}

export function noticeEmptyEnvironment(environment: string, empty: EmptyEnvironment): Notice {
  const { recordedIn } = empty;
  const where = recordedIn === undefined ? '' : recordedIn.length > 0 ? `; services are recorded in ${recordedIn.join(', ')}` : '; no environment has any yet';
  const message =
    `no deployment is recorded in ${environment}, so no consumer was judged there: if ${environment} is right, record what ` +
    `runs there with overseer record-deployment --env ${environment}${where}`;
  return { code: EMPTY_ENVIRONMENT_NOTICE, message };
}

/** Where deployments are recorded, as the registry's store or its HTTP API tells it. */
export interface DeploymentRecords {
  /** Whether any deployment was ever recorded in the environment: one row of history answers it. */
  recorded(environment: string): Promise<boolean>;
  environments(): Promise<string[]>;
}

// Environments are few; past this many, the notice names none rather than asking about each.
const MAX_ENVIRONMENTS_LOOKED_AT = 20;

/** Undefined when something was ever deployed in `environment`; else where something was (the registry's gather). */
export async function findEmptyEnvironment(environment: string, records: DeploymentRecords): Promise<EmptyEnvironment | undefined> {
  if (await records.recorded(environment)) return undefined;
  const others = (await records.environments()).filter((name) => name !== environment);
  if (others.length > MAX_ENVIRONMENTS_LOOKED_AT) return {};
  const recordedIn: string[] = [];
  for (const name of others) if (await records.recorded(name)) recordedIn.push(name);
  return { recordedIn };
}

/**
 * A registry from before round 25 does not put this notice in its verdict, and the CLI and the Action, upgraded apart
 * from it, had stopped looking themselves: a yes with no reason and no such notice is looked into through the API, and
 * the notice added as the registry words it. A registry that names the notice among those it gives (`given`, from the
 * VERDICT_NOTICES_HEADER of its answer) has looked already: its clean yes costs no read more.
 */
export async function addEmptyEnvironmentNotice<V extends Verdict>(
  verdict: V,
  environment: string,
  records: DeploymentRecords,
  given: readonly string[],
): Promise<V> {
  const said = given.includes(EMPTY_ENVIRONMENT_NOTICE) || verdict.notices?.some((n) => n.code === EMPTY_ENVIRONMENT_NOTICE);
  if (said || verdict.reasons.length > 0 || verdict.decision === 'refused' || verdict.decision === 'undecided') return verdict;
  const empty = await findEmptyEnvironment(environment, records);
  return empty ? { ...verdict, notices: [...(verdict.notices ?? []), noticeEmptyEnvironment(environment, empty)] } : verdict;
}
