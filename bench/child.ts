// Starts one Node child with a deadline and collects what it said; never throws.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

export interface ChildOutcome {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  /** What the child wrote to file descriptor 3 (the RSS probe), if anything. */
  fd3: string;
  /** From spawn to exit, as seen by the parent: Node start-up and module loading included. */
  wallMs: number;
  timedOut: boolean;
}

export function runNode(args: string[], timeoutMs: number): Promise<ChildOutcome> {
  return new Promise((resolve) => {
    const start = performance.now();
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
    const chunks: Record<'stdout' | 'stderr' | 'fd3', Buffer[]> = { stdout: [], stderr: [], fd3: [] };
    child.stdout?.on('data', (b: Buffer) => chunks.stdout.push(b));
    child.stderr?.on('data', (b: Buffer) => chunks.stderr.push(b));
    child.stdio[3]?.on('data', (b: Buffer) => chunks.fd3.push(b));
    let timedOut = false;
    let spawnError = '';
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (err) => {
      spawnError = err.message;
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const text = (k: keyof typeof chunks) => Buffer.concat(chunks[k]).toString('utf8');
      resolve({
        code,
        signal,
        stdout: text('stdout'),
        stderr: spawnError || text('stderr'),
        fd3: text('fd3'),
        wallMs: performance.now() - start,
        timedOut,
      });
    });
  });
}

/** A one-line reason for a child that died or failed: the fatal line if Node printed one. */
export function describeFailure(outcome: ChildOutcome, timeoutMs: number): string {
  if (outcome.timedOut) return `timeout after ${Math.round(timeoutMs / 1000)} s`;
  const lines = outcome.stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  // `FATAL ERROR: ... heap out of memory`, `Error [ERR_X]: ...`, `TypeError: ...`, `error: ...`
  const fatal = lines.find((l) => /FATAL ERROR/.test(l) || /^\w*Error\b[^:]*:/.test(l) || /^error\b/i.test(l));
  const status = outcome.signal ? `signal ${outcome.signal}` : `exit ${outcome.code}`;
  return `${status}: ${fatal ?? lines[0] ?? 'no output'}`;
}
