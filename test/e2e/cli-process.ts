// Runs the built CLI as a child process, and the registry as a long-lived one: what users run, nothing faked.

import { type ChildProcess, type ChildProcessByStdio, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = fileURLToPath(new URL('../../dist/cli/bin.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function assertBuilt(): void {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run "npm run build" first (npm test does)`);
}

export function runCli(args: string[], options: { env?: Record<string, string>; cwd?: string } = {}): Promise<CliResult> {
  return runProcess(process.execPath, [BIN, ...args], options);
}

export function runProcess(command: string, args: string[], options: { env?: Record<string, string>; cwd?: string } = {}): Promise<CliResult> {
  return collectOutput(spawn(command, args, { cwd: options.cwd ?? REPO_ROOT, env: { ...cleanEnv(), ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] }));
}

/** What a child process printed, and its exit code, once it has closed. */
export function collectOutput(child: ChildProcessByStdio<null, Readable, Readable>): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

// The developer's own registry settings must not leak into the tests.
function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined && !key.startsWith('OVERSEER_')) env[key] = value;
  return env;
}

export interface RunningRegistry {
  url: string;
  child: ChildProcess;
  /** What it has printed so far, stdout and stderr together. */
  output(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

// A start loads the modules and compiles every route's schemas (over a second of CPU on an idle machine); files run
// two at a time and a replica test starts two servers at once: a slow start is load, one that never comes is the failure.
const START_TIMEOUT_MS = 60_000;

/** `overseer serve --port 0`, resolved once it prints the address it bound. */
export function startRegistry(db: string, env: Record<string, string> = {}): Promise<RunningRegistry> {
  return startServe(['--port', '0', '--db', db], env);
}

/** `overseer serve` with these arguments (`--database-url URL`, a fixed `--port`), resolved once it prints the address it bound. */
export function startServe(args: string[], env: Record<string, string> = {}): Promise<RunningRegistry> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], {
    cwd: REPO_ROOT,
    env: { ...cleanEnv(), OVERSEER_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`the registry did not start within ${START_TIMEOUT_MS / 1000} s:\n${output}`)), START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      resolve({
        url: match[1],
        child,
        output: () => output,
        stop: async () => {
          child.kill('SIGTERM');
          return exited;
        },
      });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the registry exited with ${code} before listening:\n${output}`));
    });
  });
}
