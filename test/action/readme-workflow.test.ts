// The README's workflows, run as a runner would: the pull-request workflow through the committed bundle
// (`node action/dist/index.js` with the INPUT_* and GITHUB_* variables), the deploy job through the built CLI,
// both against the fake GitHub and a real registry.

import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markerOf } from '../../action/comment.js';
import { type FakeGithub, startFakeGithub } from '../helpers/fake-github.js';
import { preparePullRequest, REPOSITORY, readFixture, readRunnerFiles, runnerEnv, seedRegistry, startTestRegistry, type TestRegistry } from './harness.js';
import { type ActionManifest, BUNDLE, evaluate, inputEnv, ROOT, readActionManifest, readReadmeWorkflows, runNode, stepsOf, type Workflow } from './workflow.js';

const CLI = path.join(ROOT, 'dist/cli/bin.js');

let github: FakeGithub;
let registry: TestRegistry;
let token: string;
let dir: string;
let workflows: { pullRequest: Workflow; deploy: Workflow };
let action: ActionManifest;
let context: Record<string, string>;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'overseer-readme-'));
  github = await startFakeGithub({ token: 'ghs_readme' });
  registry = await startTestRegistry(dir);
  await seedRegistry(registry.client);
  ({ token } = await registry.client.createToken({ name: 'users-service-ci', service: 'users-service' }));
  [workflows, action] = await Promise.all([readReadmeWorkflows(), readActionManifest()]);
  context = { 'github.token': 'ghs_readme', 'vars.OVERSEER_URL': registry.url, 'secrets.OVERSEER_TOKEN': token };
});

afterAll(async () => {
  await registry?.close();
  await github?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the README pull-request workflow', () => {
  const actionStep = () => stepsOf(workflows.pullRequest).find((s) => s.uses?.includes('/action@'))!;

  it('passes only inputs action.yml declares, every required one, with the permissions the action needs', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
    expect(Object.keys(action.outputs).sort()).toEqual(['blocking', 'breaking', 'verdict']);
    const step = actionStep();
    expect(Object.keys(step.with ?? {}).filter((name) => !(name in action.inputs))).toEqual([]);
    const required = Object.entries(action.inputs)
      .filter(([, input]) => input.required)
      .map(([name]) => name);
    expect(required.filter((name) => step.with?.[name] === undefined)).toEqual([]);
    expect(workflows.pullRequest.permissions).toMatchObject({ contents: 'read', 'pull-requests': 'write' });
    const steps = stepsOf(workflows.pullRequest);
    expect(steps.findIndex((s) => s.uses?.startsWith('actions/checkout@'))).toBeLessThan(steps.indexOf(step));
  });

  it('runs the committed bundle as the runner would: annotations, the comment, outputs, summary, exit 1 on a break', async () => {
    const step = actionStep();
    const contractPath = evaluate(step.with!.contract, context);
    const laid = await preparePullRequest({
      github,
      number: 41,
      headSha: '4'.repeat(40),
      base: await readFixture('users.base.yaml'),
      revision: await readFixture('users.breaks-two.yaml'),
      manifest: await readFixture('users-service.yaml'),
      contractPath,
    });
    const env = { ...runnerEnv({ inputs: {}, github, ...laid }), ...inputEnv(step, action, context) };
    const result = await runNode([BUNDLE], env, laid.workspace);
    expect(result.code, result.stdout + result.stderr).toBe(1);
    expect(result.stdout).toContain(`::add-mask::${token}`);
    expect(result.stdout).toMatch(new RegExp(`^::error file=${contractPath.replace('.', '\\.')},line=\\d+,`, 'm'));
    const comments = github.comments(REPOSITORY, 41);
    expect(comments).toHaveLength(1);
    expect(comments[0].body.startsWith(markerOf(contractPath))).toBe(true);
    expect(comments[0].body).toMatch(/@acme\/checkout/);
    expect(comments[0].body).toMatch(/@acme\/orders/);
    const { outputs, summary } = await readRunnerFiles(env);
    await rm(laid.dir, { recursive: true, force: true });
    expect(outputs).toMatchObject({ verdict: 'blocked', blocking: expect.stringMatching(/^[1-9]/) });
    expect(summary).toMatch(/is blocked for production/);
    // The registry saw the README's token, and GitHub the default github-token.
    expect(github.requests.every((r) => r.authorization === 'token ghs_readme')).toBe(true);
  }, 60_000);
});

describe('the README deploy job', () => {
  const commands = () =>
    stepsOf(workflows.deploy)
      .map((s) => s.run)
      .filter((run): run is string => run !== undefined);

  it('asks can-i-deploy after publishing and before deploying, and records the deployment after', () => {
    const runs = commands();
    const at = (pattern: RegExp) => runs.findIndex((run) => pattern.test(run));
    // The CLI from this repository at a release tag: the npm registry has no package of ours named overseer.
    expect(runs.filter((run) => run.startsWith('npm install'))).toEqual([
      expect.stringMatching(/^npm install --global github:[\w-]+\/overseer#v\d+\.\d+\.\d+$/),
    ]);
    expect(at(/^overseer publish /)).toBeGreaterThan(at(/^npm install --global github:/));
    expect(at(/^overseer can-i-deploy /)).toBeGreaterThan(at(/^overseer publish /));
    expect(at(/deploy\.sh/)).toBeGreaterThan(at(/^overseer can-i-deploy /));
    expect(at(/^overseer record-deployment /)).toBeGreaterThan(at(/deploy\.sh/));
  });

  it('stops at can-i-deploy for a version that breaks consumers, and goes through for a safe one', async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first (npm test does)`);
    const workspace = path.join(dir, 'service');
    const jobEnv = Object.fromEntries(Object.entries(Object.values(workflows.deploy.jobs)[0].env ?? {}).map(([k, v]) => [k, evaluate(v, context)]));
    const runJob = async (sha: string, contract: string) => {
      await writeFile(path.join(workspace, 'openapi.yaml'), await readFixture(contract));
      const codes: Array<[string, number | null]> = [];
      for (const run of commands()) {
        if (!run.startsWith('overseer ')) continue; // installing the CLI and deploying are the user's own
        const args = evaluate(run, { ...context, 'github.sha': sha })
          .split(/\s+/)
          .slice(1);
        const result = await runNode([CLI, ...args], { ...jobEnv, OVERSEER_RETRY_MS: '500' }, workspace);
        codes.push([args[0], result.code]);
        if (result.code !== 0) break; // a failed step ends the job
      }
      return codes;
    };
    await mkdir(workspace, { recursive: true });
    await writeFile(path.join(workspace, 'overseer.yaml'), await readFixture('users-service.yaml'));
    expect(await runJob('1'.repeat(40), 'users.breaks-two.yaml')).toEqual([
      ['publish', 0],
      ['can-i-deploy', 1],
    ]);
    expect(await runJob('2'.repeat(40), 'users.safe.yaml')).toEqual([
      ['publish', 0],
      ['can-i-deploy', 0],
      ['record-deployment', 0],
    ]);
    const deployed = await registry.client.currentDeployments('production');
    expect(deployed.find((d) => d.service === 'users-service')?.version).toBe('2'.repeat(40));
  }, 60_000);
});
