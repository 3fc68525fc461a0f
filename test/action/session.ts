// One fake GitHub and one seeded registry for a file of Action runs, and `run` to open a pull request and run main()
// against them: shared by the files that test the Action end to end, so each says only what it checks.
import { rm, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { markerOf } from '../../action/comment.js';
import { type FakeComment, type FakeGithub, startFakeGithub } from '../helpers/fake-github.js';
import {
  type ActionRun,
  preparePullRequest,
  REPOSITORY,
  readFixture,
  runMain,
  runnerEnv,
  seedRegistry,
  startTestRegistry,
  type TestRegistry,
} from './harness.js';

export const MARKER = markerOf('api/openapi.yaml');

export interface RunOptions {
  number: number;
  headSha: string;
  /** The contract in the checkout; null: the pull request deletes it. */
  revision: string | null;
  base?: string | null;
  manifest?: string | null;
  inputs?: Record<string, string>;
  registryUrl?: string | null;
  /** More files of the pull request's checkout, by repository path. */
  files?: Record<string, string>;
  /** The head's repository (`owner/name`) of a pull request from a fork. */
  headRepository?: string;
  /** More of the runner's environment (`GITHUB_ACTION_REPOSITORY`). */
  env?: Record<string, string>;
}

interface ActionSession {
  github: FakeGithub;
  registry: TestRegistry;
  /** The pull requests' contracts and manifest, by fixture file name. */
  fixtures: Record<string, string>;
  run(options: RunOptions): Promise<ActionRun>;
  /** The Action's own comments on a pull request (those that open with its marker). */
  markerComments(number: number): FakeComment[];
  close(): Promise<void>;
}

async function startActionSession(): Promise<ActionSession> {
  const github = await startFakeGithub({ token: 'ghs_test' });
  const { dir: registryDir } = await preparePullRequest({ github, number: 999, headSha: 'x', revision: '' });
  const registry = await startTestRegistry(registryDir);
  await seedRegistry(registry.client);
  const fixtures: Record<string, string> = {};
  for (const name of ['users.base.yaml', 'users.safe.yaml', 'users.breaks-two.yaml', 'users-service.yaml']) fixtures[name] = await readFixture(name);
  const dirs = [registryDir];

  const run = async (options: RunOptions): Promise<ActionRun> => {
    const base = options.base === null ? undefined : (options.base ?? fixtures['users.base.yaml']);
    const manifest = options.manifest === null ? undefined : (options.manifest ?? fixtures['users-service.yaml']);
    const laid = await preparePullRequest({
      github,
      number: options.number,
      headSha: options.headSha,
      revision: options.revision ?? '',
      ...(base !== undefined && { base }),
      ...(manifest !== undefined && { manifest }),
      ...(options.headRepository && { headRepository: options.headRepository }),
    });
    dirs.push(laid.dir);
    if (options.revision === null) await unlink(path.join(laid.workspace, 'api/openapi.yaml'));
    for (const [file, text] of Object.entries(options.files ?? {})) await writeFile(path.join(laid.workspace, file), text);
    const registryUrl = options.registryUrl === null ? undefined : (options.registryUrl ?? registry.url);
    const inputs = { contract: 'api/openapi.yaml', 'github-token': 'ghs_test', ...(registryUrl && { registry: registryUrl }), ...options.inputs };
    return runMain({ ...runnerEnv({ inputs, github, ...laid }), ...options.env });
  };

  return {
    github,
    registry,
    fixtures,
    run,
    markerComments: (number) => github.comments(REPOSITORY, number).filter((c) => c.body.startsWith(MARKER)),
    close: async () => {
      await registry.close();
      await github.close();
      for (const dir of dirs) await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The file's Action session, started before its tests (then `prepare`, for what they share) and closed after them, even
 * when one failed. Call it at the file's top; its members are the started session's, read when a test reads them.
 */
export function useActionSession(prepare?: () => Promise<void>): ActionSession {
  let session: ActionSession | undefined;
  beforeAll(async () => {
    session = await startActionSession();
    await prepare?.();
  });
  afterAll(() => session?.close());
  const started = () => {
    if (!session) throw new Error('the Action session is read before its beforeAll started it');
    return session;
  };
  return {
    get github() {
      return started().github;
    },
    get registry() {
      return started().registry;
    },
    get fixtures() {
      return started().fixtures;
    },
    run: (options) => started().run(options),
    markerComments: (number) => started().markerComments(number),
    close: () => started().close(),
  };
}
