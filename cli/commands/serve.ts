// `overseer serve`: runs the registry until SIGTERM or SIGINT.

import { existsSync, statSync } from 'node:fs';
import { parseConfig } from '../../overseer/config.js';
import { parseCommandArgs } from '../args.js';
import { CommandError, EXIT, type Io, UsageError } from '../io.js';
import { rejectPositionals } from './registry-options.js';

const HELP = `Usage: overseer serve [--port 4010] [--host 127.0.0.1] [--db FILE | --database-url URL]

Runs the registry: its HTTP API under /v1, its own OpenAPI document at /openapi.json and a health
check at /healthz. Data lives in one SQLite file (its folder is created if missing) or, to run
several replicas behind a load balancer, in one PostgreSQL database they all share: its tables are
created or migrated at start, once, even when replicas start together. Stops cleanly on SIGTERM or
SIGINT.

Options:
  --port N                 the port (env OVERSEER_PORT; default 4010; 0 picks a free one)
  --host H                 the address to bind (env OVERSEER_HOST; default 127.0.0.1)
  --db FILE                the SQLite file (env OVERSEER_DB; default data/overseer.db)
  --database-url URL       a PostgreSQL database, postgres://user:password@host:5432/name
                           (env OVERSEER_DATABASE_URL: a password there stays out of "ps");
                           instead of --db, not with it
  -h, --help               show this help

Environment (README's Configuration table gives each one's default and what it sets):
  OVERSEER_ADMIN_TOKEN         the admin token (16+ characters). Without it the registry runs open
                               (writes need no token) and refuses to bind anything but loopback.
  OVERSEER_MAX_CONTRACT_BYTES  the largest contract accepted (default 16 MiB)
  OVERSEER_LOG_LEVEL           fatal | error | warn | info | debug | trace | silent (default info)
  OVERSEER_PUBLIC_URL          the address people open the dashboard at, for links in messages
                               (default http://127.0.0.1:4010; a loopback one warns at start
                               where it is not this registry's, or Slack or GitHub is configured)
  OVERSEER_SLACK_TOKEN         a Slack bot token: each service's slack: channel hears what breaks it
  OVERSEER_SLACK_CHANNELS      the channels the bot may post in (#users-alerts, C0123ABCD, or *):
                               required with OVERSEER_SLACK_TOKEN
  OVERSEER_SLACK_WEBHOOKS      JSON, service name to a Slack incoming-webhook URL: that service's
                               messages go there instead
  OVERSEER_GITHUB_TOKEN        a GitHub token: commit statuses on the commits versions are published
                               from
  OVERSEER_GITHUB_REPOSITORIES the repositories statuses may go to (acme/*, acme/users, or *):
                               required with OVERSEER_GITHUB_TOKEN; within it, a repository is the
                               first service's to name it (overseer claim repository gives or shares it)
  OVERSEER_GITHUB_STATUS_CONTEXT  the statuses' context before /contract, /can-i-deploy (ENV), ...
                               (default overseer/{service}: each service its own; a value without
                               {service}, such as overseer, keeps the names older releases wrote)
  Notifications:               OVERSEER_MAIN_BRANCH, OVERSEER_SLACK_API_URL,
                               OVERSEER_GITHUB_API_URL,
                               OVERSEER_WEBHOOK_ALLOWED_HOSTS, OVERSEER_WEBHOOK_ALLOW_HTTP,
                               OVERSEER_SUNSET_WARNING_DAYS, OVERSEER_SUNSET_CHECK_MS,
                               OVERSEER_NOTIFY_POLL_MS, OVERSEER_NOTIFY_BACKOFF_MS,
                               OVERSEER_NOTIFY_MAX_BACKOFF_MS, OVERSEER_NOTIFY_MAX_ATTEMPTS,
                               OVERSEER_NOTIFY_TIMEOUT_MS, OVERSEER_NOTIFY_LEASE_MS
  Workers:                     OVERSEER_WORK_THREADS, OVERSEER_WORK_QUEUE, OVERSEER_WORK_TIMEOUT_MS,
                               OVERSEER_WORK_MEMORY_MB, OVERSEER_ANONYMOUS_QUEUE
  Connections:                 OVERSEER_REQUEST_TIMEOUT_MS, OVERSEER_HEADERS_TIMEOUT_MS,
                               OVERSEER_KEEP_ALIVE_TIMEOUT_MS, OVERSEER_RESPONSE_STALL_MS,
                               OVERSEER_RESPONSE_MIN_RATE, OVERSEER_SHUTDOWN_GRACE_MS,
                               OVERSEER_MAX_CONNECTIONS, OVERSEER_MAX_CONNECTIONS_PER_ADDRESS
  Audit trail:                 OVERSEER_VERDICT_WINDOW_MINUTES, OVERSEER_VERDICT_RETENTION_DAYS
  Observed usage:              OVERSEER_USAGE, OVERSEER_USAGE_WINDOW_DAYS,
                               OVERSEER_MAX_TELEMETRY_BYTES, OVERSEER_USAGE_FLUSH_MS,
                               OVERSEER_MAX_OBSERVED_CONSUMERS, OVERSEER_INGEST_DECODES,
                               OVERSEER_INGEST_QUEUE, OVERSEER_MAX_UNWRITTEN_CALLS
  Retired:                     OVERSEER_CONTRACT_CACHE does nothing any more (a warning at
                               start says so)

Exit codes: 0 stopped by a signal, 2 could not start (bad configuration, the port taken, the
database unreadable or unreachable).

Examples:
  overseer serve
  OVERSEER_ADMIN_TOKEN=$(openssl rand -hex 32) overseer serve --host 0.0.0.0 --db /var/lib/overseer/registry.db
  OVERSEER_ADMIN_TOKEN=... OVERSEER_DATABASE_URL=postgres://overseer:secret@db:5432/overseer overseer serve --host 0.0.0.0
`;

export async function serveCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    port: { type: 'string' },
    host: { type: 'string' },
    db: { type: 'string' },
    'database-url': { type: 'string' },
  });
  if (values.help) {
    io.stdout(HELP);
    return EXIT.safe;
  }
  rejectPositionals(positionals);
  if (values.db !== undefined && values['database-url'] !== undefined) throw new UsageError('give --db or --database-url, not both');
  const config = parseConfig({ port: values.port, host: values.host, db: values.db, databaseUrl: values['database-url'] }, io.env);
  // SQLite's "unable to open database file" names no cause; a folder is the usual one (the data folder for its file).
  if (config.databaseUrl === undefined && isFolder(config.db)) {
    throw new CommandError(
      'ERR_DATABASE_UNREADABLE',
      `cannot open the SQLite file ${config.db} (--db, OVERSEER_DB): it is a folder: name the database file in it`,
    );
  }
  // Loaded on demand: the other commands never pay for fastify and SQLite.
  const { describeStart, startServer } = await import('../../overseer/server.js');
  const server = await startServer(config).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EADDRINUSE') throw error;
    throw new CommandError('ERR_PORT_IN_USE', `${config.host}:${config.port} is already in use: stop the other process or choose --port`);
  });
  // The logger writes the start line at `info`; below that it is still printed (it says where to connect), shaped like a log line.
  if (!['info', 'debug', 'trace'].includes(config.logLevel)) {
    const { formatLogLine } = await import('../../overseer/log-format.js');
    io.stdout(formatLogLine({ level: 30, time: Date.now(), msg: describeStart(config, server.url) }, io.isTTY));
  }
  await server.closed;
  return EXIT.safe;
}

function isFolder(file: string): boolean {
  return file !== ':memory:' && existsSync(file) && statSync(file).isDirectory();
}
