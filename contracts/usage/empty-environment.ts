// A yes about an environment where no deployment is recorded judged nobody: the wrong environment asked, or one whose
// deployments were never recorded. Said in the verdict itself, so that its JSON, the Action's comment and the audit trail
// carry it, not the CLI's text alone.

import type { Notice } from '../model.js';

export const EMPTY_ENVIRONMENT_NOTICE = 'environment-empty';

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
