// buildApp: the registry as a fastify instance, every part registered explicitly. It never listens:
// server.ts does, and tests use `app.inject`.

import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { createAuth } from './auth.js';
import type { Config } from './config.js';
import { createContractCache } from './contract-cache.js';
import { registerErrorHandling } from './errors.js';
import { registerConsumerRoutes } from './routes/consumers.js';
import type { RouteDeps } from './routes/deps.js';
import { registerDeploymentRoutes } from './routes/deployments.js';
import { registerGateRoutes } from './routes/gate.js';
import { registerHealthRoutes } from './routes/health.js';
import { SHARED_SCHEMAS } from './routes/schemas.js';
import { registerServiceRoutes } from './routes/services.js';
import { registerTokenRoutes } from './routes/tokens.js';
import { registerVersionRoutes } from './routes/versions.js';
import type { Store } from './store/store.js';

export interface AppOptions {
  config: Config;
  store: Store;
  /** fastify's logger option: false (default) for silence, true or pino options to log. */
  log?: FastifyServerOptions['logger'];
}

export function buildApp({ config, store, log = false }: AppOptions): FastifyInstance {
  const app = Fastify({
    logger: log,
    bodyLimit: config.smallBodyBytes,
    // Unknown body fields are refused (a typo must not pass silently) rather than stripped.
    ajv: { customOptions: { removeAdditional: false } },
  });
  const deps: RouteDeps = {
    config,
    store,
    auth: createAuth({ adminToken: config.adminToken, store }),
    contracts: createContractCache({ store, maxEntries: config.contractCacheEntries }),
  };
  for (const schema of SHARED_SCHEMAS) app.addSchema(schema);
  registerErrorHandling(app);
  app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Overseer registry',
        version: '1',
        description: 'OpenAPI contracts, what consumers use of them, deployments per environment, and the consumer-aware deploy gate.',
      },
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'The admin token or a service token' } } },
    },
    // Shared schemas keep their $id as their component name.
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  app.register(registerHealthRoutes, deps);
  app.register(registerServiceRoutes, deps);
  app.register(registerVersionRoutes, deps);
  app.register(registerConsumerRoutes, deps);
  app.register(registerDeploymentRoutes, deps);
  app.register(registerGateRoutes, deps);
  app.register(registerTokenRoutes, deps);
  app.register(async (scope) => {
    scope.get('/openapi.json', { schema: { hide: true } }, async () => scope.swagger());
  });
  return app;
}
