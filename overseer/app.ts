// buildApp: the registry as a fastify instance, every part registered explicitly. It never listens:
// server.ts does, and tests use `app.inject`.

import Fastify, { type FastifyInstance, type FastifyServerOptions, LogController } from 'fastify';
import { registerNoStore } from './api-freshness.js';
import { DEFAULT_AUDIT } from './audit/config.js';
import { startVerdictPruner } from './audit/pruner.js';
import { createAuth, registerTokenCheck } from './auth.js';
import { answerClientError } from './client-errors.js';
import {
  type Config,
  DEFAULT_ANONYMOUS_QUEUE,
  DEFAULT_HEADERS_TIMEOUT_MS,
  DEFAULT_KEEP_ALIVE_TIMEOUT_MS,
  DEFAULT_MAX_CONNECTIONS,
  DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
  DEFAULT_RESPONSE_MIN_RATE,
  DEFAULT_RESPONSE_STALL_MS,
  DEFAULT_WORK_MEMORY_MB,
  DEFAULT_WORK_TIMEOUT_MS,
} from './config.js';
import { answerFrameworkError, registerErrorHandling } from './errors.js';
import { registerOpenHostCheck } from './host-check.js';
import { lingerBeforeClosing } from './lingering-close.js';
import { createNotifier } from './notify/notifier.js';
import { DEFAULT_OBSERVE } from './observe/config.js';
import { answerMisdirectedExport } from './observe/misdirected.js';
import { createObserver } from './observe/observer.js';
import { registerObserveRoutes } from './observe/routes.js';
import { registerOpenApiDocument } from './openapi-document.js';
import { registerEncodingCheck } from './request-encoding.js';
import { registerRequestLog } from './request-log.js';
import { registerResponseStall } from './response-stall.js';
import { registerClaimRoutes } from './routes/claims.js';
import { registerConsumerRoutes } from './routes/consumers.js';
import { registerDeploymentRoutes } from './routes/deployments.js';
import type { RouteDeps } from './routes/deps.js';
import { registerEnvironmentRoutes } from './routes/environments.js';
import { registerGateRoutes } from './routes/gate.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerMigrationRoutes } from './routes/migrations.js';
import { type NotificationDeps, registerNotificationRoutes } from './routes/notifications.js';
import { SHARED_SCHEMAS } from './routes/schemas.js';
import { registerServiceRoutes } from './routes/services.js';
import { registerTokenRoutes } from './routes/tokens.js';
import { registerVersionRoutes } from './routes/versions.js';
import { registerWebhookRoutes } from './routes/webhooks.js';
import { boundConnections } from './server-connections.js';
import type { Store } from './store/store.js';
import { registerNulCheck, registerStrictJsonParser } from './strict-json.js';
import { registerDashboardRoutes, sendPageNotFound } from './ui/routes.js';
import { createSchemaController } from './validation.js';
import { registerAdmission } from './work/admission.js';
import { createWorkPool, type WorkPool } from './work/pool.js';
import { registerRawUploads } from './work/raw-upload.js';

const MAX_URL_PARAM_LENGTH = 2000;

export interface AppOptions {
  config: Config;
  store: Store;
  /** fastify's logger option: false (default) for silence, true or pino options to log. */
  log?: FastifyServerOptions['logger'];
  /** Called when a request enqueued notifications: the delivery worker's `wake` (server.ts starts the worker). */
  wakeWorker?: () => void;
  /**
   * How route schemas become validators and serializers; default `createSchemaController()`. Tests that build an app
   * per test pass one that keeps what an earlier app of the process compiled (test/helpers/app-schemas.ts).
   */
  schemaController?: FastifyServerOptions['schemaController'];
  /**
   * The worker pool; default one of the app's own (OVERSEER_WORK_THREADS, OVERSEER_WORK_QUEUE), closed with it. One
   * passed in is the caller's to close: tests that build an app per test share one (test/helpers/app-work.ts).
   */
  work?: WorkPool;
  /** The clock the gate reads today from, once per request, and the window of observed calls (default Date.now): tests of dates set it. */
  now?: () => number;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The app's worker pool: the delivery worker's sunset and migration checks read stored contracts there (server.ts). */
    work: WorkPool;
  }
}

// Telemetry exports write observed calls, not what spans are matched against.
const TELEMETRY_ROUTE = /^\/v1\/(?:traces|metrics)(?:[?/]|$)/;

/** The worker pool an app of `config` runs its heavy work in (a test may hand one pool to many apps). */
export function createAppWorkPool(
  config: Pick<Config, 'workThreads' | 'workQueue' | 'observe' | 'workTimeoutMs' | 'workMemoryMb' | 'anonymousQueue'>,
  onError?: (error: Error) => void,
): WorkPool {
  const observe = config.observe ?? DEFAULT_OBSERVE;
  // Exports are decoded a few at a time, whatever the threads: the registry's memory under a flood of them stays bounded.
  const ingest = { running: observe.ingestDecodes, queued: observe.ingestQueue };
  const taskTimeoutMs = config.workTimeoutMs ?? DEFAULT_WORK_TIMEOUT_MS;
  const taskMemoryMb = config.workMemoryMb ?? DEFAULT_WORK_MEMORY_MB;
  // Work asked without a token never takes the last thread (where there are two or more), nor queues far ahead.
  const anonymous = { running: Math.max(1, config.workThreads - 1), queued: config.anonymousQueue ?? DEFAULT_ANONYMOUS_QUEUE };
  return createWorkPool({ threads: config.workThreads, maxQueue: config.workQueue, bounds: { ingest, anonymous }, taskTimeoutMs, taskMemoryMb, onError });
}

export function buildApp({
  config,
  store,
  log = false,
  wakeWorker,
  schemaController = createSchemaController(),
  work: given,
  now = Date.now,
}: AppOptions): FastifyInstance {
  const app = Fastify({
    logger: log,
    // One line per request instead (request-log.ts), not fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.smallBodyBytes,
    // fastify turns Node's request timeout off: a body sent a byte a minute would hold its connection (and what it
    // buffered) for ever. The check runs a few times per timeout, not every 30 s, so that the bound is what is said.
    requestTimeout: config.requestTimeoutMs,
    // A connection that sends nothing is closed at the headers timeout too (408), an idle keep-alive one at this.
    keepAliveTimeout: config.keepAliveTimeoutMs ?? DEFAULT_KEEP_ALIVE_TIMEOUT_MS,
    // No connectionTimeout (socket inactivity): a check may rightly keep its socket silent for minutes while it is judged.
    http: {
      headersTimeout: Math.min(config.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS, config.requestTimeoutMs),
      connectionsCheckingInterval: Math.min(30_000, Math.max(50, Math.floor(config.requestTimeoutMs / 4))),
    },
    // Names of up to 200 characters fit even percent-encoded; the router's default (100) cut them off.
    routerOptions: { maxParamLength: MAX_URL_PARAM_LENGTH },
    // URLs the router cannot decode answer like every other error, not with fastify's own body; so do requests Node refuses.
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
    // Unknown body fields are refused (a typo must not pass silently) rather than stripped.
    ajv: { customOptions: { removeAdditional: false } },
    // Bodies are validated without type coercion; query strings and URL parameters with it.
    schemaController,
  });
  // Node's default ends a connection as soon as its client closes its sending side, and with it the answer still being
  // decided: a script that shut down writing after its request (shutdown(SHUT_WR)) got nothing. Kept, the connection is
  // still held to every bound a whole one is (request timeouts, response-stall.ts) and closed after its answer.
  (app.server as { httpAllowHalfOpen?: boolean }).httpAllowHalfOpen = true;
  lingerBeforeClosing(app.server);
  boundConnections(app.server, {
    maxConnections: config.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
    maxPerAddress: config.maxConnectionsPerAddress ?? DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
  });
  const observe = config.observe ?? DEFAULT_OBSERVE;
  const work = given ?? createAppWorkPool(config, (error) => app.log.error({ err: error }, 'a worker process failed; the pool replaces it'));
  if (!given) app.addHook('onClose', () => work.close());
  app.decorate('work', work);
  const observer = createObserver({
    store,
    work,
    config: observe,
    now,
    onError: (error) => app.log.warn({ err: error }, 'writing observed calls failed: counts are kept in memory and written when the store takes them'),
    onDropped: (dropped) =>
      app.log.warn(
        { dropped },
        'the store still refuses observed calls: the oldest counts kept for it are dropped (OVERSEER_MAX_UNWRITTEN_CALLS; /healthz counts them)',
      ),
  });
  // Exported calls were answered before they were written: counts a refusing store takes down with the process are said.
  app.addHook('onClose', async () => {
    const loss = await observer.stop();
    if (loss) {
      app.log.error(
        { err: loss.error, lost: loss.lost },
        `stopping: the store refused the last write of observed calls: ${loss.lost} count(s) held in memory are lost (the gate counts those callers again from their next call)`,
      );
    }
  });
  // Before the answer leaves: a client that records a deployment and then exports spans finds it (another replica may
  // still match against its own snapshot for up to 5 s).
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method !== 'GET' && request.method !== 'HEAD' && reply.statusCode < 400 && !TELEMETRY_ROUTE.test(request.url)) observer.forgetDirectory();
    return payload;
  });
  const pruner = startVerdictPruner({
    store,
    config: config.audit ?? DEFAULT_AUDIT,
    onError: (error) => app.log.warn({ err: error }, 'pruning old verdicts failed'),
  });
  app.addHook('onReady', () => pruner.first);
  app.addHook('onClose', async () => pruner.stop());
  const auth = createAuth({ adminToken: config.adminToken, store });
  const deps: RouteDeps & NotificationDeps = {
    config,
    store,
    work,
    observer,
    auth,
    now,
    notifier: createNotifier({ config: config.notify, store, work, wake: wakeWorker, observed: observer }),
  };
  for (const schema of SHARED_SCHEMAS) app.addSchema(schema);
  // A browser's page first; then an OTLP export posted to the wrong path, answered as its Collector can log it.
  registerErrorHandling(app, (request, reply) => sendPageNotFound(request, reply) ?? answerMisdirectedExport(request, reply));
  registerRequestLog(app);
  registerResponseStall(app, config.responseStallMs ?? DEFAULT_RESPONSE_STALL_MS, config.responseMinRate ?? DEFAULT_RESPONSE_MIN_RATE);
  registerNoStore(app);
  registerStrictJsonParser(app);
  registerNulCheck(app);
  registerRawUploads(app, work, config.maxContractBytes);
  if (!config.adminToken) registerOpenHostCheck(app);
  registerAdmission(app, work, Boolean(config.adminToken));
  registerTokenCheck(app, auth);
  registerEncodingCheck(app);
  registerOpenApiDocument(app, SHARED_SCHEMAS);
  const routes = [
    registerHealthRoutes,
    registerServiceRoutes,
    registerClaimRoutes,
    registerVersionRoutes,
    registerConsumerRoutes,
    registerMigrationRoutes,
    registerDeploymentRoutes,
    registerEnvironmentRoutes,
    registerGateRoutes,
    registerTokenRoutes,
    registerNotificationRoutes,
    registerWebhookRoutes,
    registerDashboardRoutes,
    registerObserveRoutes,
  ];
  for (const register of routes) app.register(register, deps);
  return app;
}
