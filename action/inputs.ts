// The action's inputs and the pull request it runs for, read once from what the runner provides.
// Pure: the environment and the event's text come in, typed values or an ActionError go out.

import path from 'node:path';
import { describeGuess, type FailOn, findNearestName, toRepositoryPath } from '../contracts/index.js';
import { ActionError } from './errors.js';

const FAIL_ON_VALUES = ['breaking', 'warning', 'info', 'never'] as const;
/** action.yml's default `manifest`: a service without one is judged by its contract alone. */
export const DEFAULT_MANIFEST = 'overseer.yaml';

// The inputs of action.yml. The runner hands the step every key of its `with:` as INPUT_*, known or not, and only
// warns of one the action does not declare; a misspelt `registy:` would judge offline, `enviroment:` another
// environment, and the step would pass on a judgement nobody asked for.
const KNOWN_INPUTS = [
  'contract',
  'base-contract',
  'manifest',
  'service',
  'registry',
  'registry-token',
  'environment',
  'fail-on',
  'waivers',
  'github-token',
] as const;

export interface ActionInputs {
  /** Repository-relative path of the contract, `/`-separated. */
  contract: string;
  /** The contract's path at the base commit, when the pull request moved it and GitHub cannot tell (no rename recorded). */
  baseContract?: string;
  manifest: string;
  /** Absent: the manifest's `service`. */
  service?: string;
  /** Absent: judged offline, like `overseer diff`. */
  registry?: string;
  registryToken?: string;
  environment: string;
  failOn: FailOn;
  githubToken?: string;
  /** Repository-relative path of a waivers file (the YAML `overseer diff --waivers` reads), read at the head commit. */
  waivers?: string;
  /** docs/ERRORS.md of the action's own release on GitHub, which a failure's comment links to; absent for a local action. */
  errorsPage?: string;
}

export interface PullRequest {
  owner: string;
  repo: string;
  /** Absent for a merge queue's `merge_group`: its head joins several pull requests. */
  number?: number;
  baseSha: string;
  headSha: string;
  /** The repository's web address (the event's `repository.html_url`), for links to files at a commit. */
  htmlUrl?: string;
  /** The head's repository (`owner/name`) when it is a fork: GitHub gives such a run no secrets or variables. */
  fork?: string;
  /** On `pull_request_target`: GITHUB_SHA, the base branch's newest commit, which actions/checkout takes unless given a ref. */
  targetSha?: string;
}

/** The runner's settings the action reads besides its inputs. */
export interface RunnerContext {
  apiUrl: string;
  workspace: string;
  eventPath?: string;
  repository?: string;
  /** GITHUB_EVENT_NAME and GITHUB_SHA: on `pull_request_target` the checkout is the base branch unless told otherwise. */
  eventName?: string;
  sha?: string;
  outputFile?: string;
  summaryFile?: string;
}

type Env = Record<string, string | undefined>;

/** `INPUT_REGISTRY-TOKEN`: the runner upper-cases the name and keeps its hyphens. */
export function readInput(env: Env, name: string): string | undefined {
  const value = env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/**
 * An input naming a file of the repository, as a repository path. Workflows often write `${{ github.workspace }}/x`:
 * such a path is made relative to the workspace, since GitHub knows the base commit's files by repository path only
 * (asked under the absolute path, the base seemed not to have the contract, and every change read as new). A path
 * outside the workspace is kept as written, for the workspace reader to refuse.
 */
function toInputPath(value: string, workspace: string | undefined): string {
  if (workspace && path.isAbsolute(value)) {
    const relative = path.relative(workspace, value);
    if (relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)) return toRepositoryPath(relative);
  }
  return toRepositoryPath(value);
}

export function readInputs(env: Env): ActionInputs {
  refuseUnknownInputs(env);
  const workspace = env.GITHUB_WORKSPACE;
  const contract = readInput(env, 'contract');
  if (!contract) throw new ActionError('ERR_INPUT_MISSING', 'the `contract` input is required: the path of the OpenAPI file in the repository');
  const failOn = readInput(env, 'fail-on') ?? 'breaking';
  if (!(FAIL_ON_VALUES as readonly string[]).includes(failOn)) {
    throw new ActionError('ERR_INPUT_INVALID', `the \`fail-on\` input must be one of ${FAIL_ON_VALUES.join(', ')}, got "${failOn}"`);
  }
  const registryToken = readInput(env, 'registry-token');
  const registry = readInput(env, 'registry');
  if (registryToken && !registry) {
    // A token without a registry means the registry URL was lost (an unset variable): judging offline would hide that.
    throw new ActionError('ERR_INPUT_MISSING', '`registry-token` is set but `registry` is empty: give the registry URL, or remove the token to judge offline');
  }
  // The runner gives an input left out its default (production), and one given as an unset variable
  // (`environment: ${{ vars.DEPLOY_ENV }}`) an empty value: read as the default, staging's change was judged against
  // production's consumers.
  if (registry && 'INPUT_ENVIRONMENT' in env && readInput(env, 'environment') === undefined) {
    throw new ActionError(
      'ERR_INPUT_MISSING',
      'the `environment` input is empty (a variable that is not set?): name the environment to judge against, or leave the input out for production',
    );
  }
  const service = readInput(env, 'service');
  const baseContract = readInput(env, 'base-contract');
  const githubToken = readInput(env, 'github-token');
  const waivers = readInput(env, 'waivers');
  const errorsPage = findErrorsPage(env);
  return {
    contract: toInputPath(contract, workspace),
    manifest: toInputPath(readInput(env, 'manifest') ?? DEFAULT_MANIFEST, workspace),
    environment: readInput(env, 'environment') ?? 'production',
    failOn: failOn as FailOn,
    ...(service && { service }),
    ...(baseContract && { baseContract: toInputPath(baseContract, workspace) }),
    ...(registry && { registry }),
    ...(registryToken && { registryToken }),
    ...(githubToken && { githubToken }),
    ...(waivers && { waivers: toInputPath(waivers, workspace) }),
    ...(errorsPage && { errorsPage }),
  };
}

/** An input the step was given that action.yml does not declare: no decision, naming the input probably meant. */
function refuseUnknownInputs(env: Env): void {
  const known = new Set<string>(KNOWN_INPUTS.map((name) => name.toUpperCase()));
  const unknown = Object.keys(env)
    .filter((key) => key.startsWith('INPUT_') && !known.has(key.slice('INPUT_'.length)))
    .map((key) => key.slice('INPUT_'.length).toLowerCase())
    .sort();
  if (unknown.length === 0) return;
  const named = unknown.map((name) => `\`${name}\`${describeGuess(findNearestName(name, KNOWN_INPUTS))}`).join('; ');
  throw new ActionError(
    'ERR_INPUT_UNKNOWN',
    `the step was given ${unknown.length === 1 ? 'an input' : 'inputs'} this action does not take: ${named} ` +
      `(its inputs: ${KNOWN_INPUTS.join(', ')}). Correct the name in the workflow's \`with:\`: judged without it, the ` +
      'verdict would not be the one asked for (an environment variable named INPUT_* reads as an input too)',
  );
}

// The runner names the action's repository and ref (`your-org/overseer`, `v1`) for `uses: owner/repo/action@ref`, so a
// link reads the error page of the release that ran; a local `uses: ./action` has neither, and no link is better than a
// link to a page that may not exist.
function findErrorsPage(env: Env): string | undefined {
  const repository = env.GITHUB_ACTION_REPOSITORY;
  const ref = env.GITHUB_ACTION_REF;
  if (!repository || !ref || !/^[\w.-]+\/[\w.-]+$/.test(repository)) return undefined;
  const server = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
  return `${server}/${repository}/blob/${encodeURI(ref)}/docs/ERRORS.md`;
}

export function readRunnerContext(env: Env): RunnerContext {
  const workspace = env.GITHUB_WORKSPACE;
  if (!workspace) throw new ActionError('ERR_RUNNER_CONTEXT', 'GITHUB_WORKSPACE is not set: this runs as a step of a GitHub Actions job');
  return {
    apiUrl: env.GITHUB_API_URL || 'https://api.github.com',
    workspace,
    ...(env.GITHUB_EVENT_PATH ? { eventPath: env.GITHUB_EVENT_PATH } : {}),
    ...(env.GITHUB_REPOSITORY ? { repository: env.GITHUB_REPOSITORY } : {}),
    ...(env.GITHUB_EVENT_NAME ? { eventName: env.GITHUB_EVENT_NAME } : {}),
    ...(env.GITHUB_SHA ? { sha: env.GITHUB_SHA } : {}),
    ...(env.GITHUB_OUTPUT ? { outputFile: env.GITHUB_OUTPUT } : {}),
    ...(env.GITHUB_STEP_SUMMARY ? { summaryFile: env.GITHUB_STEP_SUMMARY } : {}),
  };
}

/** The pull request of a `pull_request` (or `pull_request_target`) event payload. */
export function readPullRequest(eventText: string, runner: Pick<RunnerContext, 'repository' | 'eventName' | 'sha'> = {}): PullRequest {
  let event: any;
  try {
    event = JSON.parse(eventText);
  } catch {
    throw new ActionError('ERR_EVENT_INVALID', 'the event payload (GITHUB_EVENT_PATH) is not JSON');
  }
  const pr = event?.pull_request;
  // A required check must report on a merge queue's event too: the group's head (the base with the queued pull
  // requests merged) is judged against its base, as a pull request's head is.
  if (event?.merge_group && !pr) return readMergeGroup(event, runner);
  if (!pr || typeof pr.number !== 'number') {
    throw new ActionError(
      'ERR_EVENT_NOT_PULL_REQUEST',
      'this action judges pull requests and merge groups: run it on `pull_request` (and `merge_group`) events (the event has neither)',
    );
  }
  const baseSha = pr.base?.sha;
  const headSha = pr.head?.sha;
  if (typeof baseSha !== 'string' || baseSha === '')
    throw new ActionError('ERR_BASE_MISSING', `pull request #${pr.number} has no base commit in the event payload`);
  return {
    ...readRepository(event, runner),
    number: pr.number,
    baseSha,
    headSha: typeof headSha === 'string' ? headSha : '',
    ...readFork(pr),
    ...(runner.eventName === 'pull_request_target' && runner.sha ? { targetSha: runner.sha } : {}),
  };
}

function readRepository(event: any, runner: Pick<RunnerContext, 'repository'>): Pick<PullRequest, 'owner' | 'repo' | 'htmlUrl'> {
  const [owner, repo] = [event.repository?.owner?.login, event.repository?.name];
  const fallback = runner.repository?.split('/') ?? [];
  const names = typeof owner === 'string' && typeof repo === 'string' ? [owner, repo] : fallback;
  if (names.length !== 2 || !names[0] || !names[1])
    throw new ActionError('ERR_EVENT_INVALID', 'the event names no repository and GITHUB_REPOSITORY is not "owner/repo"');
  const htmlUrl = event.repository?.html_url;
  return {
    owner: names[0],
    repo: names[1],
    ...(typeof htmlUrl === 'string' && /^https?:\/\//.test(htmlUrl) ? { htmlUrl: htmlUrl.replace(/\/+$/, '') } : {}),
  };
}

/** A merge queue's group: its base and head commits; no pull request number, since a group may hold several. */
function readMergeGroup(event: any, runner: Pick<RunnerContext, 'repository'>): PullRequest {
  const { base_sha: baseSha, head_sha: headSha } = event.merge_group;
  if (typeof baseSha !== 'string' || baseSha === '' || typeof headSha !== 'string' || headSha === '')
    throw new ActionError('ERR_BASE_MISSING', 'the merge group has no base or head commit in the event payload');
  return { ...readRepository(event, runner), baseSha, headSha };
}

/** The head's repository when it is not the base's; a deleted fork (`head.repo` null) names nobody. */
function readFork(pr: { head?: { repo?: { full_name?: unknown } | null }; base?: { repo?: { full_name?: unknown } | null } }): { fork?: string } {
  const head = pr.head?.repo?.full_name;
  const base = pr.base?.repo?.full_name;
  return typeof head === 'string' && typeof base === 'string' && head !== base ? { fork: head } : {};
}
