// How a failure reads: docs/ERRORS.md is indexed by code, so every error the CLI prints names its code and the command
// that prints its row (`overseer explain`); under `--format json` a script gets one JSON object instead of a sentence.

import { findErrorRow } from './error-catalogue.js';
import { CommandError, type Io, UsageError } from './io.js';

/** The code of bad usage (an unknown command or option, a missing value): the command's --help is its documentation. */
const USAGE_CODE = 'ERR_USAGE_INVALID';

interface Failure {
  code: string;
  message: string;
  /** What to read next, after the error line. */
  next: string;
}

/** Prints the failure on stderr, as JSON when the command was asked for `--format json`. */
export function printFailure(e: unknown, name: string, args: readonly string[], io: Io): void {
  writeFailure(describeFailure(e, name, io), args, io);
}

/** Prints bad usage found before a command ran (an unknown command, options before it). */
export function printUsageFailure(message: string, next: string, args: readonly string[], io: Io): void {
  writeFailure({ code: USAGE_CODE, message, next }, args, io);
}

function writeFailure(failure: Failure, args: readonly string[], io: Io): void {
  if (asksForJson(args)) io.stderr(`${JSON.stringify({ code: failure.code, message: failure.message })}\n`);
  else io.stderr(`error ${failure.code}: ${failure.message}\n${failure.next}\n`);
}

function describeFailure(e: unknown, name: string, io: Io): Failure {
  if (e instanceof UsageError) return { code: USAGE_CODE, message: e.message, next: `Run "overseer ${name} --help" for usage.` };
  const code = ownCode(e);
  if (code !== undefined) return { code, message: (e as Error).message, next: findErrorRow(code) ? pointTo(code) : describeNewerCode(code) };
  // An unexpected failure: still exit 2, with enough to file a bug but no stack unless asked.
  const detail = io.env.OVERSEER_DEBUG ? `\n${(e as Error)?.stack ?? e}` : ' (set OVERSEER_DEBUG=1 for details)';
  return { code: 'ERR_INTERNAL', message: `${describeUnexpected(e)}${detail}`, next: pointTo('ERR_INTERNAL') };
}

function pointTo(code: string): string {
  return `Run "overseer explain ${code}" for what to do.`;
}

// Only a registry's answer brings a code this CLI throws nowhere: one newer than the CLI, whose explain cannot know it.
function describeNewerCode(code: string): string {
  return `This overseer does not know ${code}: the registry is likely newer; its version's docs/ERRORS.md explains it.`;
}

// Ours is the CLI's own CommandError, or a code docs/ERRORS.md has a row for (the engine's and the store's errors): Node's
// errors carry ERR_ codes too (ERR_INVALID_URL, ERR_SOCKET_*), and pointing to a row that does not exist is a dead end.
function ownCode(e: unknown): string | undefined {
  if (e instanceof CommandError) return e.code;
  const code = (e as { code?: unknown } | undefined)?.code;
  return e instanceof Error && typeof code === 'string' && findErrorRow(code) !== undefined ? code : undefined;
}

/**
 * Node's words for its own failure, with what they were about: the URL it could not read (`input`), the address it
 * could not reach, and the failure underneath (`fetch`'s "terminated" says nothing without its cause); Node's code
 * last, to search for.
 */
function describeUnexpected(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const { code, input, address, port } = e as { code?: unknown; input?: unknown; address?: unknown; port?: unknown };
  if (code === 'ERR_INVALID_URL') return `not a valid URL: "${String(input)}" (Node's ERR_INVALID_URL)`;
  const at = typeof address === 'string' ? ` (at ${address}${port === undefined ? '' : `:${String(port)}`})` : '';
  const cause = e.cause instanceof Error ? `: ${describeUnexpected(e.cause)}` : '';
  const named = typeof code !== 'string' ? '' : code.startsWith('ERR_') ? ` (Node's ${code})` : ` (${code})`;
  return `${e.message}${at}${cause}${named}`;
}

// The command's own parser has not run (or failed): read `--format json` and `--format=json` the way it would, up to `--`.
function asksForJson(args: readonly string[]): boolean {
  let format: string | undefined;
  for (let i = 0; i < args.length && args[i] !== '--'; i++) {
    if (args[i] === '--format') format = args[i + 1];
    else if (args[i]!.startsWith('--format=')) format = args[i]!.slice('--format='.length);
  }
  return format === 'json';
}
