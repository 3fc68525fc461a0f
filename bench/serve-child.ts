// A registry started as an operator starts it (`overseer serve` in a process of its own), for the benches that measure it
// from outside: the URL is read from what it prints, as a user reads it.
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import type { Readable } from 'node:stream';

interface ServeChild {
  url: string;
  pid: number;
  stop: () => Promise<unknown>;
}

/** Starts `bin serve --port 0` with `args` (`--db FILE` or `--database-url URL`) and waits until it says where it listens. */
export async function startServeChild(bin: string, args: string[], env: Record<string, string> = {}): Promise<ServeChild> {
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', ...args], {
    env: { ...process.env, OVERSEER_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await readListeningUrl(child);
  const stop = () => new Promise((done) => (child.exitCode === null ? (child.kill('SIGTERM'), child.on('exit', done)) : done(undefined)));
  return { url, pid: child.pid!, stop };
}

function readListeningUrl(child: ChildProcessByStdio<null, Readable, null>): Promise<string> {
  return new Promise<string>((done, fail) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) done(match[1]!.replace(/[),;]+$/, ''));
    });
    child.on('exit', (code) => fail(new Error(`serve exited with ${code} before listening:\n${output}`)));
  });
}
