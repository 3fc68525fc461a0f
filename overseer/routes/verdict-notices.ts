// The gate's answers say which notices this registry puts in its verdicts itself, so that a client newer than the
// registry looks for itself only where an older one would have left a notice out (contracts/usage/empty-environment.ts).

import type { FastifyReply } from 'fastify';
import { EMPTY_ENVIRONMENT_NOTICE, VERDICT_NOTICES_HEADER } from '../../contracts/index.js';

const GIVEN = [EMPTY_ENVIRONMENT_NOTICE].join(', ');

/** A verdict's 200 with the header described, as /openapi.json shows it. */
export function withNoticesHeader<S extends object>(schema: S): S & { headers: object } {
  const description =
    'The notice codes this registry puts in its verdicts whenever they apply (a comma-separated list): a client does not ' +
    'look for a notice named here itself. Absent from older registries, whose verdicts may leave `environment-empty` out.';
  return { ...schema, headers: { [VERDICT_NOTICES_HEADER]: { type: 'string', description, example: GIVEN } } };
}

export function sayNoticesGiven(reply: FastifyReply): void {
  reply.header(VERDICT_NOTICES_HEADER, GIVEN);
}
