// The registry's configuration, parsed once from flags and environment into a typed object.
// Pure: the caller passes the environment in, so only server.ts and the CLI touch `process`.

import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { WORK_TIMEOUT_MS } from '../contracts/index.js';
import { type AuditConfig, parseAuditConfig } from './audit/config.js';
import { type NotifyConfig, parseNotifyConfig } from './notify/config.js';
import { type ObserveConfig, parseObserveConfig } from './observe/config.js';
import { describeUnknownSettings, findMisspeltAdminToken } from './settings.js';

export const DEFAULT_PORT = 4010;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_DB = 'data/overseer.db';
export const DEFAULT_MAX_CONTRACT_BYTES = 16 * 1024 * 1024;
export const DEFAULT_WORK_QUEUE = 64;
/** Written beside the client's wait (contracts/wire.ts), which must outlast it. */
export const DEFAULT_WORK_TIMEOUT_MS = WORK_TIMEOUT_MS;
/**
 * Each worker process's heap. Every real pair of the benchmark corpus (Stripe's 4 MB check included) is checked within
 * 256 (bench/work-memory.ts --corpus); 16 MB of hostile YAML flow style took 1.9 GB unbounded. Past it only the worker
 * process ends (overseer/work/child-pool.ts), which a worker thread could not promise (nodejs/node#47224).
 */
export const DEFAULT_WORK_MEMORY_MB = 512;
/** Below this a worker process cannot load the engine: every task would fail and its process be replaced, again and again. */
const MIN_WORK_MEMORY_MB = 64;
/** Checks sent without a token waiting for their thread, on a registry that has an admin token. */
export const DEFAULT_ANONYMOUS_QUEUE = 8;
export const MIN_ADMIN_TOKEN_LENGTH = 16;
/** Node's own default: a 20 MB upload over a slow link still arrives, a body trickled in forever does not stay. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 300_000;
/** Headers must arrive within this, and a connection that sends nothing is closed after it (408). */
export const DEFAULT_HEADERS_TIMEOUT_MS = 60_000;
/**
 * fastify's own: longer than the 60 s idle timeout of common load balancers (AWS's ALB), so that they close an idle
 * connection first and never send a request down one the registry is closing (a 502).
 */
export const DEFAULT_KEEP_ALIVE_TIMEOUT_MS = 72_000;
/** An answer the client reads nothing of for this long is cut: it held its connection and its bytes for ever. */
export const DEFAULT_RESPONSE_STALL_MS = 60_000;
/**
 * The slowest an answer may be taken, on average, once the stall's grace is spent: 512 kbit/s, so a 16 MB contract has
 * about 5 minutes. The stall alone let a client that read a segment a minute hold its answer's bytes for hours.
 */
export const DEFAULT_RESPONSE_MIN_RATE = 64 * 1024;
/**
 * How long a stop waits for requests in flight before it cuts them: Kubernetes kills 30 s after its SIGTERM, so what is
 * left is cut 5 s before, and the observed counts and the store still close cleanly.
 */
export const DEFAULT_SHUTDOWN_GRACE_MS = 25_000;
/** Connections open at once: far more than clients with a token ever hold, far fewer than the file descriptors Node takes. */
export const DEFAULT_MAX_CONNECTIONS = 10_000;
/** Connections one address may hold: a CI fleet behind one NAT address holds a few dozen; a flood of idle ones is held to this. */
export const DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 256;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  port: number;
  host: string;
  /** Path of the SQLite file; its folder is created at start. Unused when `databaseUrl` is set. */
  db: string;
  /** A PostgreSQL database, postgres://...: several replicas may share it. Absent: the SQLite file `db`. */
  databaseUrl?: string;
  /** Absent: the registry runs open (writes need no token) and binds loopback only. */
  adminToken?: string;
  /** Largest contract accepted, in bytes of its text. */
  maxContractBytes: number;
  /** Body limit of publish and check requests: the contract travels JSON-escaped, with its declarations. */
  largeBodyBytes: number;
  /** Body limit of every other request. */
  smallBodyBytes: number;
  /** A warning for each retired or unknown OVERSEER_* setting the environment sets: logged at start (server.ts), and nothing else. */
  settingWarnings?: string[];
  /** Worker threads that parse, validate and diff, off the event loop (OVERSEER_WORK_THREADS). */
  workThreads: number;
  /** How long a request may take to arrive, headers and body, before it is answered 408 and its connection closed (OVERSEER_REQUEST_TIMEOUT_MS). */
  requestTimeoutMs: number;
  /** How long headers may take to arrive, and a new connection may stay silent, before a 408 and the close (OVERSEER_HEADERS_TIMEOUT_MS). */
  headersTimeoutMs?: number;
  /** How long an idle keep-alive connection is kept after its last answer (OVERSEER_KEEP_ALIVE_TIMEOUT_MS). */
  keepAliveTimeoutMs?: number;
  /** How long an answer may wait for its client to read any of it before the connection is cut (OVERSEER_RESPONSE_STALL_MS). */
  responseStallMs?: number;
  /** Bytes per second an answer must be taken at, on average, after `responseStallMs` of grace; 0: no bound (OVERSEER_RESPONSE_MIN_RATE). */
  responseMinRate?: number;
  /** How long a stop (SIGTERM, SIGINT) waits for requests in flight before it cuts their connections (OVERSEER_SHUTDOWN_GRACE_MS). */
  shutdownGraceMs?: number;
  /** Connections open at once; past it a new one is closed unanswered; 0: no bound (OVERSEER_MAX_CONNECTIONS). */
  maxConnections?: number;
  /** Connections one remote address may hold open; past it a new one is answered 503 and closed; 0: no bound (OVERSEER_MAX_CONNECTIONS_PER_ADDRESS). */
  maxConnectionsPerAddress?: number;
  /** Tasks waiting for a worker thread in each lane (publications, gate decisions, OTLP exports, other reads); past it a request of that kind is answered 503 ERR_BUSY (OVERSEER_WORK_QUEUE). */
  workQueue: number;
  /** How long one task may hold a worker thread before the thread is stopped and the request answered 422 ERR_WORK_TIMEOUT; 0: no bound (OVERSEER_WORK_TIMEOUT_MS). */
  workTimeoutMs?: number;
  /** Heap (old generation) one worker process may use before it ends and the request is answered 413 ERR_WORK_TOO_LARGE; 0: no bound (OVERSEER_WORK_MEMORY_MB). */
  workMemoryMb?: number;
  /**
   * With an admin token, work asked without one (a check) waiting for its thread, which is one fewer than
   * `workThreads` (at least one); past it such a request is answered 503 ERR_BUSY before its body is read (OVERSEER_ANONYMOUS_QUEUE).
   */
  anonymousQueue?: number;
  logLevel: LogLevel;
  /** Slack, GitHub, webhooks and the delivery worker (overseer/notify/config.ts); absent: nothing is sent. */
  notify?: NotifyConfig;
  /** Observed usage: window, gate policy, OTLP body limit, flushing (overseer/observe/config.ts). */
  observe?: ObserveConfig;
  /** The gate's audit trail: the window repeats merge in, and retention (overseer/audit/config.ts). */
  audit?: AuditConfig;
}

/** Settings given on the command line; each wins over its environment variable. */
export interface ConfigFlags {
  port?: string;
  host?: string;
  db?: string;
  databaseUrl?: string;
}

// Accepted rather than refused: a deployment that still sets one must start as it did, and hear once why to drop it.
const RETIRED_SETTINGS: [name: string, why: string][] = [
  ['OVERSEER_CONTRACT_CACHE', 'the event loop parses no stored contract; the worker processes keep what they parse, bounded by its bytes'],
];

export class ConfigError extends Error {
  readonly code = 'ERR_CONFIG_INVALID';

  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export function parseConfig(flags: ConfigFlags, env: Record<string, string | undefined>): Config {
  if (flags.db !== undefined && flags.databaseUrl !== undefined) throw new ConfigError('give --db or --database-url, not both');
  // A flag wins over either variable: --db FILE runs on SQLite even where OVERSEER_DATABASE_URL is set.
  const databaseUrl = flags.databaseUrl ?? (flags.db === undefined ? env.OVERSEER_DATABASE_URL || undefined : undefined);
  const maxContractBytes = readInteger('OVERSEER_MAX_CONTRACT_BYTES', env.OVERSEER_MAX_CONTRACT_BYTES, DEFAULT_MAX_CONTRACT_BYTES, 1024);
  const requestTimeoutMs = readInteger('OVERSEER_REQUEST_TIMEOUT_MS', env.OVERSEER_REQUEST_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS, 100);
  const config: Config = {
    port: readPort(flags.port ?? env.OVERSEER_PORT, flags.port !== undefined ? '--port' : 'OVERSEER_PORT'),
    host: readHost(flags.host ?? env.OVERSEER_HOST ?? DEFAULT_HOST),
    db: readDb(flags.db ?? env.OVERSEER_DB ?? DEFAULT_DB),
    ...(databaseUrl !== undefined && { databaseUrl: readDatabaseUrl(databaseUrl) }),
    maxContractBytes,
    // JSON escaping and declarations add to the contract's size; 4 MiB of headroom covers ordinary documents.
    largeBodyBytes: maxContractBytes + 4 * 1024 * 1024,
    smallBodyBytes: 256 * 1024,
    // One core is left to the event loop; more than four threads rarely pays for their memory.
    workThreads: readInteger('OVERSEER_WORK_THREADS', env.OVERSEER_WORK_THREADS, Math.max(1, Math.min(4, availableParallelism() - 1)), 1),
    requestTimeoutMs,
    // Node refuses a headers timeout longer than the request's.
    headersTimeoutMs: Math.min(requestTimeoutMs, readInteger('OVERSEER_HEADERS_TIMEOUT_MS', env.OVERSEER_HEADERS_TIMEOUT_MS, DEFAULT_HEADERS_TIMEOUT_MS, 100)),
    keepAliveTimeoutMs: readInteger('OVERSEER_KEEP_ALIVE_TIMEOUT_MS', env.OVERSEER_KEEP_ALIVE_TIMEOUT_MS, DEFAULT_KEEP_ALIVE_TIMEOUT_MS, 100),
    responseStallMs: readInteger('OVERSEER_RESPONSE_STALL_MS', env.OVERSEER_RESPONSE_STALL_MS, DEFAULT_RESPONSE_STALL_MS, 100),
    responseMinRate: readInteger('OVERSEER_RESPONSE_MIN_RATE', env.OVERSEER_RESPONSE_MIN_RATE, DEFAULT_RESPONSE_MIN_RATE, 0),
    shutdownGraceMs: readInteger('OVERSEER_SHUTDOWN_GRACE_MS', env.OVERSEER_SHUTDOWN_GRACE_MS, DEFAULT_SHUTDOWN_GRACE_MS, 0),
    maxConnections: readInteger('OVERSEER_MAX_CONNECTIONS', env.OVERSEER_MAX_CONNECTIONS, DEFAULT_MAX_CONNECTIONS, 0),
    maxConnectionsPerAddress: readInteger(
      'OVERSEER_MAX_CONNECTIONS_PER_ADDRESS',
      env.OVERSEER_MAX_CONNECTIONS_PER_ADDRESS,
      DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
      0,
    ),
    workQueue: readInteger('OVERSEER_WORK_QUEUE', env.OVERSEER_WORK_QUEUE, DEFAULT_WORK_QUEUE, 1),
    workTimeoutMs: readInteger('OVERSEER_WORK_TIMEOUT_MS', env.OVERSEER_WORK_TIMEOUT_MS, DEFAULT_WORK_TIMEOUT_MS, 0),
    workMemoryMb: readWorkMemory(env.OVERSEER_WORK_MEMORY_MB),
    anonymousQueue: readInteger('OVERSEER_ANONYMOUS_QUEUE', env.OVERSEER_ANONYMOUS_QUEUE, DEFAULT_ANONYMOUS_QUEUE, 0),
    logLevel: readLogLevel(env.OVERSEER_LOG_LEVEL),
    notify: parseNotifyConfig(env, (message) => new ConfigError(message)),
    observe: parseObserveConfig(env, (message) => new ConfigError(message)),
    audit: parseAuditConfig(env, (message) => new ConfigError(message)),
  };
  const adminToken = env.OVERSEER_ADMIN_TOKEN;
  if (adminToken !== undefined && adminToken !== '') {
    if (adminToken.length < MIN_ADMIN_TOKEN_LENGTH || /\s/.test(adminToken)) {
      throw new ConfigError(`OVERSEER_ADMIN_TOKEN must be at least ${MIN_ADMIN_TOKEN_LENGTH} characters without spaces`);
    }
    config.adminToken = adminToken;
  }
  const misspelt = findMisspeltAdminToken(env);
  if (misspelt !== undefined) {
    throw new ConfigError(`${misspelt} is set, not OVERSEER_ADMIN_TOKEN: the registry would run open, writes needing no token; rename it OVERSEER_ADMIN_TOKEN`);
  }
  const retired = RETIRED_SETTINGS.filter(([name]) => env[name] !== undefined);
  const warnings = [...retired.map(([name, why]) => `${name} no longer does anything: ${why}; remove it`), ...describeUnknownSettings(env)];
  if (warnings.length > 0) config.settingWarnings = warnings;
  assertSafeBinding(config);
  return config;
}

/** Whether a host name or address only accepts connections from this machine. */
export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1' || host === '[::1]';
}

/** An open registry (no admin token) on a reachable address would let anyone publish and deploy. */
export function assertSafeBinding(config: Pick<Config, 'host' | 'adminToken'>): void {
  if (!config.adminToken && !isLoopback(config.host)) {
    throw new ConfigError(
      `refusing to listen on ${config.host} without OVERSEER_ADMIN_TOKEN: an open registry binds loopback only (127.0.0.1, ::1, localhost)`,
    );
  }
}

// Named as the operator set it: "port must be..." sent one looking at --port when a variable set long ago was wrong.
function readPort(value: string | undefined, source: string): number {
  if (value === undefined || value === '') return DEFAULT_PORT;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new ConfigError(`${source} must be a whole number from 0 to 65535, got "${value}"`);
  return port;
}

function readHost(value: string): string {
  if (value.trim() === '' || /\s|\//.test(value)) throw new ConfigError(`host must be a host name or an IP address, got "${value}"`);
  return value;
}

function readDb(value: string): string {
  if (value.trim() === '') throw new ConfigError('the database file (--db, OVERSEER_DB) must not be empty');
  return value;
}

// Never echoed back: the URL may carry a password.
function readDatabaseUrl(value: string): string {
  const usage = 'the database URL (--database-url, OVERSEER_DATABASE_URL) must look like postgres://user@host:5432/overseer';
  if (!/^postgres(ql)?:\/\//i.test(value)) throw new ConfigError(`${usage}: it must start with postgres:// or postgresql://`);
  if (!URL.canParse(value)) throw new ConfigError(`${usage}: it is not a valid URL`);
  return value;
}

/** The database for the start line and logs: the SQLite file, or the PostgreSQL URL with its password masked. */
export function describeDatabase(config: Pick<Config, 'db' | 'databaseUrl'>): string {
  if (config.databaseUrl === undefined) return config.db;
  const url = new URL(config.databaseUrl);
  if (url.password !== '') url.password = '***';
  if (url.searchParams.has('password')) url.searchParams.set('password', '***');
  return url.toString();
}

function readInteger(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || !Number.isSafeInteger(n)) {
    throw new ConfigError(`${name} must be a whole number of at least ${min}, got "${value}"`);
  }
  return n;
}

function readWorkMemory(value: string | undefined): number {
  const mb = readInteger('OVERSEER_WORK_MEMORY_MB', value, DEFAULT_WORK_MEMORY_MB, 0);
  if (mb !== 0 && mb < MIN_WORK_MEMORY_MB) {
    throw new ConfigError(`OVERSEER_WORK_MEMORY_MB must be 0 (no bound) or at least ${MIN_WORK_MEMORY_MB}, got "${value}"`);
  }
  return mb;
}

function readLogLevel(value: string | undefined): LogLevel {
  if (value === undefined || value === '') return 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(value)) {
    throw new ConfigError(`OVERSEER_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${value}"`);
  }
  return value as LogLevel;
}
