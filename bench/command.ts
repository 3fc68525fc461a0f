// The frame every bench command shares: options parsed strictly, `--help`, a usage line on a bad option, and exit
// code 0 when it ran, 2 when it could not; the command itself only says what it does with the options.
import { fileURLToPath } from 'node:url';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { answeredHelp } from './args.js';

type Options = NonNullable<ParseArgsConfig['options']>;
type Values<O extends Options> = ReturnType<typeof parseArgs<{ options: O; strict: true }>>['values'];

interface BenchCommand<O extends Options> {
  /** Prefixes a crash's message. */
  name: string;
  usage: string;
  options: O;
  /** Returns the exit code; `root` is the repository, from the sources or from dist/. */
  run(values: Values<O>, root: string): Promise<number>;
}

/** A bad option the command found after parsing: printed with the usage, exit 2. */
export class UsageError extends Error {}

export function runBenchCommand<O extends Options>(command: BenchCommand<O>, argv = process.argv.slice(2)): void {
  const root = fileURLToPath(new URL(import.meta.url.includes('/dist/') ? '../../' : '../', import.meta.url));
  const main = async (): Promise<number> => {
    if (answeredHelp(argv, command.usage)) return 0;
    let values: Values<O>;
    try {
      ({ values } = parseArgs({ args: argv, options: command.options, strict: true }) as { values: Values<O> });
    } catch (e) {
      process.stderr.write(`${(e as Error).message}\n${command.usage}\n`);
      return 2;
    }
    try {
      return await command.run(values, root);
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      process.stderr.write(`${e.message}\n${command.usage}\n`);
      return 2;
    }
  };
  main().then(
    (code) => (process.exitCode = code),
    (e) => {
      process.stderr.write(`${command.name}: ${(e as Error).stack ?? e}\n`);
      process.exitCode = 2;
    },
  );
}
