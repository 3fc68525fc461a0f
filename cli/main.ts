// The one entry point: parses the command name, runs it, and maps every error to exit code 2,
// so a failure can never look like "safe" (0) or "blocked" (1).

import { describeGuess, findNearestName } from '../contracts/index.js';
import { COMMANDS, describeCommands } from './commands/index.js';
import { printFailure, printUsageFailure } from './failure.js';
import { EXIT, type Io } from './io.js';

const HELP = `overseer: OpenAPI contracts judged against the consumers that use them

Usage: overseer <command> [options]

Commands:
${describeCommands()}

  ${'version'.padEnd(Math.max(...Object.keys(COMMANDS).map((n) => n.length)))}  print the version (also --version, -v)

Run "overseer <command> --help" for a command's options, defaults, exit codes and examples.

First steps:
  overseer diff openapi.base.yaml openapi.yaml    what changed between two contracts, offline
  overseer serve                                  a registry on http://127.0.0.1:4010 (data in data/overseer.db)
  overseer publish --version 1.0.0                publish the service of ./overseer.yaml to it
  overseer explain ERR_VERSION_UNKNOWN            what an error code means and what to do

Exit codes: 0 safe, 1 blocked (a blocking change, or the gate says no), 2 no decision (bad input,
unknown version, registry unreachable).
A failure (exit 2) prints error ERR_CODE: what went wrong, then Run "overseer explain ERR_CODE" for what to do;
with --format json, one JSON object {"code", "message"} on stderr instead. An unexpected error (ERR_INTERNAL)
prints its stack too when OVERSEER_DEBUG is set.
`;

export async function run(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  // `overseer help diff`, as git reads it: the command's own help.
  if (name === 'help' && rest.length === 1 && Object.hasOwn(COMMANDS, rest[0]!)) return COMMANDS[rest[0]!]!.run(['--help'], io);
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
    printUsageFailure(`options come after the command: overseer ${named} ${name} ...`, `Run "overseer ${named} --help" for its options.`, argv, io);
    return EXIT.noDecision;
  }
  if (!command && name.startsWith('-')) {
    // An option with no command after it: a guess among command names (`--port`, "did you mean export?") misleads.
    printUsageFailure(`options come after the command: overseer COMMAND ${name} ...`, 'Run "overseer --help" for the commands.', argv, io);
    return EXIT.noDecision;
  }
  if (!command) {
    const meant = MEANT[name.toLowerCase()];
    const guess = meant ? `: ${meant}` : describeGuess(findNearestName(name, [...Object.keys(COMMANDS), 'version', 'help']));
    printUsageFailure(`unknown command ${name}${guess}`, 'Run "overseer --help" for the commands.', argv, io);
    return EXIT.noDecision;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    printFailure(e, name, rest, io);
    return EXIT.noDecision;
  }
}

// Words a user reaches for that name no command and no near spelling: Overseer asks before a deploy and records after it.
const MEANT: Record<string, string> = {
  deploy: 'Overseer does not deploy; ask before deploying with can-i-deploy, and say it is done with record-deployment',
  undeploy: 'to say a version stopped running in an environment, use record-undeployment',
  rollback: 'to say an older version runs again, use record-deployment with that version',
  release: "to record a version supported beside others (apps in users' hands), use record-release",
};

async function readVersion(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
