// The gate's answers say which notices this registry puts in its verdicts itself, so that a client newer than the
// registry looks for itself only where an older one would have left a notice out (contracts/usage/empty-environment.ts),
// and give back the question's key (in a header and in the body, which no proxy strips), so that a client knows the
// verdict answers its own question.

import type { FastifyReply, FastifyRequest } from 'fastify';
import { EMPTY_ENVIRONMENT_NOTICE, VERDICT_NOTICES_HEADER } from '../../contracts/index.js';
import { IDEMPOTENCY_KEY_SHAPE } from './schemas.js';

const GIVEN = [EMPTY_ENVIRONMENT_NOTICE].join(', ');

/** A verdict's 200 with the headers and the key given back in the body described, as /openapi.json shows it. */
export function withNoticesHeader<S extends object>(schema: S): { allOf: object[]; headers: object } {
  const description =
    'The notice codes this registry puts in its verdicts whenever they apply (a comma-separated list): a client does not ' +
    'look for a notice named here itself. Absent from older registries, whose verdicts may leave `environment-empty` out.';
  const echoed =
    'The `Idempotency-Key` the question was sent with, given back: a client tells the answer to its own question from one a ' +
    'cache or proxy stored for another (keyed on the path alone). Absent when the question had none, and from older registries.';
  const inBody =
    'The `Idempotency-Key` the question was sent with, given back in the body as well: a proxy may strip the header, never ' +
    'the body, so a client tells a stripped header from an older registry that gives no key back. Absent when the question had none.';
  return {
    allOf: [schema, { type: 'object', properties: { idempotencyKey: { type: 'string', description: inBody } } }],
    headers: {
      [VERDICT_NOTICES_HEADER]: { type: 'string', description, example: GIVEN },
      [IDEMPOTENCY_KEY]: { type: 'string', description: echoed, example: '3b7e0c1e-5f7a-4c8e-9d52-0a1f2b3c4d5e' },
    },
  };
}

const IDEMPOTENCY_KEY = 'idempotency-key';

/** The verdict as answered: the question's Idempotency-Key given back in a header and in the body (see withNoticesHeader). */
export function echoQuestionKey<V extends object>(request: FastifyRequest, reply: FastifyReply, verdict: V): V & { idempotencyKey?: string } {
  const key = request.headers[IDEMPOTENCY_KEY];
  if (typeof key !== 'string' || !IDEMPOTENCY_KEY_SHAPE.test(key)) return verdict;
  reply.header(IDEMPOTENCY_KEY, key);
  return { ...verdict, idempotencyKey: key };
}

export function sayNoticesGiven(reply: FastifyReply): void {
  reply.header(VERDICT_NOTICES_HEADER, GIVEN);
}
