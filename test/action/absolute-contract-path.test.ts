// `contract: ${{ github.workspace }}/api/openapi.yaml`, as workflows often write paths: the file was read from the
// checkout, but asked of GitHub at the base commit under its absolute path, which no commit has, so every pull request
// read as "the contract is new: nothing can depend on it yet" and passed, breaking changes included.

import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markerOf } from '../../action/comment.js';
import { type FakeGithub, startFakeGithub } from '../helpers/fake-github.js';
import { preparePullRequest, REPOSITORY, readFixture, runMain, runnerEnv } from './harness.js';

let github: FakeGithub;
const dirs: string[] = [];
beforeAll(async () => {
  github = await startFakeGithub({ token: 'ghs_test' });
});
afterAll(async () => {
  await github?.close();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function runWithContract(number: number, contract: (workspace: string) => string) {
  const laid = await preparePullRequest({
    github,
    number,
    headSha: `${number}`.padStart(40, 'd'),
    base: await readFixture('users.base.yaml'),
    revision: await readFixture('users.breaks-two.yaml'),
  });
  dirs.push(laid.dir);
  return runMain(runnerEnv({ inputs: { contract: contract(laid.workspace), 'github-token': 'ghs_test' }, github, ...laid }));
}

describe('a contract input written as an absolute path in the workspace', () => {
  it('is judged against the base as its repository path, and its breaking changes block', async () => {
    const result = await runWithContract(81, (workspace) => path.join(workspace, 'api/openapi.yaml'));
    expect(result.code, result.stdout).toBe(1);
    expect(result.summary).not.toMatch(/new in this pull request/);
    const [comment] = github.comments(REPOSITORY, 81);
    expect(comment?.body.startsWith(markerOf('api/openapi.yaml'))).toBe(true);
  });

  it('outside the workspace, is refused', async () => {
    const result = await runWithContract(82, () => '/etc/openapi.yaml');
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/::error title=Overseer could not decide \(ERR_INPUT_INVALID\)::\/etc\/openapi\.yaml is outside the workspace/);
  });
});
