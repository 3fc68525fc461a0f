// action.yml promises the `verdict` output `error` whenever the step fails without judging, for a later step's `if:`. A
// failure before the pull request was read (an input missing, a workflow run on `push` or a merge queue's event) ended
// the step with exit 2 and no outputs at all: `steps.x.outputs.verdict == 'error'` was false for it.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readRunnerFiles } from './harness.js';
import { BUNDLE, runNode } from './workflow.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** The committed bundle in a runner's environment with `event` as the payload, `inputs` as INPUT_*. */
async function runBundle(event: object, inputs: Record<string, string>) {
  const dir = await mkdtemp(path.join(tmpdir(), 'overseer-setup-'));
  dirs.push(dir);
  const eventPath = path.join(dir, 'event.json');
  await writeFile(eventPath, JSON.stringify(event));
  const env: Record<string, string> = {
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: dir,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: 'acme/users-service',
    GITHUB_OUTPUT: path.join(dir, 'output.txt'),
    GITHUB_STEP_SUMMARY: path.join(dir, 'summary.md'),
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const run = await runNode([BUNDLE], env, dir);
  return { ...run, ...(await readRunnerFiles(env)) };
}

describe('a step that fails before it reads the pull request', () => {
  it('run on a push, sets `verdict` to error', async () => {
    const run = await runBundle({ ref: 'refs/heads/main', after: 'a'.repeat(40) }, { contract: 'openapi.yaml' });
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^::error title=Overseer could not decide \(ERR_EVENT_NOT_PULL_REQUEST\)::/m);
    expect(run.outputs).toEqual({ breaking: '', blocking: '', verdict: 'error' });
  });

  it('with an input missing, sets `verdict` to error', async () => {
    const run = await runBundle({ pull_request: { number: 1 } }, { 'registry-token': 'ovs_secret' });
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^::error title=Overseer could not decide \(ERR_INPUT_MISSING\)::the `contract` input is required/m);
    expect(run.outputs.verdict).toBe('error');
  });
});
