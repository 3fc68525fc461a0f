// Environments are created on purpose, so that a misspelled one is an error and never an empty, permissive answer.

import type { FastifyInstance } from 'fastify';
import { countEdits, describeUnknownEnvironment, findNearestName } from '../../contracts/index.js';
import { checkBeforeBody } from '../auth.js';
import { ApiError, describeErrors } from '../errors.js';
import type { Store } from '../store/store.js';
import { refuseEnvironmentTwin } from '../store/validate.js';
import { writeKeyOf } from '../store/write-keys.js';
import type { RouteDeps } from './deps.js';
import { KEY_PAGE_DESCRIPTION, KEY_PAGE_QUERY, keyPageOf, pageById, pageByName } from './key-pages.js';
import { BEARER, ENVIRONMENT_NAME, ref, WRITE_KEY_HEADERS } from './schemas.js';

const ENVIRONMENT = {
  type: 'object',
  required: ['name', 'createdAt'],
  properties: { name: { type: 'string' }, createdAt: { type: 'string' } },
} as const;

/**
 * Throws ERR_ENVIRONMENT_UNKNOWN naming the known ones; then the one probably meant, or else the command that creates it.
 * Advising `environment create prodution` for a typo would make the empty environment where every deploy looks safe.
 */
export async function requireEnvironment(store: Store, name: string): Promise<void> {
  // Every gate, deployment and listing that names an environment passes here: one row, the whole list only for the error.
  if (await store.getEnvironment(name)) return;
  const known = (await store.listEnvironments()).map((e) => e.name);
  throw new ApiError('ERR_ENVIRONMENT_UNKNOWN', describeUnknownEnvironment(name, known));
}

/** The twin is refused before the key is read, so a retried create of one is refused, not answered; the store checks again in its write. */
async function refuseCaseTwin(store: Store, name: string): Promise<void> {
  const twin = (await store.listEnvironments()).find((e) => e.name !== name && e.name.toLowerCase() === name.toLowerCase());
  refuseEnvironmentTwin(name, twin?.name);
}

/**
 * The known environments nearest `asked` first (fewest edits, case aside, then by name), and the one probably meant,
 * guessed as the span log guesses it (`prod` and `prodution` mean production): the API's error, the dashboard's page
 * and the ingest log give one answer.
 */
export function rankEnvironments(known: readonly string[], asked: string): { nearest: string[]; guess?: string } {
  const lower = asked.toLowerCase();
  const distance = new Map(known.map((name) => [name, countEdits(name.toLowerCase(), lower)]));
  const nearest = [...known].sort((a, b) => distance.get(a)! - distance.get(b)! || (a < b ? -1 : 1));
  const guess = findNearestName(asked, known);
  return { nearest, ...(guess !== undefined && { guess }) };
}

export async function registerEnvironmentRoutes(app: FastifyInstance, { store, auth }: RouteDeps): Promise<void> {
  const beforeBody = checkBeforeBody(auth);
  app.get<{ Querystring: { limit?: number; cursor?: string } }>(
    '/v1/environments',
    {
      schema: {
        summary: 'The environments, by name, a page at a time',
        description: KEY_PAGE_DESCRIPTION,
        tags: ['deployments'],
        querystring: KEY_PAGE_QUERY,
        response: { 200: keyPageOf('environments', ENVIRONMENT), ...describeErrors(400) },
      },
    },
    async (request) => {
      const { page, next } = await pageByName(request.query, (p) => store.listEnvironments(p));
      return { environments: page, ...(next !== undefined && { next }) };
    },
  );

  app.post<{ Body: { name: string } }>(
    '/v1/environments',
    {
      onRequest: beforeBody.admin,
      schema: {
        summary: 'Create an environment (admin when the registry has tokens)',
        description:
          'Deployments and can-i-deploy name only environments created here. Idempotent: an existing one is 200 `unchanged`. ' +
          'A name that differs from an existing one only in case is 409 ERR_ENVIRONMENT_CONFLICT. Sent again with its ' +
          '`Idempotency-Key` (its answer lost), it is given its first answer: 201 `created`, not `unchanged`.',
        tags: ['deployments'],
        security: BEARER,
        headers: WRITE_KEY_HEADERS,
        body: { type: 'object', required: ['name'], additionalProperties: false, properties: { name: ENVIRONMENT_NAME } },
        response: {
          200: environmentResponse(),
          201: environmentResponse(),
          ...describeErrors(400, 401, 403, 409),
        },
      },
    },
    async (request, reply) => {
      const { writer } = await auth.requireAdmin(request);
      await refuseCaseTwin(store, request.body.name);
      const key = writeKeyOf(request.headers['idempotency-key'], { writer, route: '/v1/environments', body: request.body });
      const result = await store.createEnvironment(request.body.name, key);
      return reply.status(result.status === 'created' ? 201 : 200).send(result);
    },
  );

  app.get<{ Params: { env: string }; Querystring: { limit?: number; cursor?: string } }>(
    '/v1/environments/:env/deployments',
    {
      schema: {
        summary: 'What runs in an environment now: every live version of each service (deployed, rolling, released), a page at a time',
        description: `By service, then by when each was deployed. ${KEY_PAGE_DESCRIPTION}`,
        tags: ['deployments'],
        params: { type: 'object', required: ['env'], properties: { env: ENVIRONMENT_NAME } },
        querystring: KEY_PAGE_QUERY,
        response: { 200: keyPageOf('deployments', ref('Deployment')), ...describeErrors(400, 404) },
      },
    },
    async (request) => {
      const { env } = request.params;
      await requireEnvironment(store, env);
      const { page, next } = await pageById(request.query, (p) => store.pageCurrentDeployments(env, p));
      return { deployments: page, ...(next !== undefined && { next }) };
    },
  );
}

function environmentResponse() {
  return {
    type: 'object',
    required: ['status', 'environment'],
    properties: { status: { type: 'string', enum: ['created', 'unchanged'] }, environment: ENVIRONMENT },
  } as const;
}
