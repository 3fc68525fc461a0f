// Every OVERSEER_* variable Overseer reads (README's Configuration table, which a test holds this list to): a name set
// in the registry's environment that is none of them is a typo, and the setting it meant silently kept its default
// (OVERSEER_ADMIN_TOKN left the registry open).

import { describeGuess, findNearestName } from '../contracts/index.js';

export const KNOWN_SETTINGS = [
  'OVERSEER_ADMIN_TOKEN',
  'OVERSEER_ANONYMOUS_QUEUE',
  'OVERSEER_CONTRACT_CACHE',
  'OVERSEER_DATABASE_URL',
  'OVERSEER_DB',
  'OVERSEER_DEBUG',
  'OVERSEER_DUMP_KEY',
  'OVERSEER_GITHUB_API_URL',
  'OVERSEER_GITHUB_REPOSITORIES',
  'OVERSEER_GITHUB_STATUS_CONTEXT',
  'OVERSEER_GITHUB_TOKEN',
  'OVERSEER_HEADERS_TIMEOUT_MS',
  'OVERSEER_HOST',
  'OVERSEER_INGEST_DECODES',
  'OVERSEER_INGEST_QUEUE',
  'OVERSEER_KEEP_ALIVE_TIMEOUT_MS',
  'OVERSEER_LOG_LEVEL',
  'OVERSEER_MAIN_BRANCH',
  'OVERSEER_MAX_CONNECTIONS',
  'OVERSEER_MAX_CONNECTIONS_PER_ADDRESS',
  'OVERSEER_MAX_CONTRACT_BYTES',
  'OVERSEER_MAX_OBSERVED_CONSUMERS',
  'OVERSEER_MAX_TELEMETRY_BYTES',
  'OVERSEER_MAX_UNWRITTEN_CALLS',
  'OVERSEER_NOTIFY_BACKOFF_MS',
  'OVERSEER_NOTIFY_LEASE_MS',
  'OVERSEER_NOTIFY_MAX_ATTEMPTS',
  'OVERSEER_NOTIFY_MAX_BACKOFF_MS',
  'OVERSEER_NOTIFY_POLL_MS',
  'OVERSEER_NOTIFY_TIMEOUT_MS',
  'OVERSEER_PORT',
  'OVERSEER_PUBLIC_URL',
  'OVERSEER_REQUEST_TIMEOUT_MS',
  'OVERSEER_RESPONSE_MIN_RATE',
  'OVERSEER_RESPONSE_STALL_MS',
  'OVERSEER_RETRY_MS',
  'OVERSEER_SHUTDOWN_GRACE_MS',
  'OVERSEER_SLACK_API_URL',
  'OVERSEER_SLACK_CHANNELS',
  'OVERSEER_SLACK_TOKEN',
  'OVERSEER_SLACK_WEBHOOKS',
  'OVERSEER_SUNSET_CHECK_MS',
  'OVERSEER_SUNSET_WARNING_DAYS',
  'OVERSEER_TIMEOUT_MS',
  'OVERSEER_TOKEN',
  'OVERSEER_URL',
  'OVERSEER_USAGE',
  'OVERSEER_USAGE_FLUSH_MS',
  'OVERSEER_USAGE_WINDOW_DAYS',
  'OVERSEER_VERDICT_RETENTION_DAYS',
  'OVERSEER_VERDICT_WINDOW_MINUTES',
  'OVERSEER_WEBHOOK_ALLOWED_HOSTS',
  'OVERSEER_WEBHOOK_ALLOW_HTTP',
  'OVERSEER_WORK_MEMORY_MB',
  'OVERSEER_WORK_QUEUE',
  'OVERSEER_WORK_THREADS',
  'OVERSEER_WORK_TIMEOUT_MS',
] as const;

/** A warning for each OVERSEER_* variable set that Overseer does not read, naming the one it probably meant. */
export function describeUnknownSettings(env: Record<string, string | undefined>): string[] {
  const known: ReadonlySet<string> = new Set(KNOWN_SETTINGS);
  return Object.keys(env)
    .filter((name) => name.startsWith('OVERSEER_') && !known.has(name))
    .sort()
    .map(
      (name) =>
        `${name} is not a setting Overseer reads, so it is ignored${describeGuess(findNearestName(name, KNOWN_SETTINGS))} (README's Configuration lists every setting)`,
    );
}

/**
 * A misspelt admin token left the registry open, writes needing no token: behind a proxy on the same host, open to
 * anyone. Refused rather than warned of, since the operator meant tokens on.
 */
export function findMisspeltAdminToken(env: Record<string, string | undefined>): string | undefined {
  if (env.OVERSEER_ADMIN_TOKEN) return undefined;
  return Object.keys(env)
    .filter((name) => name.startsWith('OVERSEER_') && env[name] && !(KNOWN_SETTINGS as readonly string[]).includes(name))
    .find((name) => findNearestName(name, KNOWN_SETTINGS) === 'OVERSEER_ADMIN_TOKEN');
}
