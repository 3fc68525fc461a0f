// A registry bench stopped half-way (`kill`, Ctrl-C) takes down the registry it started and its temporary folder:
// an orphaned `overseer serve` would keep its CPU and skew the next run on a two-core machine.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, REPO_ROOT } from './cli-process.js';

let dir: string;

beforeAll(async () => {
  assertBuilt();
  dir = await mkdtemp(join(tmpdir(), 'overseer-bench-stop-'));
  // The bench publishes Stripe's 4 MB contract; any real contract at that path stands in for it here.
  await mkdir(join(dir, 'corpus', 'stripe'), { recursive: true });
  await writeFile(join(dir, 'corpus', 'stripe', '2023-08-09.yaml'), await readFile(join(REPO_ROOT, 'examples', 'users-service', 'openapi.yaml')));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm run bench:registry, stopped with SIGTERM while it seeds', () => {
  it('exits 143 and leaves no registry process or temporary folder behind', async () => {
    const bench = spawn(
      process.execPath,
      [join(REPO_ROOT, 'dist', 'bench', 'registry.js'), '--services', '2000', '--runs', '1', '--duration', '1', '--docs', join(dir, 'B.md')],
      { env: { ...process.env, OVERSEER_CORPUS: join(dir, 'corpus') }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const exited = new Promise<number | null>((resolve) => bench.once('exit', (code) => resolve(code)));
    let stderr = '';
    const started = new Promise<number>((resolve) =>
      bench.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const pid = /\(pid (\d+)\)/.exec(stderr);
        if (pid && stderr.includes('seeding')) resolve(Number(pid[1]));
      }),
    );
    const pid = await started;
    expect(alive(pid)).toBe(true);
    const folders = /--db (\S+)/.exec((await readFile(`/proc/${pid}/cmdline`, 'utf8')).replaceAll('\0', ' '));
    const folder = join(folders![1]!, '..');
    expect(existsSync(folder)).toBe(true);

    bench.kill('SIGTERM');
    expect(await exited).toBe(143);
    // SIGKILL is delivered at once, but the process table may show the child for a moment until it is reaped.
    for (let i = 0; i < 100 && alive(pid); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(alive(pid), stderr).toBe(false);
    expect(existsSync(folder)).toBe(false);
  });
});
