// One registry for a test file: a fresh folder and SQLite file, the CLI pointed at it, the file's setup commands
// run, and all of it stopped and removed after the file. The registry and the CLI run in the test's process
// (in-process.ts): these files test what commands say and do, not the process around them.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { assertBuilt, type CliResult } from './cli-process.js';
import { type RegistryHere, runCliHere, startRegistryHere } from './in-process.js';

export interface RegistrySession {
  /** The file's own folder (the registry's database is in it); set once the file's beforeAll has run. */
  dir: string;
  registry: RegistryHere;
  /** What the CLI is run with: OVERSEER_URL and the options' `cliEnv`. */
  env: Record<string, string>;
  /** The CLI against this registry, run in `dir` when `inDir` was asked, else in the repository. */
  cli(...args: string[]): Promise<CliResult>;
}

interface SessionOptions {
  /** Names the temporary folder (`overseer-NAME-`). */
  name: string;
  /** The registry's own environment (an admin token). */
  serveEnv?: Record<string, string>;
  /** Added to the CLI's environment (a token). */
  cliEnv?: Record<string, string>;
  inDir?: boolean;
  /** CLI commands that must each exit 0 before the tests; `before` runs first (writing files into `dir`). */
  setup?: string[][];
  before?: (session: RegistrySession) => Promise<void>;
  /** The registry's clock (milliseconds since the epoch), for a test of dates such as a waiver's last day. */
  now?: () => number;
}

export function useRegistry(options: SessionOptions): RegistrySession {
  const session = {
    env: {},
    cli: (...args: string[]) => runCliHere(args, { env: session.env, ...(options.inDir && { cwd: session.dir }) }),
  } as RegistrySession;
  beforeAll(async () => {
    // The registry's worker threads run the built dist/overseer/work/tasks.js.
    assertBuilt();
    session.dir = await mkdtemp(join(tmpdir(), `overseer-${options.name}-`));
    session.registry = await startRegistryHere(join(session.dir, 'registry.db'), options.serveEnv, options.now);
    session.env = { OVERSEER_URL: session.registry.url, OVERSEER_RETRY_MS: '500', ...options.cliEnv };
    await options.before?.(session);
    for (const args of options.setup ?? []) {
      const done = await session.cli(...args);
      expect(done.code, `${args.join(' ')}: ${done.stderr}`).toBe(0);
    }
  }, 120_000);
  afterAll(async () => {
    await session.registry?.stop();
    if (session.dir) await rm(session.dir, { recursive: true, force: true });
  });
  return session;
}
