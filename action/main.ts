// main(inputs, ports): read (the contract at the base commit and in the workspace, the registry) -> decide
// (the engine's pure functions) -> act (comment, annotations, summary, outputs, exit code).

import type { Octokit } from '@octokit/rest';
import type { RegistryClient } from '../cli/client.js';
import { type Manifest, parseContract, parseManifest, parseWaivers, renderCommand, type Waiver } from '../contracts/index.js';
import { renderAnnotations } from './annotations.js';
import { markerOf, renderComment, renderFailure } from './comment.js';
import { ActionError, describeFailure, findFailureCode, locateFailure, titleFailure } from './errors.js';
import { findPreviousPath, type RefusedComment, readBaseContract, short, statusOf, upsertComment } from './github.js';
import { type ActionInputs, DEFAULT_MANIFEST, type PullRequest } from './inputs.js';
import type { OutputPort } from './outputs.js';
import { type RegistryView, readRegistryView } from './registry.js';
import { buildReport, countBlocking, keepMadeHere, type Outcome } from './report.js';
import type { WorkspaceReader } from './workspace.js';

export const EXIT = { safe: 0, blocked: 1, noDecision: 2 } as const;

/** The job summary may hold far more than a comment (1 MiB). */
const SUMMARY_LIMIT = 900_000;

interface MainInputs extends ActionInputs {
  pr: PullRequest;
}

export interface Ports {
  /** Created with `baseUrl` from GITHUB_API_URL: tests point it at a fake GitHub. */
  github: Octokit;
  workspace: WorkspaceReader;
  /** Absent: judged offline, like `overseer diff`. */
  registry?: RegistryClient;
  output: OutputPort;
}

export async function main(inputs: MainInputs, ports: Ports): Promise<number> {
  let judged: { outcome: Outcome; manifest?: Manifest };
  try {
    judged = await judgePullRequest(inputs, ports);
  } catch (error) {
    return reportFailure(error, inputs, ports);
  }
  return publishOutcome(judged.outcome, judged.manifest, inputs, ports);
}

async function judgePullRequest(inputs: MainInputs, ports: Ports): Promise<{ outcome: Outcome; manifest?: Manifest }> {
  const { pr, contract } = inputs;
  if (pr.targetSha) await refuseBaseBranchCheckout(pr, ports.workspace);
  // The waivers file first, as `overseer diff` reads its policy files: a bad one stops the run before any judging.
  const waivers = inputs.waivers ? await readWaivers(inputs.waivers, ports.workspace) : [];
  const workspaceBytes = await ports.workspace.readFile(contract);
  // Only a contract missing here is looked for at the base first: a wrong `contract` input fails before any API call.
  const foundFirst = workspaceBytes === undefined ? await readBase(inputs, ports) : undefined;
  if (workspaceBytes === undefined && foundFirst === undefined) {
    throw new ActionError(
      'ERR_CONTRACT_UNREADABLE',
      `contract unreadable: ${contract} is not in the workspace nor at the base commit ${short(pr.baseSha)}; check the \`contract\` input and that actions/checkout ran first`,
    );
  }
  const manifest = await readManifest(inputs.manifest, ports.workspace, workspaceBytes !== undefined);
  const found = foundFirst ?? (await readBase(inputs, ports));
  const base = found && (await parseContract(found.bytes, `${found.path}@${short(pr.baseSha)}`));
  // Deleted by the pull request: the service offers nothing any more, which every consumer still calling it finds out.
  const revisionBytes = workspaceBytes ?? Buffer.from(describeRetired(base!.source));
  const revision = await parseContract(revisionBytes, contract);
  const service = inputs.service ?? manifest?.service;
  let view: RegistryView | undefined;
  if (ports.registry) {
    if (!service)
      throw new ActionError(
        'ERR_SERVICE_MISSING',
        `judging against the registry needs the service's name: set the \`service\` input, or the \`manifest\` input to its overseer.yaml (${inputs.manifest} is not in the workspace)`,
      );
    view = await readRegistryView(ports.registry, {
      service,
      environment: inputs.environment,
      declarations: manifest?.declarations ?? [],
      version: pr.number === undefined ? `merge-${short(pr.headSha)}` : `pr-${pr.number}`,
      contract: { text: Buffer.from(revisionBytes).toString('utf8'), file: contract },
      waivers,
      ...(manifest?.service !== undefined && manifest.service !== service && { manifestService: manifest.service }),
      ...(base === undefined && { live: true as const }),
    });
  }
  // No base here: the version live in the environment stands in for it, as the gate compares with what runs.
  const live = view?.live && { version: view.live.version, contract: await parseContract(Buffer.from(view.live.text), `${service}@${view.live.version}`) };
  const { report, usedOperations } = buildReport({
    base: base ?? live?.contract,
    revision,
    failOn: inputs.failOn,
    waivers,
    ...(view && service ? { consumers: { provider: service, manifests: view.consumers } } : {}),
  });
  const isNew = base === undefined && live === undefined;
  const outcome: Outcome = {
    contract,
    ...(service ? { service } : {}),
    ...(view ? { environment: inputs.environment } : {}),
    report,
    usedOperations,
    ownReasons: view?.ownReasons ?? [],
    // A contract new at its path is this pull request's doing whole: no base to blame for what breaks a caller.
    observedReasons: isNew ? (view?.observedReasons ?? []) : keepMadeHere(view?.observedReasons ?? [], report.changes),
    misdirectedReasons: isNew ? (view?.misdirectedReasons ?? []) : keepMadeHere(view?.misdirectedReasons ?? [], report.changes),
    registryNotices: view?.registryNotices ?? [],
    ...(view?.judgedNobody ? { judgedNobody: view.judgedNobody } : {}),
    isNew,
    ...(live && { comparedWith: { version: live.version } }),
    ...(workspaceBytes === undefined ? { deleted: true as const } : {}),
    ...(found && found.path !== contract ? { movedFrom: found.path } : {}),
    baseSha: pr.baseSha,
    headSha: pr.headSha,
    ...(pr.htmlUrl ? { repositoryUrl: pr.htmlUrl } : {}),
    ...(view && view.consumers.length > 0 ? { consumerManifests: view.consumers } : {}),
    ...(manifest ? { manifest: inputs.manifest } : {}),
    ...(inputs.waivers ? { waivers: inputs.waivers } : {}),
    ...(!ports.registry && pr.fork ? { offlineFork: pr.fork } : {}),
    ...(view?.newService ? { newService: true as const } : {}),
  };
  return { outcome, ...(manifest ? { manifest } : {}) };
}

// On pull_request_target, GITHUB_SHA is the base branch's newest commit, and actions/checkout takes it unless given a ref:
// that workspace holds none of the pull request's changes, and judging it said "safe" of any pull request. A checkout
// whose commit cannot be told (no .git: files fetched by other means, or none) might be either, so it is not judged.
async function refuseBaseBranchCheckout(pr: PullRequest, workspace: WorkspaceReader): Promise<void> {
  const head = await workspace.readHead();
  if (head === undefined) {
    throw new ActionError(
      'ERR_CHECKOUT_NOT_PULL_REQUEST',
      `the workspace has no git checkout (no readable .git/HEAD), so on \`pull_request_target\` it cannot be told from the base branch ` +
        `(GITHUB_SHA ${short(pr.targetSha!)}), whose contract has none of the pull request's changes and would pass any: nothing was judged. ` +
        `Check out with actions/checkout and \`ref: \${{ github.event.pull_request.head.sha }}\` (it keeps .git), or run the workflow \`on: pull_request\``,
    );
  }
  if (head !== pr.targetSha || head === pr.headSha) return;
  throw new ActionError(
    'ERR_CHECKOUT_NOT_PULL_REQUEST',
    `the workspace is at ${short(head)}, the base branch's newest commit (GITHUB_SHA), not pull request #${pr.number}: on \`pull_request_target\` ` +
      "actions/checkout checks out the base branch unless given a `ref`, so the contract here has none of the pull request's changes and " +
      "would pass any. Run the workflow `on: pull_request` (a fork's run is judged against a `registry` URL written in the workflow: reads " +
      `need no token), or give actions/checkout \`ref: \${{ github.event.pull_request.head.sha }}\` if no later step of the job runs the ` +
      "pull request's code",
  );
}

/** A contract with no operation in the base's OpenAPI version: what a service whose contract was deleted offers. */
function describeRetired(source: Record<string, unknown>): string {
  const info = { title: 'deleted', version: '0' };
  return JSON.stringify(source.swagger !== undefined ? { swagger: '2.0', info, paths: {} } : { openapi: source.openapi, info, paths: {} });
}

// A contract missing at the base was either moved (the `base-contract` input, or a rename GitHub recorded) or is new.
async function readBase({ pr, contract, baseContract }: MainInputs, { github }: Ports): Promise<{ path: string; bytes: Uint8Array } | undefined> {
  if (baseContract) {
    const bytes = await readBaseContract(github, pr, baseContract);
    if (bytes) return { path: baseContract, bytes };
    throw new ActionError(
      'ERR_BASE_MISSING',
      `base missing: the \`base-contract\` input names ${baseContract}, which is not in the base commit ${short(pr.baseSha)}`,
    );
  }
  const bytes = await readBaseContract(github, pr, contract);
  if (bytes) return { path: contract, bytes };
  const previous = await findPreviousPath(github, pr, contract);
  const moved = previous && (await readBaseContract(github, pr, previous));
  return moved ? { path: previous, bytes: moved } : undefined;
}

// The manifest is optional: offline it only names the service, with a registry the `service` input can stand in. One
// the `manifest` input names (not its default) must be there, as `waivers` must: a mistyped path judged nothing of what
// the service uses and passed; but a pull request that retires the service deletes its manifest with its contract.
async function readManifest(file: string, workspace: WorkspaceReader, contractKept: boolean): Promise<Manifest | undefined> {
  const bytes = await workspace.readFile(file);
  if (bytes === undefined && file !== DEFAULT_MANIFEST && contractKept) {
    throw new ActionError(
      'ERR_MANIFEST_UNREADABLE',
      `manifest unreadable: ${file} is not in the workspace; check the \`manifest\` input and that actions/checkout ran first`,
    );
  }
  return bytes === undefined ? undefined : parseManifest(Buffer.from(bytes).toString('utf8'), file);
}

// Named by the `waivers` input, so it must be there: a missing file would silently waive nothing.
async function readWaivers(file: string, workspace: WorkspaceReader): Promise<Waiver[]> {
  const bytes = await workspace.readFile(file);
  if (bytes === undefined) {
    throw new ActionError(
      'ERR_WAIVERS_UNREADABLE',
      `waivers unreadable: ${file} is not in the workspace; check the \`waivers\` input and that actions/checkout ran first`,
    );
  }
  return parseWaivers(Buffer.from(bytes).toString('utf8'), file);
}

async function publishOutcome(outcome: Outcome, manifest: Manifest | undefined, inputs: MainInputs, ports: Ports): Promise<number> {
  const { output } = ports;
  const blocking = countBlocking(outcome);
  const verdict = blocking > 0 ? 'blocked' : 'safe';
  output.log(renderAnnotations(outcome, manifest));
  if (outcome.offlineFork) output.log(renderCommand('warning', { title: 'Overseer' }, describeOfflineFork(outcome.offlineFork)));
  if (ports.registry && !manifest) output.log(renderCommand('warning', { title: 'Overseer' }, describeMissingManifest(inputs, outcome.service)));
  const body = renderComment(outcome);
  // A pull request that never touched the contract gets no comment; one that had a comment sees it say "safe".
  const quiet = outcome.report.changes.length === 0 && blocking === 0;
  const commented = await writeComment(inputs, ports, body, !quiet);
  await output.appendSummary(renderComment(outcome, SUMMARY_LIMIT));
  await setOutputs(output, { breaking: String(outcome.report.summary.breaking), blocking: String(blocking), verdict });
  if (blocking === 0) {
    output.log(`overseer: ${inputs.contract} is safe`);
    return EXIT.safe;
  }
  output.log(
    renderCommand(
      'error',
      { title: 'Overseer' },
      `${inputs.contract}: ${blocking} blocking ${blocking === 1 ? 'finding' : 'findings'}; ${commented ? 'the pull-request comment' : 'the job summary (Summary tab of this run)'} says who is affected and what to do`,
    ),
  );
  return EXIT.blocked;
}

// The README's workflow reads `registry` from a variable: on a fork's pull request it is empty, and nothing else says so.
function describeOfflineFork(fork: string): string {
  return (
    `judged offline: this pull request comes from the fork ${fork}, whose run GitHub gives no secrets or variables, so the \`registry\` input was empty ` +
    'and no consumer was judged; `can-i-deploy` still judges the merged version before it deploys. Reads need no token: a `registry` URL ' +
    'written in the workflow itself (not a variable) judges forks against the registry too'
  );
}

// With a registry the manifest's `consumes` is judged against the providers deployed there; a `service` input stands in
// for its name, so a monorepo's run that left `manifest` at its default judged nothing of what the service uses, silently.
function describeMissingManifest(inputs: MainInputs, service: string | undefined): string {
  return (
    `no manifest at ${inputs.manifest} (the \`manifest\` input), so what ${service ?? 'the service'} uses of its providers was not ` +
    `checked against ${inputs.environment}: give \`manifest\` the path of its overseer.yaml (in a monorepo, beside its contract)`
  );
}

async function reportFailure(error: unknown, inputs: MainInputs, ports: Ports): Promise<number> {
  const { output } = ports;
  const message = describeFailure(error);
  const where = locateFailure(error, [inputs.contract, inputs.manifest, ...(inputs.waivers ? [inputs.waivers] : [])]);
  output.log(renderCommand('error', { ...where, title: titleFailure(error) }, message));
  const body = renderFailure(inputs.contract, message, inputs.pr, findFailureCode(error), inputs.errorsPage);
  // Only replaces a comment already there: a stale "safe" must not stay up, and a setup problem needs no new comment.
  await writeComment(inputs, ports, body, false);
  await attempt(output, 'the job summary', () => output.appendSummary(body));
  await attempt(output, 'the outputs', () => setOutputs(output, { breaking: '', blocking: '', verdict: 'error' }));
  return EXIT.noDecision;
}

// A comment that cannot be written (a fork's read-only token) is a warning: the verdict still stands in the step.
// True when the pull request shows the comment now.
async function writeComment(inputs: MainInputs, ports: Ports, body: string, create: boolean): Promise<boolean> {
  const { number } = inputs.pr;
  if (number === undefined) {
    ports.output.log('overseer: no pull-request comment (a merge group: the job summary has the report)');
    return false;
  }
  try {
    const { action, refused } = await upsertComment(ports.github, { pr: { ...inputs.pr, number }, marker: markerOf(inputs.contract) }, body, create);
    if (refused) ports.output.log(renderCommand('warning', { title: 'Overseer' }, describeRefusedComment(refused)));
    ports.output.log(
      action === 'not-created' ? 'overseer: no pull-request comment (nothing to say, and none to update)' : `overseer: pull-request comment ${action}`,
    );
    return action !== 'not-created';
  } catch (error) {
    const status = statusOf(error);
    const hint =
      status === 403
        ? ": the token may not write pull-request comments (give the job `pull-requests: write`; a fork's pull request gets a read-only token)"
        : status === 401
          ? ": GitHub took no token from the `github-token` input (a secret passed there is empty on a fork's run, which gets no secrets: leave the input to its default, github.token)"
          : '';
    ports.output.log(
      renderCommand(
        'warning',
        { title: 'Overseer' },
        `could not write the pull-request comment (${status ?? describeFailure(error)})${hint}; the job summary has the report`,
      ),
    );
    return false;
  }
}

// A 403 on an update is no fork's read-only token (the comment was found, and a new one can be posted): the bot changed.
function describeRefusedComment({ id, author }: RefusedComment): string {
  return (
    `the pull-request comment ${id} was written by ${author}, and GitHub refuses (403) to let this token edit it: a token may edit only ` +
    'the comments of its own account (was the workflow moved from GITHUB_TOKEN to a GitHub App, or the reverse?). Posted a new comment ' +
    'instead; delete the old one, which keeps its stale verdict'
  );
}

async function setOutputs(output: OutputPort, values: Record<'breaking' | 'blocking' | 'verdict', string>): Promise<void> {
  for (const [name, value] of Object.entries(values)) await output.setOutput(name, value);
}

async function attempt(output: OutputPort, what: string, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    output.log(renderCommand('warning', { title: 'Overseer' }, `could not write ${what}: ${(error as Error).message}`));
  }
}
