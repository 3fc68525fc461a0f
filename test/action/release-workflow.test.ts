// The release workflow's tagging step, run with bash on a real git repository and its origin: v1.x.y is
// created, v1 moves to each new release, and an older v1.x.y stays where it was.

import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import yaml from 'js-yaml';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ROOT, runNode } from './workflow.js';

const exec = promisify(execFile);
let dir: string;
let clone: string;
let script: string;

interface ReleaseWorkflow {
  jobs: { release: { steps: Array<{ name?: string; run?: string; uses?: string }> } };
}

const git = async (cwd: string, ...args: string[]) => (await exec('git', args, { cwd })).stdout.trim();

beforeAll(async () => {
  const workflow = yaml.load(await readFile(path.join(ROOT, '.github/workflows/release.yml'), 'utf8')) as ReleaseWorkflow;
  script = workflow.jobs.release.steps.find((s) => s.name?.startsWith('Tag the release'))?.run ?? '';
  dir = await mkdtemp(path.join(tmpdir(), 'overseer-release-'));
  const origin = path.join(dir, 'origin.git');
  clone = path.join(dir, 'clone');
  await exec('git', ['init', '--bare', '--quiet', origin]);
  await exec('git', ['clone', '--quiet', origin, clone]);
  for (const [key, value] of [
    ['user.name', 'release test'],
    ['user.email', 'release@example.invalid'],
  ])
    await git(clone, 'config', key, value);
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function release(version: string) {
  // runNode gives the child exactly this environment: bash runs the step as the runner would.
  const result = await runNode(
    ['-e', `require('node:child_process').execFileSync('bash', ['-c', process.env.SCRIPT], { stdio: 'inherit' })`],
    {
      SCRIPT: script,
      VERSION: version,
      HOME: dir,
    },
    clone,
  );
  const tags = async (ref: string) => git(path.join(dir, 'origin.git'), 'rev-parse', `${ref}^{commit}`).catch(() => undefined);
  return { ...result, tags };
}

async function commit(message: string): Promise<string> {
  await git(clone, 'commit', '--allow-empty', '--quiet', '-m', message);
  return git(clone, 'rev-parse', 'HEAD');
}

it('tags v1.x.y and moves v1 to each release, leaving earlier releases pinned', async () => {
  expect(script, 'release.yml has a "Tag the release" step').not.toBe('');
  const first = await commit('first');
  const one = await release('1.2.3');
  expect(one.code, one.stdout + one.stderr).toBe(0);
  expect(await one.tags('v1.2.3')).toBe(first);
  expect(await one.tags('v1')).toBe(first);

  const second = await commit('second');
  const two = await release('v1.3.0');
  expect(two.code, two.stdout + two.stderr).toBe(0);
  expect(await two.tags('v1.3.0')).toBe(second);
  expect(await two.tags('v1')).toBe(second);
  expect(await two.tags('v1.2.3')).toBe(first);
}, 60_000);

it('refuses a version that is not X.Y.Z, and tags nothing', async () => {
  const bad = await release('1.4');
  expect(bad.code).not.toBe(0);
  expect(bad.stdout).toContain('::error::the version must read X.Y.Z (e.g. 1.4.0), got "1.4"');
  expect(await bad.tags('v1.4')).toBeUndefined();
});
