// The registry as users run it: the built `overseer serve` in its own process, on a SQLite file in a temporary folder
// (or a PostgreSQL database given in its environment).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../cli/bin.js', import.meta.url));
const START_TIMEOUT_MS = 30_000;

export interface BenchServer {
  url: string;
  pid: number;
  /** The SQLite file it serves (absent on PostgreSQL), for `overseer export` while it runs. */
  db?: string;
  /** SIGTERM, wait for the exit, then delete the temporary folder. */
  stop(): Promise<void>;
}

/** `overseer serve --port 0` (this build's, or the `bin.js` of another to compare with), resolved with the address it prints once it listens. */
export function startBenchServer(env: Record<string, string> = {}, bin = BIN): Promise<BenchServer> {
  const dir = mkdtempSync(join(tmpdir(), 'overseer-bench-'));
  // OVERSEER_DATABASE_URL in `env` puts the registry on PostgreSQL; the folder is then left empty.
  const db = env.OVERSEER_DATABASE_URL ? undefined : join(dir, 'registry.db');
  const database = db === undefined ? [] : ['--db', db];
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', ...database], {
    // Request logs would make the server (and this process, reading them) pay for lines nobody reads.
    env: { ...withoutOverseerVariables(process.env), OVERSEER_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // A bench stopped half-way (Ctrl-C, `kill`) must not leave its registry serving under init, still holding the CPU the
  // next run measures on: the bench turns those signals into an exit (registry.ts), and the exit takes the child along.
  const killOnExit = () => {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', killOnExit);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  let started = false;
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      process.off('exit', killOnExit);
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      reject(new Error(`the registry did not start (${why}):\n${output}`));
    };
    const timer = setTimeout(() => fail('timeout'), START_TIMEOUT_MS);
    // Both pipes stay drained after the start, so that the child never blocks on a full one.
    child.stderr.on('data', (chunk: Buffer) => {
      if (!started) output += chunk.toString();
    });
    child.stdout.on('data', (chunk: Buffer) => {
      if (started) return;
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (!match || child.pid === undefined) return;
      started = true;
      clearTimeout(timer);
      resolve({ url: match[1]!, pid: child.pid, ...(db !== undefined && { db }), stop: () => stopServer() });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the registry exited with ${code} before listening:\n${output}`));
    });
  });

  async function stopServer(): Promise<void> {
    process.off('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

// The developer's own registry settings must not reach the benchmarked server.
export function withoutOverseerVariables(env: NodeJS.ProcessEnv): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined && !key.startsWith('OVERSEER_')) kept[key] = value;
  return kept;
}
