// The CLI's run() and the registry's startServer() in the test's own process: the code `overseer` and `overseer serve`
// run, reached through the seams bin.ts and serve use, without a node start and a module load for every command.
// A spawned CLI cost about 0.25 s of CPU and a spawned registry 1.3 s; that was most of the suite's CPU time.
// What only a process shows (bin.ts, signals, the built dist/) stays with cli-process.ts.

import { run } from '../../cli/main.js';
import { parseConfig } from '../../overseer/config.js';
import { startServer } from '../../overseer/server.js';
import { reusedSchemaController } from '../helpers/app-schemas.js';
import { reusedWorkPool } from '../helpers/app-work.js';
import { type CliResult, REPO_ROOT } from './cli-process.js';

/**
 * `overseer ARGS` as bin.ts runs it: stdin empty (as `runCli` spawns it), stdout no terminal, only `env` in its environment;
 * `now` and `stderrIsTTY` stand for the clock and the terminal that progress is paced by and written to, `stdinIsTTY` for
 * a user who typed `-` at a terminal.
 */
export async function runCliHere(
  args: string[],
  options: { env?: Record<string, string>; cwd?: string; now?: () => number; stderrIsTTY?: boolean; stdinIsTTY?: boolean } = {},
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    env: { ...options.env },
    cwd: options.cwd ?? REPO_ROOT,
    isTTY: false,
    readStdin: async () => new Uint8Array(),
    ...(options.now && { now: options.now }),
    ...(options.stderrIsTTY && { stderrIsTTY: true }),
    ...(options.stdinIsTTY && { stdinIsTTY: true }),
  });
  return { code, stdout, stderr };
}

export interface RegistryHere {
  url: string;
  /** Closes the server and its store, as SIGTERM does to `overseer serve`. */
  stop(): Promise<void>;
  /** The sunset check, run now: a test sees it read every deployment recorded before it asks (server.ts). */
  checkSunsets(): Promise<number>;
}

/**
 * `overseer serve --port 0 --db DB` with `env` as its environment (an admin token), logging nothing unless `env` asks;
 * `--database-url DB` when DB is a PostgreSQL URL.
 */
export async function startRegistryHere(db: string, env: Record<string, string> = {}, now?: () => number): Promise<RegistryHere> {
  const where = /^postgres(ql)?:\/\//.test(db) ? { databaseUrl: db } : { db };
  const config = parseConfig({ port: '0', ...where }, { OVERSEER_LOG_LEVEL: 'silent', ...env });
  const work = reusedWorkPool(config, env);
  const server = await startServer(config, { handleSignals: false, schemaController: reusedSchemaController(), work, ...(now && { now }) });
  return { url: server.url, stop: server.close, checkSunsets: server.checkSunsets };
}
