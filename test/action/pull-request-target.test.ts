// A workflow `on: pull_request_target` (the event that gives a fork's run its secrets) with a plain actions/checkout:
// the runner's GITHUB_SHA is then the base branch's newest commit and the checkout holds it, not the pull request. The
// Action compared the base with the base branch, found no change and said "safe" (exit 0) for a pull request that
// removes what consumers read. It now fails without a decision; a checkout of the pull request is judged as usual.

import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { preparePullRequest, REPOSITORY, readRunnerFiles, runnerEnv } from './harness.js';
import { useActionSession } from './session.js';
import { BUNDLE, runNode } from './workflow.js';

const session = useActionSession();

function git(cwd: string, ...args: string[]): string {
  const env = { ...process.env, GIT_AUTHOR_NAME: 'ci', GIT_AUTHOR_EMAIL: 'ci@acme.test', GIT_COMMITTER_NAME: 'ci', GIT_COMMITTER_EMAIL: 'ci@acme.test' };
  return execFileSync('git', args, { cwd, env, encoding: 'utf8' }).trim();
}

/**
 * A pull request whose head breaks two consumers, run by the committed bundle on `pull_request_target` in a workspace
 * that is a real git checkout (as actions/checkout leaves one) of `checkout`: the base branch, or the pull request.
 */
async function runTarget(number: number, checkout: 'base branch' | 'pull request', options: { packRefs?: boolean; noGit?: boolean } = {}) {
  const { fixtures, github } = session;
  const base = fixtures['users.base.yaml'];
  const head = fixtures['users.breaks-two.yaml'];
  const laid = await preparePullRequest({
    github,
    number,
    headSha: 'x',
    revision: checkout === 'base branch' ? base : head,
    base,
    manifest: fixtures['users-service.yaml'],
  });
  if (!options.noGit) {
    git(laid.workspace, 'init', '-q', '-b', 'main');
    git(laid.workspace, 'add', '.');
    git(laid.workspace, 'commit', '-q', '-m', checkout);
  }
  if (options.packRefs) git(laid.workspace, 'pack-refs', '--all');
  const checkedOut = options.noGit ? 'd'.repeat(40) : git(laid.workspace, 'rev-parse', 'HEAD');
  // The base branch's newest commit: what the runner names GITHUB_SHA on pull_request_target.
  const baseBranchTip = checkout === 'base branch' ? checkedOut : 'c'.repeat(40);
  const headSha = checkout === 'pull request' ? checkedOut : 'a'.repeat(40);
  const event = JSON.parse(await readFile(laid.eventPath, 'utf8'));
  event.pull_request.head.sha = headSha;
  await writeFile(laid.eventPath, JSON.stringify(event));
  const inputs = { contract: 'api/openapi.yaml', 'github-token': 'ghs_test', registry: session.registry.url };
  const env = { ...runnerEnv({ inputs, github, ...laid }), GITHUB_EVENT_NAME: 'pull_request_target', GITHUB_SHA: baseBranchTip };
  const result = await runNode([BUNDLE], env, laid.workspace);
  return { ...result, ...(await readRunnerFiles(env)), checkedOut };
}

describe('on pull_request_target', () => {
  it('fails without a decision when the checkout is the base branch, never "safe"', async () => {
    const run = await runTarget(71, 'base branch');
    expect(run.code, run.stdout + run.stderr).toBe(2);
    expect(run.outputs.verdict).toBe('error');
    expect(run.stdout).toMatch(
      new RegExp(
        `^::error title=Overseer could not decide \\(ERR_CHECKOUT_NOT_PULL_REQUEST\\)::the workspace is at ${run.checkedOut.slice(0, 7)}, the base branch's newest commit \\(GITHUB_SHA\\), not pull request #71`,
        'm',
      ),
    );
    expect(run.stdout).toContain(`ref: \${{ github.event.pull_request.head.sha }}`);
    expect(run.stdout).not.toMatch(/is safe/);
  }, 60_000);

  it('reads a branch whose ref git packed', async () => {
    const run = await runTarget(72, 'base branch', { packRefs: true });
    expect(run.code, run.stdout + run.stderr).toBe(2);
    expect(run.stdout).toMatch(/ERR_CHECKOUT_NOT_PULL_REQUEST/);
  }, 60_000);

  // Files fetched by other means (a download of the base branch, a cache, none at all) leave no .git: the base branch's
  // contract was judged as the pull request's and passed.
  it('fails without a decision when the workspace has no .git, since the base branch cannot be told apart', async () => {
    const run = await runTarget(75, 'base branch', { noGit: true });
    expect(run.code, run.stdout + run.stderr).toBe(2);
    expect(run.outputs.verdict).toBe('error');
    expect(run.stdout).toMatch(
      /^::error title=Overseer could not decide \(ERR_CHECKOUT_NOT_PULL_REQUEST\)::the workspace has no git checkout \(no readable \.git\/HEAD\), so on `pull_request_target` it cannot be told from the base branch/m,
    );
    expect(run.stdout).not.toMatch(/is safe/);
  }, 60_000);

  it('judges a checkout of the pull request as usual', async () => {
    const run = await runTarget(73, 'pull request');
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.outputs.verdict).toBe('blocked');
    expect(session.github.comments(REPOSITORY, 73)[0]?.body).toMatch(/\*\*checkout-web\*\*/);
  }, 60_000);
});

describe('on pull_request', () => {
  // There GITHUB_SHA is the merge commit actions/checkout checks out: the workspace at GITHUB_SHA is the usual case.
  it('judges the checkout at GITHUB_SHA as usual', async () => {
    const { fixtures, github } = session;
    const laid = await preparePullRequest({
      github,
      number: 74,
      headSha: 'a'.repeat(40),
      revision: fixtures['users.breaks-two.yaml'],
      base: fixtures['users.base.yaml'],
      manifest: fixtures['users-service.yaml'],
    });
    git(laid.workspace, 'init', '-q', '-b', 'main');
    git(laid.workspace, 'add', '.');
    git(laid.workspace, 'commit', '-q', '-m', 'merge');
    const inputs = { contract: 'api/openapi.yaml', 'github-token': 'ghs_test', registry: session.registry.url };
    const env = { ...runnerEnv({ inputs, github, ...laid }), GITHUB_SHA: git(laid.workspace, 'rev-parse', 'HEAD') };
    const run = await runNode([BUNDLE], env, laid.workspace);
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect((await readRunnerFiles(env)).outputs.verdict).toBe('blocked');
  }, 60_000);
});
