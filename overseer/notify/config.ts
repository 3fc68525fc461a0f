// The notification settings, parsed once from the environment (config.ts calls this; pure like it).

import { readRepositoryPatterns } from './repositories.js';
import { readChannelPatterns } from './slack-channels.js';

const DEFAULT_PUBLIC_URL = 'http://127.0.0.1:4010';
const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';
const DEFAULT_GITHUB_API_URL = 'https://api.github.com';

interface WorkerTimings {
  /** How often an idle worker looks for due notifications. */
  pollMs: number;
  /** The first retry's delay; each next one doubles, with jitter. */
  backoffMs: number;
  maxBackoffMs: number;
  /** Attempts before a notification becomes a dead letter (`failed`). */
  maxAttempts: number;
  /** How long a claim holds; longer than `timeoutMs`, so a live worker never loses a row it is sending. */
  leaseMs: number;
  /** Each request to Slack, GitHub or a webhook. */
  timeoutMs: number;
  /** How often deployed contracts are searched for sunsets drawing near. */
  sunsetCheckMs: number;
  /** Notifications claimed and sent at once. */
  batchSize: number;
}

export interface NotifyConfig {
  /**
   * Where people open the dashboard: links in messages and statuses start here. Unless OVERSEER_PUBLIC_URL sets it, the
   * registry puts where it listens here once it does (`followListenAddress`); until then, http://127.0.0.1:4010.
   */
  publicUrl: string;
  /** Whether OVERSEER_PUBLIC_URL gave `publicUrl`; a registry that follows where it listens says so in its warnings. */
  publicUrlGiven: boolean;
  /** The branch whose latest versions count as "on main" for published versions. */
  mainBranch: string;
  slack: {
    /** A bot token (`xoxb-...`) for chat.postMessage. */
    token?: string;
    apiUrl: string;
    /** Incoming-webhook URLs by service name: used instead of the bot token for that service. */
    webhooks: Record<string, string>;
    /** The channels the bot may post in (`#users-alerts`, `C0123ABCD`, `*`); required with a token, since a service names its own. */
    channels: string[];
  };
  /**
   * A token only (no GitHub App): the statuses API with `repo:status`. `repositories` are those a status may go to
   * (`acme/users`, `acme/*`, `*`); required with a token, since a service names its own repository.
   */
  github: { token?: string; apiUrl: string; context: string; repositories: string[] };
  webhooks: { allowedHosts: string[]; allowHttp: boolean };
  /** A deprecated operation in use is announced this many days before its sunset. */
  sunsetWarningDays: number;
  worker: WorkerTimings;
}

export const DEFAULT_WORKER_TIMINGS: WorkerTimings = {
  pollMs: 1000,
  backoffMs: 1000,
  maxBackoffMs: 10 * 60_000,
  maxAttempts: 10,
  leaseMs: 2 * 60_000,
  timeoutMs: 10_000,
  sunsetCheckMs: 60 * 60_000,
  batchSize: 20,
};

type Env = Record<string, string | undefined>;
type Fail = (message: string) => Error;

export function parseNotifyConfig(env: Env, fail: Fail): NotifyConfig {
  const read = (name: string) => (env[name] === undefined || env[name] === '' ? undefined : env[name]);
  const integer = (name: string, fallback: number, min: number) => readInteger(name, read(name), fallback, min, fail);
  const worker: WorkerTimings = {
    pollMs: integer('OVERSEER_NOTIFY_POLL_MS', DEFAULT_WORKER_TIMINGS.pollMs, 1),
    backoffMs: integer('OVERSEER_NOTIFY_BACKOFF_MS', DEFAULT_WORKER_TIMINGS.backoffMs, 1),
    maxBackoffMs: integer('OVERSEER_NOTIFY_MAX_BACKOFF_MS', DEFAULT_WORKER_TIMINGS.maxBackoffMs, 1),
    maxAttempts: integer('OVERSEER_NOTIFY_MAX_ATTEMPTS', DEFAULT_WORKER_TIMINGS.maxAttempts, 1),
    leaseMs: integer('OVERSEER_NOTIFY_LEASE_MS', DEFAULT_WORKER_TIMINGS.leaseMs, 1),
    timeoutMs: integer('OVERSEER_NOTIFY_TIMEOUT_MS', DEFAULT_WORKER_TIMINGS.timeoutMs, 1),
    sunsetCheckMs: integer('OVERSEER_SUNSET_CHECK_MS', DEFAULT_WORKER_TIMINGS.sunsetCheckMs, 1),
    batchSize: DEFAULT_WORKER_TIMINGS.batchSize,
  };
  if (worker.timeoutMs >= worker.leaseMs) {
    throw fail('OVERSEER_NOTIFY_TIMEOUT_MS must be shorter than OVERSEER_NOTIFY_LEASE_MS: a claim must outlive the request it covers');
  }
  const slackToken = read('OVERSEER_SLACK_TOKEN');
  const githubToken = read('OVERSEER_GITHUB_TOKEN');
  const channels = readChannels(read('OVERSEER_SLACK_CHANNELS'), slackToken !== undefined, fail);
  const repositories = readRepositories(read('OVERSEER_GITHUB_REPOSITORIES'), githubToken !== undefined, fail);
  return {
    publicUrl: readUrl('OVERSEER_PUBLIC_URL', read('OVERSEER_PUBLIC_URL') ?? DEFAULT_PUBLIC_URL, fail),
    publicUrlGiven: read('OVERSEER_PUBLIC_URL') !== undefined,
    mainBranch: read('OVERSEER_MAIN_BRANCH') ?? 'main',
    slack: {
      ...(slackToken && { token: slackToken }),
      apiUrl: readUrl('OVERSEER_SLACK_API_URL', read('OVERSEER_SLACK_API_URL') ?? DEFAULT_SLACK_API_URL, fail),
      webhooks: readSlackWebhooks(read('OVERSEER_SLACK_WEBHOOKS'), fail),
      channels,
    },
    github: {
      ...(githubToken && { token: githubToken }),
      apiUrl: readUrl('OVERSEER_GITHUB_API_URL', read('OVERSEER_GITHUB_API_URL') ?? DEFAULT_GITHUB_API_URL, fail).replace(/\/+$/, ''),
      context: readStatusContext(read('OVERSEER_GITHUB_STATUS_CONTEXT'), fail),
      repositories,
    },
    webhooks: {
      allowedHosts: (read('OVERSEER_WEBHOOK_ALLOWED_HOSTS') ?? '')
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter(Boolean),
      allowHttp: readBoolean('OVERSEER_WEBHOOK_ALLOW_HTTP', read('OVERSEER_WEBHOOK_ALLOW_HTTP'), fail),
    },
    sunsetWarningDays: integer('OVERSEER_SUNSET_WARNING_DAYS', 14, 0),
    worker,
  };
}

/** Whether a channel other than registered webhooks is configured (webhooks are looked up in the store). */
export function hasConfiguredChannel(config: NotifyConfig): boolean {
  return config.slack.token !== undefined || Object.keys(config.slack.webhooks).length > 0 || config.github.token !== undefined;
}

/**
 * The public URL of a registry that listens at `listening` (`http://10.0.0.5:8080`) when OVERSEER_PUBLIC_URL is not
 * set: links followed port 4010 wherever it listened (`serve --port 8080`), and led nowhere. A registry on every address
 * (0.0.0.0, ::) knows no name others reach it by: its links take the loopback address of its port, which the warning
 * below names.
 */
export function followListenAddress(config: NotifyConfig, listening: string): string {
  if (config.publicUrlGiven) return config.publicUrl;
  const url = new URL(listening);
  if (url.hostname === '0.0.0.0') url.hostname = '127.0.0.1';
  if (url.hostname === '[::]') url.hostname = '[::1]';
  return url.origin;
}

/**
 * Why the links in notifications lead nowhere: they start at a loopback address (OVERSEER_PUBLIC_URL's, or, unset,
 * where this registry listens) on another port or host than this registry's, or one that nobody reading Slack or a
 * commit status on GitHub can open. A public URL of another host (a proxy's name) is taken as meant.
 */
export function describePublicUrlGap(config: NotifyConfig, listening: string): string | undefined {
  const links = new URL(config.publicUrl);
  if (!LOOPBACK_HOSTS.has(links.hostname)) return undefined;
  const fix = 'set OVERSEER_PUBLIC_URL to the address people open the dashboard at';
  // localhost and 127.0.0.1 are one machine: only the port tells two loopback addresses apart.
  const here = new URL(listening);
  const elsewhere = !LOOPBACK_HOSTS.has(here.hostname) || here.port !== links.port;
  if (!config.publicUrlGiven && elsewhere) {
    return `notifications link to ${links.origin}/... (OVERSEER_PUBLIC_URL is not set, and this registry listens on every address, at ${listening}): ${fix}`;
  }
  const start = `notifications link to ${links.origin}/... (${config.publicUrlGiven ? 'OVERSEER_PUBLIC_URL' : 'where this registry listens: OVERSEER_PUBLIC_URL is not set'})`;
  if (elsewhere) return `${start}, but this registry listens at ${listening}: ${fix}`;
  return hasConfiguredChannel(config) ? `${start}, a loopback address nobody reading Slack or GitHub can open: ${fix}` : undefined;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function readInteger(name: string, value: string | undefined, fallback: number, min: number, fail: Fail): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || !Number.isSafeInteger(n)) throw fail(`${name} must be a whole number of at least ${min}, got "${value}"`);
  return n;
}

function readBoolean(name: string, value: string | undefined, fail: Fail): boolean {
  if (value === undefined || value === 'false' || value === '0') return false;
  if (value === 'true' || value === '1') return true;
  throw fail(`${name} must be true or false, got "${value}"`);
}

function readUrl(name: string, value: string, fail: Fail): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw fail(`${name} must be a URL, got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw fail(`${name} must start with http:// or https://, got "${value}"`);
  return value;
}

/**
 * Each service's statuses under a context of its own (`overseer/users-service/contract`): two services of one repository
 * (a monorepo) set statuses on the same commits, and with one context the later overwrote the other's.
 */
const DEFAULT_STATUS_CONTEXT = 'overseer/{service}';

// A value without {service} keeps the contexts a branch protection may name already, as an older registry wrote them.
function readStatusContext(value: string | undefined, fail: Fail): string {
  if (value === undefined) return DEFAULT_STATUS_CONTEXT;
  const unknown = /\{(?!service\})[^}]*\}/.exec(value);
  if (unknown) throw fail(`OVERSEER_GITHUB_STATUS_CONTEXT: ${unknown[0]} is not a placeholder; {service} is the only one`);
  return value;
}

// No default: a token that reaches a whole organisation would otherwise mark any of its commits for any service token.
function readRepositories(value: string | undefined, hasToken: boolean, fail: Fail): string[] {
  const read = readRepositoryPatterns(value ?? '');
  if ('problem' in read) throw fail(`OVERSEER_GITHUB_REPOSITORIES: ${read.problem}`);
  if (hasToken && read.patterns.length === 0) {
    throw fail(
      'OVERSEER_GITHUB_TOKEN is set but OVERSEER_GITHUB_REPOSITORIES is not: list the repositories commit statuses may go to ' +
        '(acme/*, acme/users-service), or * for any the token can write to',
    );
  }
  return read.patterns;
}

// No default, as for repositories: a bot in #general (or with chat:write.public) would post wherever a service token says.
function readChannels(value: string | undefined, hasToken: boolean, fail: Fail): string[] {
  const read = readChannelPatterns(value ?? '');
  if ('problem' in read) throw fail(`OVERSEER_SLACK_CHANNELS: ${read.problem}`);
  if (hasToken && read.patterns.length === 0) {
    throw fail(
      'OVERSEER_SLACK_TOKEN is set but OVERSEER_SLACK_CHANNELS is not: list the channels the bot may post in ' +
        '(#users-alerts, C0123ABCD), or * for any it is in',
    );
  }
  return read.patterns;
}

// A JSON object keeps the map in one variable: {"checkout-web": "https://hooks.slack.com/services/..."}.
function readSlackWebhooks(value: string | undefined, fail: Fail): Record<string, string> {
  if (value === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw fail('OVERSEER_SLACK_WEBHOOKS must be a JSON object of service name to incoming-webhook URL');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw fail('OVERSEER_SLACK_WEBHOOKS must be a JSON object of service name to URL');
  const out: Record<string, string> = {};
  for (const [service, url] of Object.entries(parsed)) {
    if (typeof url !== 'string') throw fail(`OVERSEER_SLACK_WEBHOOKS: the URL of ${service} must be a string`);
    out[service] = readUrl(`OVERSEER_SLACK_WEBHOOKS (${service})`, url, fail);
  }
  return out;
}
