// Small helpers over node:util parseArgs so every command reads options the same way.
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { describeGuess, findNearestName } from '../contracts/index.js';
import { UsageError } from './io.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export function parseCommandArgs<T extends OptionSpec>(args: string[], options: T) {
  const all = { ...options, help: { type: 'boolean', short: 'h' } } as const;
  const given = 'env' in options ? spellEnv(args) : args;
  // Errors name a flag as the user wrote it: `--to` stays `--to` though it is read as --env.
  const written = (index: number) => flagOf(args[index] ?? '');
  const writtenAs = (flag: string) => written(given.findIndex((arg) => flagOf(arg) === flag)) || flag;
  try {
    const parsed = parseArgs({ args: given, options: all, allowPositionals: true, strict: true, tokens: true });
    refuseRepeats(parsed.tokens, all, written);
    refuseEmpty(parsed.tokens, written);
    return { values: parsed.values, positionals: parsed.positionals };
  } catch (e) {
    if (e instanceof UsageError) throw e;
    if ((e as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw describeUnknownOption(args, Object.keys(all));
    const missing = /^Option '(?:-\w, )?(--[\w-]+) <value>' argument missing/.exec((e as Error).message);
    if (missing) throw new UsageError(`${writtenAs(missing[1]!)} needs a value`);
    // `--limit -1`: the value starts with a dash, so parseArgs takes it for an option; its three lines say so in its terms.
    const ambiguous = /^Option '(?:-\w, )?(--[\w-]+)' argument is ambiguous/.exec((e as Error).message);
    if (ambiguous) {
      const flag = writtenAs(ambiguous[1]!);
      const value = args[args.indexOf(flag) + 1] ?? '';
      throw new UsageError(`${flag} is followed by "${value}", which reads as an option: write ${flag}=${value} if that is its value`);
    }
    throw new UsageError((e as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ''));
  }
}

type Tokens = ReturnType<typeof parseArgs>['tokens'];

const flagOf = (arg: string) => (arg.startsWith('--') ? arg.split('=')[0]! : '');

// parseArgs keeps the last of a repeated option: `--env production --env staging` would judge staging without a word.
function refuseRepeats(tokens: Tokens, options: OptionSpec, written: (index: number) => string): void {
  const seen = new Map<string, { value: string; flag: string }>();
  for (const token of tokens ?? []) {
    if (token.kind !== 'option' || token.value === undefined || options[token.name]?.multiple) continue;
    const first = seen.get(token.name);
    const flag = written(token.index) || `--${token.name}`;
    if (first !== undefined && first.value !== token.value) {
      const named = first.flag === flag ? `${flag} was given twice` : `${first.flag} and ${flag} name one option, given twice`;
      throw new UsageError(`${named} ("${first.value}", then "${token.value}"): give it once`);
    }
    seen.set(token.name, { value: token.value, flag });
  }
}

// An empty value (`--branch ""`, an unset shell variable) names nothing; the registry's schema words for it are no help.
function refuseEmpty(tokens: Tokens, written: (index: number) => string): void {
  const empty = (tokens ?? []).find((token) => token.kind === 'option' && token.value === '');
  if (empty?.kind === 'option') throw new UsageError(`${written(empty.index) || `--${empty.name}`} was given an empty value: give it a value, or leave it out`);
}

// Node's message explains `--` and positionals; the user mistyped a flag and wants the right one.
function describeUnknownOption(args: string[], names: string[]): UsageError {
  const known = new Set(names.map((n) => `--${n}`));
  const unknown = args.find((a) => a.startsWith('--') && a !== '--' && !known.has(a.split('=')[0]))?.split('=')[0] ?? args.find((a) => /^-[^-]/.test(a)) ?? '';
  const guess = unknown.startsWith('--') ? (findSynonym(unknown, known) ?? findNearestName(unknown, known)) : undefined;
  return new UsageError(`unknown option ${unknown}${describeGuess(guess)}`);
}

/**
 * Every command names the environment --env. Until round 37 can-i-deploy took --to, check --against, and consumers,
 * migrations and usage --environment: scripts and muscle memory written with them keep working, read as --env, and
 * `--to production --env staging` is refused as a flag given twice. Words after `--` are left alone.
 */
const OLD_ENV_SPELLINGS = new Set(['--to', '--against', '--environment']);

function spellEnv(args: string[]): string[] {
  const end = args.indexOf('--');
  return args.map((arg, i) => {
    if (end !== -1 && i >= end) return arg;
    const equals = arg.indexOf('=');
    const flag = equals === -1 ? arg : arg.slice(0, equals);
    return OLD_ENV_SPELLINGS.has(flag) ? `--env${equals === -1 ? '' : arg.slice(equals)}` : arg;
  });
}

// `--output` is what most tools call export's `--out`, three edits away.
const SYNONYMS: readonly (readonly string[])[] = [['--out', '--output']];

function findSynonym(flag: string, known: ReadonlySet<string>): string | undefined {
  return SYNONYMS.find((group) => group.includes(flag))?.find((other) => known.has(other));
}

export function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string, fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  // `--fail-on braking`, `--format jsno`: named as every other typo is, with the value probably meant.
  throw new UsageError(`${flag} must be one of ${allowed.join(', ')}, got "${value}"${describeGuess(findNearestName(value, allowed))}`);
}

export function positiveNumber(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} must be a positive number, got "${value}"`);
  return n;
}
