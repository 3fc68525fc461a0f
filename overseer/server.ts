// startServer: opens the store (a SQLite file or PostgreSQL), builds the app, listens, and shuts down cleanly on SIGTERM/SIGINT.
// The only registry file that touches `process` (signals); configuration arrives parsed.

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type AppOptions, buildApp } from './app.js';
import { assertSafeBinding, type Config, DEFAULT_SHUTDOWN_GRACE_MS, describeDatabase } from './config.js';
import { createPrettyStream } from './log-format.js';
import { describePublicUrlGap, followListenAddress, hasConfiguredChannel } from './notify/config.js';
import { describeServiceGaps } from './notify/service-gaps.js';
import { describeSlackRoutes } from './notify/slack-routes.js';
import { type DeliveryWorker, startDeliveryWorker } from './notify/worker.js';
import { closeWithinGrace } from './server-stop.js';
import { isStoreError } from './store/errors.js';
import { openSqliteStore } from './store/sqlite/index.js';
import { lockSqliteFile, type SqliteLock } from './store/sqlite/lock.js';
import type { Store } from './store/store.js';

export interface RunningServer {
  /** `http://host:port`, with the port actually bound (useful with port 0). */
  url: string;
  app: FastifyInstance;
  /** Closes the app (finishing requests in flight, cutting what is open after the grace), then the store. Safe to call twice. */
  close(): Promise<void>;
  /** Settles once the server has closed, by `close()` or by a signal. */
  closed: Promise<void>;
  /**
   * Runs the sunset check now rather than at its next turn (OVERSEER_SUNSET_CHECK_MS): resolves to how many
   * notifications it enqueued, 0 where notifications are off. Tests ask it after the deployments they mean it to see.
   */
  checkSunsets(): Promise<number>;
}

export interface ServerOptions {
  /** Install SIGTERM/SIGINT handlers (default true); tests running several servers in one process turn it off. */
  handleSignals?: boolean;
  /** buildApp's schemaController: tests that start many servers in one process keep the validators compiled once. */
  schemaController?: AppOptions['schemaController'];
  /** buildApp's work pool: tests that start many servers in one process share one instead of a thread each. */
  work?: AppOptions['work'];
  /** buildApp's clock: tests of dates (a waiver's last day) set the registry's. */
  now?: AppOptions['now'];
}

const NO_CHANNEL =
  'notifications: no Slack or GitHub channel is configured (OVERSEER_SLACK_TOKEN, OVERSEER_SLACK_WEBHOOKS, OVERSEER_GITHUB_TOKEN): ' +
  "only webhooks registered with POST /v1/webhooks are sent; the manifests' slack: channels get nothing";

export async function startServer(config: Config, options: ServerOptions = {}): Promise<RunningServer> {
  assertSafeBinding(config);
  // Idle connection failures go to the app's logger, which exists only once the store is open.
  let logIdleError = (_error: Error) => {};
  // Taken before the file is opened and released after it is closed: one registry per SQLite file.
  const lock = config.databaseUrl === undefined && config.db !== ':memory:' ? takeSqliteLock(prepareSqliteFile(config.db)) : undefined;
  const store = await openStore(config, (error) => logIdleError(error)).catch((error: unknown) => {
    lock?.release();
    throw error;
  });
  let worker: DeliveryWorker | undefined;
  // JSON lines for a log collector; readable lines when a person watches the terminal.
  const log = process.stdout.isTTY ? { level: config.logLevel, stream: createPrettyStream(process.stdout) } : { level: config.logLevel };
  const app = buildApp({
    config,
    store,
    log,
    wakeWorker: () => worker?.wake(),
    schemaController: options.schemaController,
    work: options.work,
    now: options.now,
  });
  logIdleError = (error) => app.log.warn({ err: error }, 'an idle PostgreSQL connection failed; the pool opens another');

  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
  let closing: Promise<void> | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    app.log.info({ signal }, 'shutting down');
    // The store is closed and `closed` settles whatever failed: a failure is said, not left to crash the exit.
    close().catch((error: unknown) => app.log.error({ err: error }, 'stopping: closing failed'));
  };
  const close = () =>
    (closing ??= (async () => {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      try {
        await closeWithinGrace(app, config.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS);
      } finally {
        // Deliveries under way finish and record their outcome before the store closes; pending ones wait for the next start.
        await worker?.stop();
        await store.close();
        lock?.release();
        resolveClosed();
      }
    })());

  try {
    await app.listen({ port: config.port, host: config.host, listenTextResolver: (address) => describeStart(config, address) });
  } catch (error) {
    await close();
    throw error;
  }
  // Set in place, before the worker starts and any request is read: the app's notifier holds this object, and every
  // link it and the worker write (messages, statuses, webhooks) starts here. The port is known only now (`--port 0`).
  if (config.notify) config.notify.publicUrl = followListenAddress(config.notify, describeAddress(app));
  lock?.describe(describeAddress(app));
  // Said once the registry runs: a start that fails (a port in use) says only why it failed.
  for (const warning of config.settingWarnings ?? []) app.log.warn(warning);
  if (!config.adminToken) app.log.warn('running open: writes need no token; bound to loopback only (set OVERSEER_ADMIN_TOKEN to require tokens)');
  if (config.notify) {
    // The sunset and migration checks read every deployed contract (at start, then hourly) in the app's worker pool:
    // parsed on the event loop, they held a 5,000-service registry for minutes; crossing to it, they still cost it a
    // JSON.parse of each document.
    worker = startDeliveryWorker({ store, config: config.notify, work: app.work, observe: config.observe, log: app.log });
    // Manifests name Slack channels whatever the registry is configured with: without a channel they hear nothing, silently.
    if (!hasConfiguredChannel(config.notify)) app.log.info(NO_CHANNEL);
    const gap = describePublicUrlGap(config.notify, describeAddress(app));
    if (gap) app.log.warn(gap);
    // Read after listening, never awaited: a registry of thousands of services starts as fast, and a failed read costs a warning.
    const notify = config.notify;
    void store
      .listServices()
      .then((services) => {
        for (const warning of [...describeSlackRoutes(services, notify), ...describeServiceGaps(services, notify)]) app.log.warn(warning);
      })
      .catch((error: unknown) => app.log.warn({ err: error }, 'notifications: the services could not be read to check what they name'));
  }
  if (options.handleSignals !== false) {
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  }
  return { url: describeAddress(app), app, close, closed, checkSunsets: async () => (await worker?.checkSunsets()) ?? 0 };
}

/** PostgreSQL when a URL is given (migrated at open, safe when replicas start together), else the SQLite file. */
async function openStore(config: Config, onIdleError: (error: Error) => void): Promise<Store> {
  if (config.databaseUrl === undefined) {
    try {
      return openSqliteStore(config.db);
    } catch (error) {
      if (isStoreError(error)) throw error;
      throw cannotOpenSqlite(config.db, error);
    }
  }
  // Loaded on demand: a SQLite registry never loads the pg driver.
  const { openPostgresStore } = await import('./store/postgres/index.js');
  return openPostgresStore(config.databaseUrl, { onIdleError }).catch((error: unknown) => {
    // A schema refusal already says what is wrong; anything else is the database out of reach.
    if (isStoreError(error)) throw error;
    throw unreachable(config, error);
  });
}

/** Makes the file's folder, so that the lock file can be written beside it; returns the file. */
function prepareSqliteFile(file: string): string {
  try {
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  } catch (error) {
    throw cannotOpenSqlite(file, error);
  }
  return file;
}

// A folder that cannot hold files (/proc, /sys, a read-only mount) fails at the lock file, before SQLite sees the path:
// say so with the file and the flag, not as a bare ENOENT about a file the user never named.
function takeSqliteLock(file: string): SqliteLock {
  try {
    return lockSqliteFile(file);
  } catch (error) {
    if (isStoreError(error)) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' || code === 'EACCES' || code === 'EROFS' || code === 'EPERM' ? describeLockFailure(code) : undefined;
    throw cannotOpenSqlite(file, reason ?? error);
  }
}

function describeLockFailure(code: string): string {
  const why = code === 'ENOENT' ? 'its folder cannot hold files' : code === 'EROFS' ? 'its folder is read-only' : 'permission denied';
  return `cannot create the lock file beside it (${why}): choose a file in a writable folder`;
}

// SQLite's own words ("unable to open database file", "file is not a database") name neither the file nor the flag.
function cannotOpenSqlite(file: string, error: unknown): Error {
  const reason = error instanceof Error ? error.message : String(error);
  return Object.assign(new Error(`cannot open the SQLite file ${file} (--db, OVERSEER_DB): ${reason}`, { cause: error }), { code: 'ERR_DATABASE_UNREADABLE' });
}

function unreachable(config: Config, error: unknown): Error {
  // Node's connection errors may carry only a code (an AggregateError over IPv4 and IPv6 has no message).
  const reason = error instanceof Error ? error.message || String((error as NodeJS.ErrnoException).code ?? error.name) : String(error);
  const message = `cannot open the PostgreSQL database ${describeDatabase(config)}: ${reason}`;
  return Object.assign(new Error(message, { cause: error }), { code: 'ERR_DATABASE_UNREACHABLE' });
}

/** The start line: where to connect, to which database, and where a browser finds the dashboard; `overseer serve` prints it when the log level hides it. */
export function describeStart(config: Config, url: string): string {
  const open = config.adminToken ? '' : '; open: no admin token';
  return `overseer registry listening on ${url} (database ${describeDatabase(config)}${open}); dashboard at ${url}/`;
}

function describeAddress(app: FastifyInstance): string {
  const address = app.server.address();
  if (address === null || typeof address === 'string') return String(address);
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}
