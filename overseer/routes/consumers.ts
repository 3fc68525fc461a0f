// Who uses a service: each consumer's counted version and the operations, parameters and fields it declares.

import type { FastifyInstance } from 'fastify';
import type { ConsumerListing } from '../../contracts/index.js';
import { ApiError, describeErrors } from '../errors.js';
import { requireBranch } from './branches.js';
import type { RouteDeps } from './deps.js';
import { requireEnvironment } from './environments.js';
import { createLabeller, NAMED_USES } from './operation-labels.js';
import { BRANCH_NAME, ENVIRONMENT_NAME } from './schemas.js';
import { NAME_PARAMS } from './services.js';

export async function registerConsumerRoutes(app: FastifyInstance, { store, contracts }: RouteDeps): Promise<void> {
  app.get<{ Params: { name: string }; Querystring: { environment?: string; branch?: string } }>(
    '/v1/services/:name/consumers',
    {
      schema: {
        summary: 'Who uses which operation and field of a service',
        description:
          'With `environment`: the consumer versions deployed there. With `branch`: the latest version of each consumer on that branch. ' +
          'Neither: the latest version of each consumer. An environment never created is 404 ERR_ENVIRONMENT_UNKNOWN; a branch no version ' +
          'was published on, unless the registry is empty, is 404 ERR_BRANCH_UNKNOWN. Each operation used carries, besides `operation` as the ' +
          "consumer wrote it, `label` (`GET /users/{id}`, as the provider's contract in the same scope writes it) and its `operationId`, " +
          'so that it reads as `overseer usage` and the dashboard name it.',
        tags: ['services'],
        params: NAME_PARAMS,
        querystring: { type: 'object', additionalProperties: false, properties: { environment: ENVIRONMENT_NAME, branch: BRANCH_NAME } },
        response: {
          200: {
            type: 'object',
            required: ['provider', 'consumers'],
            properties: {
              provider: { type: 'string' },
              environment: { type: 'string' },
              branch: { type: 'string' },
              namedBy: { type: 'string', description: "the provider's version whose contract gave each use its `label`; absent when none has a contract" },
              consumers: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['consumer', 'version', 'uses'],
                  properties: { consumer: { type: 'string' }, version: { type: 'string' }, uses: NAMED_USES },
                },
              },
            },
          },
          ...describeErrors(400, 404),
        },
      },
    },
    async (request): Promise<ConsumerListing> => {
      const { name } = request.params;
      const { environment, branch } = request.query;
      if (environment !== undefined && branch !== undefined) throw new ApiError('ERR_REQUEST_INVALID', 'give environment or branch, not both');
      if (!(await store.getService(name))) throw new ApiError('ERR_SERVICE_UNKNOWN', `unknown service ${name}`);
      // A misspelled environment has no consumers deployed: an empty list would read as "nobody uses it".
      if (environment !== undefined) await requireEnvironment(store, environment);
      if (branch !== undefined) await requireBranch(store, branch);
      const scope = environment !== undefined ? { environment } : branch !== undefined ? { branch } : {};
      const uses = await store.listConsumersOf(name, scope);
      const { namedBy, label } = await createLabeller({ store, contracts }, name, scope);
      return {
        provider: name,
        ...scope,
        ...(namedBy !== undefined && { namedBy }),
        consumers: uses.map((u) => ({ consumer: u.consumer, version: u.version, uses: label(u.declaration.uses) })),
      };
    },
  );
}
