// The Action as one door of the gate in the e2e files that ask every door the same question: a fake GitHub for the
// file, a pull request laid out from the contracts the file published, and its folders removed after the file.

import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { type ActionRun, preparePullRequest, runMain, runnerEnv } from '../action/harness.js';
import { type FakeGithub, startFakeGithub } from '../helpers/fake-github.js';
import type { RegistrySession } from './registry-session.js';

interface PullRequest {
  number: number;
  /** The contract at the base commit and in the workspace. */
  base: string;
  revision: string;
  /** overseer.yaml in the workspace; undefined: none. */
  manifest?: string;
  /** More files in the workspace, by path: a waivers file the inputs name. */
  files?: Record<string, string>;
}

/** Call at the top of the file, after useRegistry: its hooks run after the session's, so the registry is up. */
export function useActionDoor(session: RegistrySession) {
  let github: FakeGithub;
  const dirs: string[] = [];
  beforeAll(async () => {
    github = await startFakeGithub({ token: 'ghs_test' });
  });
  afterAll(async () => {
    await github?.close();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });
  return {
    /**
     * The Action's run on pull request `pull` against production, with `inputs` beside the contract, token and registry;
     * `comment` is the last one it left on the pull request.
     */
    async run(pull: PullRequest, inputs: Record<string, string> = {}): Promise<ActionRun & { comment: string }> {
      const { number, files = {}, ...contracts } = pull;
      const laid = await preparePullRequest({ github, number, headSha: String(number).repeat(40), ...contracts });
      dirs.push(laid.dir);
      for (const [file, text] of Object.entries(files)) await writeFile(join(laid.workspace, file), text);
      const given = { contract: 'api/openapi.yaml', 'github-token': 'ghs_test', registry: session.registry.url, environment: 'production', ...inputs };
      const action = await runMain(runnerEnv({ inputs: given, github, ...laid }));
      return { ...action, comment: github.comments('acme/users-service', number).at(-1)?.body ?? '' };
    },
  };
}
