// The gate's answers say which notices this registry puts in its verdicts itself, so that a client newer than the
// registry looks for itself only where an older one would have left a notice out (contracts/usage/empty-environment.ts),
// and give back the question's key, so that a client knows the verdict answers its own question.

import type { FastifyReply, FastifyRequest } from 'fastify';
import { EMPTY_ENVIRONMENT_NOTICE, VERDICT_NOTICES_HEADER } from '../../contracts/index.js';

const GIVEN = [EMPTY_ENVIRONMENT_NOTICE].join(', ');

/** A verdict's 200 with the header described, as /openapi.json shows it. */
export function withNoticesHeader<S extends object>(schema: S): S & { headers: object } {
  const description =
    'The notice codes this registry puts in its verdicts whenever they apply (a comma-separated list): a client does not ' +
    'look for a notice named here itself. Absent from older registries, whose verdicts may leave `environment-empty` out.';
  const echoed =
    'The `Idempotency-Key` the question was sent with, given back: a client tells the answer to its own question from one a ' +
    'cache or proxy stored for another (keyed on the path alone). Absent when the question had none, and from older registries.';
  return {
    ...schema,
    headers: {
      [VERDICT_NOTICES_HEADER]: { type: 'string', description, example: GIVEN },
      [IDEMPOTENCY_KEY]: { type: 'string', description: echoed, example: '3b7e0c1e-5f7a-4c8e-9d52-0a1f2b3c4d5e' },
    },
  };
}

const IDEMPOTENCY_KEY = 'idempotency-key';
// What a client would send as a key (a UUID, a token-like string): anything else is not echoed into a header.
const KEY_SHAPE = /^[\x21-\x7e]{1,128}$/;

/** Gives the question's Idempotency-Key back with its verdict (see withNoticesHeader). */
export function echoQuestionKey(request: FastifyRequest, reply: FastifyReply): void {
  const key = request.headers[IDEMPOTENCY_KEY];
  if (typeof key === 'string' && KEY_SHAPE.test(key)) reply.header(IDEMPOTENCY_KEY, key);
}

export function sayNoticesGiven(reply: FastifyReply): void {
  reply.header(VERDICT_NOTICES_HEADER, GIVEN);
}
