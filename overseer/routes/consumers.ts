// Who uses a service: each consumer's counted version and the operations, parameters and fields it declares.

import type { FastifyInstance } from 'fastify';
import type { ConsumerListing } from '../../contracts/index.js';
import { ApiError, describeErrors } from '../errors.js';
import { requireBranch } from './branches.js';
import type { RouteDeps } from './deps.js';
import { requireEnvironment } from './environments.js';
import { BRANCH_NAME, ENVIRONMENT_NAME, USES } from './schemas.js';
import { NAME_PARAMS } from './services.js';

export async function registerConsumerRoutes(app: FastifyInstance, { store }: RouteDeps): Promise<void> {
  app.get<{ Params: { name: string }; Querystring: { environment?: string; branch?: string } }>(
    '/v1/services/:name/consumers',
    {
      schema: {
        summary: 'Who uses which operation and field of a service',
        description:
          'With `environment`: the consumer versions deployed there. With `branch`: the latest version of each consumer on that branch. ' +
          'Neither: the latest version of each consumer. An environment never created is 404 ERR_ENVIRONMENT_UNKNOWN; a branch no version ' +
          'was published on, once any was published with a branch, is 404 ERR_BRANCH_UNKNOWN.',
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
              consumers: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['consumer', 'version', 'uses'],
                  properties: { consumer: { type: 'string' }, version: { type: 'string' }, uses: USES },
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
      return {
        provider: name,
        ...scope,
        consumers: uses.map((u) => ({ consumer: u.consumer, version: u.version, uses: u.declaration.uses })),
      };
    },
  );
}
