// How a failure reads: docs/ERRORS.md is indexed by code, so every error the CLI prints names its code and where the
// page says what to do; under `--format json` a script gets the same as one JSON object instead of a sentence to parse.

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
  if (e instanceof CommandError || isCodedError(e)) {
    const code = (e as { code: string }).code;
    return { code, message: (e as Error).message, next: pointTo(code) };
  }
  // An unexpected failure: still exit 2, with enough to file a bug but no stack unless asked.
  const message = (e as Error)?.message ?? String(e);
  const detail = io.env.OVERSEER_DEBUG ? `\n${(e as Error)?.stack ?? e}` : ' (set OVERSEER_DEBUG=1 for details)';
  return { code: 'ERR_INTERNAL', message: `${message}${detail}`, next: pointTo('ERR_INTERNAL') };
}

/** The row of docs/ERRORS.md for the code: each row carries an anchor of the code in lower case. */
function pointTo(code: string): string {
  return `See docs/ERRORS.md#${code.toLowerCase()} for what to do.`;
}

function isCodedError(e: unknown): boolean {
  const code = (e as { code?: unknown } | undefined)?.code;
  return e instanceof Error && typeof code === 'string' && code.startsWith('ERR_');
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
