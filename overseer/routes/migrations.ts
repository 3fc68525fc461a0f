// Migrations of a provider: its deprecated parts in each environment, who still uses them there, and which are
// ready to remove. Read -> decide (contracts' listMigrations, pure) -> answer.

import type { FastifyInstance } from 'fastify';
import { listDeprecations, listMigrations, type Migration, type OpenApiDocument } from '../../contracts/index.js';
import type { ContractCache } from '../contract-cache.js';
import { ApiError, describeErrors } from '../errors.js';
import type { Observer } from '../observe/observer.js';
import type { Store } from '../store/store.js';
import { sortVersions } from '../store/version-order.js';
import type { RouteDeps } from './deps.js';
import { requireEnvironment } from './environments.js';
import { ENVIRONMENT_NAME } from './schemas.js';
import { NAME_PARAMS } from './services.js';

// `deprecatedIn` looks this far back; older history rarely matters and each version is a contract to read.
const HISTORY_READ = 20;

const MIGRATION = {
  type: 'object',
  required: ['environment', 'operation', 'deprecatedIn', 'sunset', 'users', 'ready'],
  properties: {
    environment: { type: 'string' },
    operation: { type: 'string' },
    field: { type: 'string' },
    side: { type: 'string', enum: ['request', 'response'] },
    parameter: { type: 'string' },
    deprecatedIn: { type: 'string' },
    sunset: { type: ['string', 'null'] },
    users: { type: 'array', items: { type: 'string' } },
    observed: {
      type: 'array',
      items: { type: 'string' },
      description: 'Those of `users` counted only from calls seen in traces: their declarations do not name the part. Absent when none.',
    },
    ready: { type: 'boolean' },
  },
} as const;

/** Where observed calls come from: the app's observer, or the store read within the window (the worker's periodic check). */
export type ObservedSource = Pick<Observer, 'listCalls'> & { config: Pick<Observer['config'], 'policy'> };

export async function registerMigrationRoutes(app: FastifyInstance, { store, contracts, observer }: RouteDeps): Promise<void> {
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
      for (const environment of environments) migrations.push(...(await gatherMigrations(store, contracts, name, environment, observer)));
      return { service: name, migrations };
    },
  );
}

/** The migrations of `service` in one environment; none where it is not deployed or publishes no contract. */
export async function gatherMigrations(
  store: Store,
  contracts: ContractCache,
  service: string,
  environment: string,
  observed?: ObservedSource,
): Promise<Migration[]> {
  const deployment = await store.currentDeployment(service, environment);
  const record = deployment && (await store.getVersion(service, deployment.version));
  const contract = record?.contractHash ? await contracts.get(record.contractHash) : undefined;
  // Most contracts deprecate nothing: their history and consumers need not be read (this runs after deployments).
  if (!deployment || !contract || listDeprecations(contract.doc).length === 0) return [];
  const versions = sortVersions(await store.listVersions(service));
  const at = versions.findIndex((v) => v.version === deployment.version);
  const load = async (hash: string | null) => (hash === null ? undefined : (await contracts.get(hash))?.doc);
  const earlier: { version: string; doc: OpenApiDocument }[] = [];
  for (const v of versions.slice(Math.max(0, at - HISTORY_READ), at).reverse()) {
    const doc = await load(v.contractHash);
    if (!doc) break;
    earlier.push({ version: v.version, doc });
  }
  const users = (await store.listConsumersOf(service, { environment })).map((u) => ({ consumer: u.consumer, declaration: u.declaration }));
  const input = { environment, deployed: { version: deployment.version, doc: contract.doc }, earlier, users };
  if (!observed || observed.config.policy === 'declared') return listMigrations(input);
  const calls = await observed.listCalls({ provider: service, environment });
  // A consumer seen calling that declares nothing of the provider counts too, when it runs there (a release included).
  for (const consumer of new Set(calls.map((c) => c.consumer))) {
    if (users.some((u) => u.consumer === consumer) || (await store.liveDeployments(consumer, environment)).length === 0) continue;
    users.push({ consumer, declaration: { consumer, provider: service, uses: [] } });
  }
  return listMigrations({ ...input, observed: { provider: service, calls, usage: observed.config.policy, contract } });
}
