// The registry's own OpenAPI document (/openapi.json), written by @fastify/swagger at its first request: registered
// on the app itself, the plugin and the YAML writer it loads cost every start ~50-80 ms of the main thread.

import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { OPTIONAL_BEARER } from './routes/schemas.js';

/** What @fastify/swagger is told: the document's fixed parts, and shared schemas named by their `$id`. */
const SWAGGER_OPTIONS: FastifyDynamicSwaggerOptions = {
  openapi: {
    openapi: '3.1.0',
    info: {
      title: 'Overseer registry',
      version: '1',
      description: 'OpenAPI contracts, what consumers use of them, deployments per environment, and the consumer-aware deploy gate.',
    },
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description: 'The admin token, a service token, or an ingest token (telemetry); needed only on a registry with OVERSEER_ADMIN_TOKEN',
        },
      },
    },
  },
  refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
};

type DocumentRoute = Pick<RouteOptions, 'method' | 'url' | 'schema' | 'config' | 'constraints'>;

/**
 * Collects the routes the app registers from now on (call it before registering them) and answers GET /openapi.json
 * with their document. The document is written once, by the plugin on an app of its own that holds the same shared
 * schemas and routes in the same order, with no handlers and no compiled validators: the plugin reads only that.
 */
export function registerOpenApiDocument(app: FastifyInstance, sharedSchemas: readonly object[]): void {
  const routes: DocumentRoute[] = [];
  // fastify adds a HEAD route beside each GET; the plugin leaves those out, and the copy adds its own.
  app.addHook('onRoute', (route) => {
    if (route.method !== 'HEAD') routes.push(route);
  });
  let document: Promise<unknown> | undefined;
  app.register(async (scope) => {
    scope.get('/openapi.json', { schema: { hide: true } }, async () => {
      document ??= writeDocument(sharedSchemas, routes).catch((error: unknown) => {
        document = undefined;
        throw error;
      });
      return document;
    });
  });
}

async function writeDocument(sharedSchemas: readonly object[], routes: readonly DocumentRoute[]): Promise<unknown> {
  const [{ default: Fastify }, { default: swagger }] = await Promise.all([import('fastify'), import('@fastify/swagger')]);
  const copy = Fastify();
  copy.setValidatorCompiler(() => () => true);
  copy.setSerializerCompiler(() => (data) => JSON.stringify(data));
  await copy.register(swagger, SWAGGER_OPTIONS);
  for (const schema of sharedSchemas) copy.addSchema(schema);
  const answerNothing = async () => null;
  for (const { method, url, schema, config, constraints } of routes) {
    copy.route({ method, url, schema: withTokenChecked(schema), config, constraints, handler: answerNothing });
  }
  await copy.ready();
  const written = copy.swagger();
  await copy.close();
  return written;
}

// A route that needs no token still refuses a bad one (auth.ts's registerTokenCheck): the document says a token is optional there.
function withTokenChecked(schema: RouteOptions['schema']): RouteOptions['schema'] {
  if (schema?.hide === true || (schema !== undefined && 'security' in schema)) return schema;
  return { ...schema, security: OPTIONAL_BEARER };
}
