// A merge queue runs its required checks on `merge_group`: the group's head is the base branch with the queued pull
// requests merged in. The Action failed there telling the workflow to skip the step, so the merged result, which may
// hold two pull requests that each passed alone and together break a consumer, was never judged. It is now judged
// against the group's base as a pull request's head is, by the committed bundle; there is no pull request to comment on.

import { readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { baseShaOf, preparePullRequest, REPOSITORY, readRunnerFiles, runnerEnv } from './harness.js';
import { useActionSession } from './session.js';
import { BUNDLE, runNode } from './workflow.js';

const session = useActionSession();

/** `movedFrom`: the group's base has the contract at that path, and the comparison of base and head records the rename. */
async function runGroup(number: number, revision: string, movedFrom?: string) {
  const { fixtures, github } = session;
  const laid = await preparePullRequest({
    github,
    number,
    headSha: 'x',
    revision,
    ...(movedFrom === undefined && { base: fixtures['users.base.yaml'] }),
    manifest: fixtures['users-service.yaml'],
  });
  const pullRequest = JSON.parse(await readFile(laid.eventPath, 'utf8'));
  const headSha = 'e'.repeat(40);
  if (movedFrom !== undefined) {
    github.putFile(REPOSITORY, baseShaOf(number), movedFrom, fixtures['users.base.yaml']);
    const others = Array.from({ length: 120 }, (_, i) => ({ filename: `src/file-${i}.ts`, status: 'modified' as const }));
    github.setComparedFiles(REPOSITORY, baseShaOf(number), headSha, [
      ...others,
      { filename: 'api/openapi.yaml', status: 'renamed', previous_filename: movedFrom },
    ]);
  }
  const event = {
    action: 'checks_requested',
    merge_group: {
      head_sha: headSha,
      base_sha: baseShaOf(number),
      head_ref: `refs/heads/gh-readonly-queue/main/pr-${number}-${headSha}`,
      base_ref: 'refs/heads/main',
    },
    repository: pullRequest.repository,
  };
  await writeFile(laid.eventPath, JSON.stringify(event));
  const inputs = { contract: 'api/openapi.yaml', 'github-token': 'ghs_test', registry: session.registry.url };
  const env = { ...runnerEnv({ inputs, github, ...laid }), GITHUB_EVENT_NAME: 'merge_group', GITHUB_SHA: headSha };
  const result = await runNode([BUNDLE], env, laid.workspace);
  return { ...result, ...(await readRunnerFiles(env)) };
}

describe("a merge queue's merge_group", () => {
  it('is judged: a group head that breaks two consumers is blocked, reported in the job summary', async () => {
    const run = await runGroup(76, session.fixtures['users.breaks-two.yaml']);
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.outputs.verdict).toBe('blocked');
    expect(run.summary).toMatch(/\*\*checkout-web\*\*/);
    expect(run.summary).toContain('base `bbbbbbb` → head `eeeeeee`');
    expect(run.stdout).toContain('overseer: no pull-request comment (a merge group: the job summary has the report)');
    expect(session.github.comments(REPOSITORY, 76)).toEqual([]);
  }, 60_000);

  // Pull requests followed a rename GitHub recorded; a merge group asked nothing, judged the moved contract as new, and
  // a change that breaks no deployed consumer but removes what the base offered went unreported.
  it('follows a rename of the contract between the group’s base and head, found on the comparison’s second page', async () => {
    const run = await runGroup(78, session.fixtures['users.breaks-two.yaml'], 'openapi.yaml');
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.summary).toContain('moved from `openapi.yaml`');
    expect(run.summary).not.toContain('The contract is new');
    expect(session.github.requests.some((r) => r.url.includes('/compare/') && r.url.includes('page=2'))).toBe(true);
  }, 60_000);

  it('passes a group head that breaks nobody', async () => {
    const run = await runGroup(77, session.fixtures['users.safe.yaml']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.outputs.verdict).toBe('safe');
  }, 60_000);
});
