// Migrations of a provider: its deprecated parts in each environment, who still uses them there, and which are
// ready to remove. Read -> decide (contracts' listMigrations, pure) -> answer.

import type { FastifyInstance } from 'fastify';
import type { Migration } from '../../contracts/index.js';
import { ApiError, describeErrors } from '../errors.js';
import { gatherMigrations } from '../gather/migrations.js';
import { workFor } from '../work/anonymous.js';
import type { RouteDeps } from './deps.js';
import { requireEnvironment } from './environments.js';
import { ENVIRONMENT_NAME } from './schemas.js';
import { NAME_PARAMS } from './services.js';

const MIGRATION = {
  type: 'object',
  required: ['environment', 'operation', 'deprecatedIn', 'sunset', 'users', 'ready'],
  properties: {
    environment: { type: 'string' },
    operation: { type: 'string' },
    field: { type: 'string' },
    side: { type: 'string', enum: ['request', 'response'] },
    parameter: { type: 'string' },
    header: { type: 'string', description: "A response header's name; absent for any other part." },
    deprecatedIn: { type: 'string' },
    sunset: { type: ['string', 'null'] },
    users: { type: 'array', items: { type: 'string' } },
    observed: {
      type: 'array',
      items: { type: 'string' },
      description: 'Those of `users` counted only from calls seen in traces: their declarations do not name the part. Absent when none.',
    },
    lastSeen: {
      type: 'object',
      additionalProperties: { type: 'string' },
      description:
        "When each of `observed` was last seen calling the part's operation (its calls count until they leave the usage window). Absent when `observed` is.",
    },
    uncounted: {
      type: 'array',
      items: { type: 'string' },
      description: 'Consumers seen calling the part in traces whose calls the registry does not count (OVERSEER_USAGE=declared). Absent when none.',
    },
    moved: {
      type: 'array',
      items: {
        type: 'object',
        required: ['consumer', 'from', 'to', 'since', 'lastSeen'],
        properties: {
          consumer: { type: 'string' },
          from: { type: 'string' },
          to: { type: 'array', items: { type: 'string' } },
          since: { type: 'string' },
          lastSeen: { type: 'string' },
        },
      },
      description:
        'Consumers that moved off the part: seen calling its operation only from a version replaced there since (`from`, by `to`, at `since`; its last such call `lastSeen`), and not among `users`. Absent when none.',
    },
    declaredAs: {
      type: 'object',
      additionalProperties: { type: 'string' },
      description:
        "Those of `users` whose manifest names the service by a near name no service has, each with the name it wrote: the gate counts them as the service's consumers. Absent when none.",
    },
    ready: { type: 'boolean' },
  },
} as const;

export async function registerMigrationRoutes(app: FastifyInstance, { store, work, observer }: RouteDeps): Promise<void> {
  app.get<{ Params: { name: string }; Querystring: { environment?: string } }>(
    '/v1/services/:name/migrations',
    {
      schema: {
        summary: 'Deprecated parts of a provider, who still uses them in each environment, and which are ready to remove',
        tags: ['services'],
        params: NAME_PARAMS,
        querystring: { type: 'object', additionalProperties: false, properties: { environment: ENVIRONMENT_NAME } },
        response: {
          200: {
            type: 'object',
            required: ['service', 'migrations'],
            properties: { service: { type: 'string' }, migrations: { type: 'array', items: MIGRATION } },
          },
          ...describeErrors(400, 404),
        },
      },
    },
    async (request) => {
      const { name } = request.params;
      if (!(await store.getService(name))) throw new ApiError('ERR_SERVICE_UNKNOWN', `unknown service ${name}`);
      // A misspelled environment would list nothing, which reads as "nothing deprecated is in use".
      if (request.query.environment !== undefined) await requireEnvironment(store, request.query.environment);
      const environments = request.query.environment !== undefined ? [request.query.environment] : (await store.listEnvironments()).map((e) => e.name);
      const migrations: Migration[] = [];
      for (const environment of environments) migrations.push(...(await gatherMigrations(store, workFor(request, work), name, environment, observer)));
      return { service: name, migrations };
    },
  );
}
