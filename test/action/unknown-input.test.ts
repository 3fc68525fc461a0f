// A misspelt key in the step's `with:` (`registy:`, `enviroment:`) reaches the action as INPUT_REGISTY, which the
// runner only warns of: the step judged offline, or another environment, and passed on a verdict nobody asked for.

import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeGithub, startFakeGithub } from '../helpers/fake-github.js';
import { preparePullRequest, readFixture, readRunnerFiles, runnerEnv, seedRegistry, startTestRegistry, type TestRegistry } from './harness.js';
import { BUNDLE, runNode } from './workflow.js';

let github: FakeGithub;
let registry: TestRegistry;
const dirs: string[] = [];
let base: string;
let manifest: string;

beforeAll(async () => {
  github = await startFakeGithub({ token: 'ghs_unknown' });
  const laid = await preparePullRequest({ github, number: 900, headSha: 'x', revision: '' });
  dirs.push(laid.dir);
  registry = await startTestRegistry(laid.dir);
  await seedRegistry(registry.client);
  base = await readFixture('users.base.yaml');
  manifest = await readFixture('users-service.yaml');
}, 60_000);

afterAll(async () => {
  await registry?.close();
  await github?.close();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** The committed bundle on a pull request that drops `email`, optional in general but read by checkout-web. */
async function runWith(number: number, inputs: Record<string, string>) {
  const revision = base.replace(/^ +email: .*\n/m, '');
  expect(revision).not.toBe(base);
  const laid = await preparePullRequest({ github, number, headSha: String(number).padStart(40, 'a'), base, revision, manifest });
  dirs.push(laid.dir);
  const env = runnerEnv({ inputs: { contract: 'api/openapi.yaml', 'github-token': 'ghs_unknown', ...inputs }, github, ...laid });
  const run = await runNode([BUNDLE], env, laid.workspace);
  return { ...run, ...(await readRunnerFiles(env)) };
}

describe('an input the action does not take', () => {
  it('spelt right, the registry blocks the change that breaks checkout-web', async () => {
    const run = await runWith(1, { registry: registry.url });
    expect(run.code, run.stdout).toBe(1);
    expect(run.outputs.verdict).toBe('blocked');
  });

  it('misspelt, is no decision naming the input meant, where it passed judged offline', async () => {
    const run = await runWith(2, { registy: registry.url });
    expect(run.code, run.stdout).toBe(2);
    expect(run.stdout).toMatch(
      /^::error title=Overseer could not decide \(ERR_INPUT_UNKNOWN\)::the step was given an input this action does not take: `registy`: did you mean registry\? \(its inputs: contract, base-contract, manifest, service, registry, registry-token, environment, fail-on, waivers, github-token\)/m,
    );
    expect(run.outputs.verdict).toBe('error');
  });

  it('names every one, with a guess where there is one', async () => {
    const run = await runWith(3, { registry: registry.url, enviroment: 'staging', fail_on: 'never', colour: 'blue' });
    expect(run.code, run.stdout).toBe(2);
    expect(run.stdout).toContain('inputs this action does not take: `colour`; `enviroment`: did you mean environment?; `fail_on`: did you mean fail-on?');
    expect(run.outputs.verdict).toBe('error');
  });
});

describe('an input given empty', () => {
  // `environment: ${{ vars.DEPLOY_ENV }}` with the variable unset: the runner passes "", not the default.
  it('for the environment, with a registry, is no decision rather than a judgement against production', async () => {
    const run = await runWith(4, { registry: registry.url, environment: '' });
    expect(run.code, run.stdout).toBe(2);
    expect(run.stdout).toMatch(
      /^::error title=Overseer could not decide \(ERR_INPUT_MISSING\)::the `environment` input is empty \(a variable that is not set\?\): name the environment to judge against, or leave the input out for production$/m,
    );
    expect(run.outputs.verdict).toBe('error');
  });
});
