// The options every registry command shares (--registry, --token, --format) and the client they make.

import { WORK_TIMEOUT_MS } from '../../contracts/index.js';
import { type OptionSpec, oneOf, parseCommandArgs } from '../args.js';
import { createRegistryClient, DEFAULT_REGISTRY_URL, DEFAULT_RETRY_MS, DEFAULT_TIMEOUT_MS, type RegistryClient } from '../client.js';
import { type Io, UsageError } from '../io.js';

export const REGISTRY_FLAGS = {
  registry: { type: 'string' },
  token: { type: 'string' },
} as const;

const REPORT_FORMATS = ['text', 'json', 'markdown'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/**
 * What a command says of --token depends on what it asks of the registry: reads are open on every registry, while a
 * registry with tokens (OVERSEER_ADMIN_TOKEN) refuses a write without one. A help calling the token "for writes" on a
 * read sent new users hunting for a token they did not need.
 */
export const TOKEN_HELP = {
  read: 'not needed: reads are open; a token given must be valid (env OVERSEER_TOKEN)',
  audited: 'not needed: names who asked in the audit trail, anonymous without (env OVERSEER_TOKEN)',
  write: "needed when the registry has tokens: the service's token or the admin token (env OVERSEER_TOKEN)",
  admin: 'needed when the registry has tokens: the admin token (env OVERSEER_TOKEN)',
  adminToCreate: 'the admin token to create, when the registry has tokens; list needs none (env OVERSEER_TOKEN)',
  adminToRetry: 'the admin token for --retry, when the registry has tokens; listing needs none (env OVERSEER_TOKEN)',
} as const;

/** The lines every registry command's help ends its options with; `token` says when --token is needed. */
export function registryHelp(token: string): string {
  return `  --registry URL           the registry (env OVERSEER_URL; default ${DEFAULT_REGISTRY_URL})
  --token TOKEN            ${wrapHelp(token)}
  -h, --help               show this help

Connection errors and the registry's own 503s are retried with backoff for ${DEFAULT_RETRY_MS / 1000} s (env OVERSEER_RETRY_MS,
in ms), waiting at least the Retry-After a busy registry names. A write whose answer is lost, or is
answered 502/503/504 by a proxy, is sent again only where that cannot do it twice: a publication (the
same content twice is one), and a deployment, its end, a token, its revocation, an environment or a
notification's retry to a registry whose /healthz lists it in keyedWrites (sent with the same
Idempotency-Key); any other is not sent again.
Each request waits ${DEFAULT_TIMEOUT_MS / 1000} s for its answer (env OVERSEER_TIMEOUT_MS, in ms), longer than a registry lets
one task run (its OVERSEER_WORK_TIMEOUT_MS, ${WORK_TIMEOUT_MS / 1000} s): keep it so if you change either.`;
}

/** A description wrapped at 100 columns, continuation lines under its first word as the other options write them. */
function wrapHelp(text: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && 27 + line.length + 1 + word.length > 100) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  lines.push(line);
  return lines.join(`\n${' '.repeat(27)}`);
}

const EMPTY_URL_SETTING = "the default: OVERSEER_URL is empty, as a CI variable or secret arrives where it is not defined, such as on a fork's pull request";

export function connectRegistry(values: { registry?: string; token?: string }, io: Io): RegistryClient {
  const retryForMs = readMilliseconds(io, 'OVERSEER_RETRY_MS', DEFAULT_RETRY_MS, 0);
  const timeoutMs = readMilliseconds(io, 'OVERSEER_TIMEOUT_MS', DEFAULT_TIMEOUT_MS, 1);
  const token = values.token ?? io.env.OVERSEER_TOKEN;
  if (token) refuseUnsendableToken(token, values.token ? '--token' : 'OVERSEER_TOKEN');
  const given = values.registry ?? io.env.OVERSEER_URL;
  return createRegistryClient({
    baseUrl: given || DEFAULT_REGISTRY_URL,
    // A first user who set no URL is told this one is the default, not one they gave. A pipeline's `OVERSEER_URL: ${{
    // vars.OVERSEER_URL }}` arrives empty where the variable is not defined (a fork's run): "not set" sent its reader to
    // a workflow that plainly sets it.
    ...(given ? {} : { urlSetting: given === '' ? EMPTY_URL_SETTING : 'the default: neither --registry nor OVERSEER_URL is set' }),
    ...(token ? { token, tokenSetting: values.token ? 'given with --token' : 'in OVERSEER_TOKEN' } : {}),
    retryForMs,
    timeoutMs,
    timeoutSetting: 'OVERSEER_TIMEOUT_MS',
  });
}

function readMilliseconds(io: Io, variable: string, fallback: number, least: number): number {
  const text = io.env[variable];
  const value = text === undefined || text === '' ? fallback : Number(text);
  if (!Number.isFinite(value) || value < least)
    throw new UsageError(`${variable} must be a number of milliseconds${least > 0 ? ' above 0' : ''}, got "${text}"`);
  return value;
}

/**
 * A token is visible ASCII: fetch refuses a header with a line break or a character past Latin-1, in words that quote
 * the whole header (the secret, into a CI log) and that the client took for an unreachable registry. Said here, by
 * position and kind only; a newline pasted with a CI secret is the usual one.
 */
function refuseUnsendableToken(token: string, setting: string): void {
  const at = token.search(/[^\x21-\x7e]/);
  if (at < 0) return;
  const code = token.charCodeAt(at);
  const kind =
    code === 10 || code === 13
      ? 'a line break'
      : code === 32 || code === 9
        ? 'a space'
        : code < 32 || code === 127
          ? 'a control character'
          : 'a non-ASCII character';
  throw new UsageError(`the token in ${setting} has ${kind} at character ${at + 1} of ${token.length}, which no token has: check where it is copied from`);
}

/**
 * The opening every registry command without positional arguments shares: its own options beside --registry,
 * --token and --format. Undefined when --help was asked for: the help is printed and the command is done. A word
 * without its flag (`can-i-deploy users-service`) is refused naming the flag it was likely meant for: the first of
 * `meant` (by default the command's own valued options, in the order its usage line names them) left unset.
 */
export function readRegistryCommand<T extends OptionSpec>(args: string[], io: Io, help: string, options: T, meant = valuedFlagsOf(options)) {
  const read = readRegistryArgs(args, io, help, options);
  if (read) rejectPositionals(read.positionals, unsetFlags(read.values, meant));
  return read?.values;
}

function valuedFlagsOf(options: OptionSpec): string[] {
  return Object.entries(options)
    .filter(([, spec]) => spec.type === 'string')
    .map(([name]) => name);
}

/** The flags of `meant` that were not given: a bare word can only have been meant for one of those. */
export function unsetFlags(values: object, meant: readonly string[]): string[] {
  return meant.filter((flag) => (values as Record<string, unknown>)[flag] === undefined);
}

/** As readRegistryCommand, for a command that takes words after its options (`publish --pact a.json b.json`). */
export function readRegistryArgs<T extends OptionSpec>(args: string[], io: Io, help: string, options: T) {
  const parsed = parseCommandArgs(args, { ...REGISTRY_FLAGS, format: { type: 'string' }, ...options });
  // Inside this generic function TypeScript cannot see the help flag parseCommandArgs adds; callers see every flag.
  if ((parsed.values as { help?: boolean }).help) {
    io.stdout(help);
    return undefined;
  }
  return parsed;
}

/** Commands that confirm a write or list names print text or JSON: a markdown asked of them is refused, not ignored. */
export const PLAIN_FORMATS = ['text', 'json'] as const;

export function readFormat(value: string | undefined, allowed: readonly ReportFormat[] = REPORT_FORMATS): ReportFormat {
  return oneOf(value, allowed, '--format', 'text');
}

/** A required option: missing is bad usage (exit 2). */
export function requireOption(value: string | undefined, flag: string): string {
  if (value === undefined || value === '') throw new UsageError(`${flag} is required`);
  return value;
}

/**
 * The service, version and environment a deployment command needs, all named at once when some are missing: asked one
 * at a time, `overseer can-i-deploy` took a new user three runs to learn its three flags.
 */
export function requireTarget(values: { service?: string; version?: string; env?: string }): { service: string; version: string; environment: string } {
  const missing = (['service', 'version', 'env'] as const).filter((flag) => values[flag] === undefined || values[flag] === '').map((flag) => `--${flag}`);
  if (missing.length > 1) throw new UsageError(`${missing.slice(0, -1).join(', ')} and ${missing.at(-1)} are required`);
  return {
    service: requireOption(values.service, '--service'),
    version: requireOption(values.version, '--version'),
    environment: requireOption(values.env, '--env'),
  };
}

/** A word no option took is bad usage; with `unset` flags, the first is suggested for it (`did you mean --service X?`). */
export function rejectPositionals(positionals: string[], unset: readonly string[] = []): void {
  if (positionals.length === 0) return;
  const word = positionals[0];
  // A YAML or JSON file named bare is the manifest, where the command takes one (`check orders/overseer.yaml`).
  const flag = /\.(ya?ml|json)$/i.test(word) && unset.includes('manifest') ? 'manifest' : unset[0];
  const guess = flag !== undefined && !word.startsWith('-') ? `: did you mean --${flag} ${word}?` : '';
  throw new UsageError(`unexpected argument "${word}"${guess}`);
}
