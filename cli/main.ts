// The one entry point: parses the command name, runs it, and maps every error to exit code 2,
// so a failure can never look like "safe" (0) or "blocked" (1).

import { describeGuess, findNearestName } from '../contracts/index.js';
import { COMMANDS, describeCommands } from './commands/index.js';
import { CommandError, EXIT, type Io, UsageError } from './io.js';

const HELP = `overseer: OpenAPI contracts judged against the consumers that use them

Usage: overseer <command> [options]

Commands:
${describeCommands()}

  ${'version'.padEnd(Math.max(...Object.keys(COMMANDS).map((n) => n.length)))}  print the version (also --version, -v)

Run "overseer <command> --help" for a command's options.
Exit codes: 0 safe, 1 blocked (a blocking change, or the gate says no), 2 no decision (bad input, unknown version, registry unreachable).
`;

export async function run(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(HELP);
    return name ? EXIT.safe : EXIT.noDecision;
  }
  if (name === '--version' || name === '-v' || name === 'version') {
    io.stdout(`${await readVersion()}\n`);
    return EXIT.safe;
  }
  // Own names only: `overseer toString` is no command.
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  const named = name.startsWith('-') ? rest.find((a) => Object.hasOwn(COMMANDS, a)) : undefined;
  if (!command && named) {
    // `overseer --registry URL consumers ...`: every option belongs to a command and comes after its name.
    io.stderr(`error: options come after the command: overseer ${named} ${name} ...\nRun "overseer ${named} --help" for its options.\n`);
    return EXIT.noDecision;
  }
  if (!command) {
    const guess = findNearestName(name, [...Object.keys(COMMANDS), 'version', 'help']);
    io.stderr(`error: unknown command ${name}${describeGuess(guess)}\nRun "overseer --help" for the commands.\n`);
    return EXIT.noDecision;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    return reportFailure(e, name, io);
  }
}

function reportFailure(e: unknown, name: string, io: Io): number {
  if (e instanceof UsageError) {
    io.stderr(`error: ${e.message}\nRun "overseer ${name} --help" for usage.\n`);
  } else if (e instanceof CommandError || isCodedError(e)) {
    io.stderr(`error: ${(e as Error).message}\n`);
  } else {
    // An unexpected failure: still exit 2, with enough to file a bug but no stack unless asked.
    const detail = io.env.OVERSEER_DEBUG ? `\n${(e as Error)?.stack ?? e}` : ' (set OVERSEER_DEBUG=1 for details)';
    io.stderr(`error: ${(e as Error)?.message ?? String(e)}${detail}\n`);
  }
  return EXIT.noDecision;
}

function isCodedError(e: unknown): boolean {
  const code = (e as { code?: unknown }).code;
  return e instanceof Error && typeof code === 'string' && code.startsWith('ERR_');
}

async function readVersion(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
