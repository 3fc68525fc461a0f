// README's "In short" block is the first thing a new user types. It asked can-i-deploy about users-service 2.0.0, which
// no line published (exit 2, "not published"), and checked and published an ./overseer.yaml the repository has none of.
// Each line now runs as written, in order, against a fresh registry: this test runs them and holds each exit code to
// the block's own comments (`exit 1` for the gate's no, 0 otherwise).

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './cli-process.js';
import { type RegistryHere, runCliHere, startRegistryHere } from './in-process.js';

interface Step {
  args: string[];
  expected: number;
  line: string;
}

/** The block's `overseer` lines, its `NAME=value` lines expanded into them, each with the exit code its comment gives. */
function readSteps(readme: string): Step[] {
  const block = /In short, [\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)?.[1];
  if (block === undefined) throw new Error('README has no "In short" block');
  const vars: Record<string, string> = {};
  const steps: Step[] = [];
  for (const line of block.split('\n')) {
    const [command, comment = ''] = line.split(/\s+#\s/);
    const assigned = /^([A-Z]+)=(\S+)$/.exec(command.trim());
    if (assigned) vars[assigned[1]] = assigned[2];
    if (!command.startsWith('overseer ')) continue;
    const words = command.trim().split(/\s+/).slice(1);
    const args = words.map((w) => w.replace(/\$([A-Z]+)/g, (_, name: string) => vars[name] ?? `$${name}`));
    steps.push({ args, expected: /\bexit 1\b/.test(comment) ? 1 : 0, line: command.trim() });
  }
  return steps;
}

let dir: string;
let registry: RegistryHere;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'overseer-readme-short-'));
  registry = await startRegistryHere(path.join(dir, 'registry.db'));
}, 120_000);
afterAll(async () => {
  await registry?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("README's commands in short", { timeout: 180_000 }, () => {
  it('run as written, in order, each exiting as its comment says', async () => {
    const steps = readSteps(await readFile(path.join(REPO_ROOT, 'README.md'), 'utf8'));
    expect(steps.length).toBeGreaterThanOrEqual(10);
    const ran: string[] = [];
    for (const step of steps) {
      const r = await runCliHere(step.args, { env: { OVERSEER_URL: registry.url } });
      ran.push(`${r.code} ${step.line}${r.code === step.expected ? '' : `\n${r.stdout}${r.stderr}`}`);
    }
    expect(ran).toEqual(steps.map((s) => `${s.expected} ${s.line}`));
  });
});
