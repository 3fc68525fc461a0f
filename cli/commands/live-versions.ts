// The verbs of versions that live beside others: a release in users' hands, the end of a rollout or a canary,
// the end of a release's support. Each is one registry call; record-deployment covers the plain and rolling cases.

import { describeGuess, describeUnpublished, findSameVersion, type RegistryDeployment } from '../../contracts/index.js';
import { type RegistryClient, RegistryError } from '../client.js';
import { CommandError, EXIT, type Io } from '../io.js';
import { describeRecorded } from './record-deployment.js';
import { connectRegistry, PLAIN_FORMATS, readFormat, readRegistryCommand, registryHelp, requireTarget, TOKEN_HELP } from './registry-options.js';
import { readAboutService, readAboutVersion } from './service-names.js';

const TARGET_HELP = `  --service S              the service (required)
  --version V              the published version (required)
  --env ENV                the environment, e.g. production (required)
  --format FORMAT          text | json (default: text)
${registryHelp(TOKEN_HELP.write)}`;

const RELEASE_HELP = `Usage: overseer record-release --service S --version V --env ENV [options]

Marks a published version as supported in an environment beside the others (a mobile app or a CLI
version in users' hands). Until record-support-ended, the gate refuses a provider change that breaks it.
A plain record-deployment does not end releases. Recording it again changes nothing.

Options:
${TARGET_HELP}

Exit codes: 0 recorded (or already supported), 2 not recorded (unknown service, version or environment,
a refused token, bad usage, the registry unreachable).

Examples:
  overseer record-release --service mobile-app --version 4.1.0 --env production
`;

const UNDEPLOY_HELP = `Usage: overseer record-undeployment --service S --version V --env ENV [options]

Ends one live version of a service in an environment: the old version at the end of a rolling deploy,
or a canary withdrawn. The gate stops counting it. A supported release is ended by record-support-ended.

Options:
${TARGET_HELP}

Exit codes: 0 ended, 2 not ended (the version is not deployed there, an environment never created, a
refused token, bad usage, the registry unreachable).

Examples:
  overseer record-undeployment --service users-service --version 1.0.0 --env production
`;

const SUPPORT_ENDED_HELP = `Usage: overseer record-support-ended --service S --version V --env ENV [options]

Ends the support of a release recorded with record-release: the gate stops protecting it.

Options:
${TARGET_HELP}

Exit codes: 0 ended, 2 not ended (the version is not a supported release there, an environment never
created, a refused token, bad usage, the registry unreachable).

Examples:
  overseer record-support-ended --service mobile-app --version 4.1.0 --env production
`;

function readTarget(args: string[], io: Io, help: string) {
  const values = readRegistryCommand(args, io, help, { service: { type: 'string' }, version: { type: 'string' }, env: { type: 'string' } });
  if (!values) return undefined;
  const target = {
    ...requireTarget(values),
  };
  return { target, format: readFormat(values.format, PLAIN_FORMATS), registry: connectRegistry(values, io) };
}

export async function recordReleaseCommand(args: string[], io: Io): Promise<number> {
  const read = readTarget(args, io, RELEASE_HELP);
  if (!read) return EXIT.safe;
  const result = await readAboutVersion(read.registry, read.target, () => read.registry.recordDeployment({ ...read.target, mode: 'release' }));
  io.stdout(read.format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : describeRecorded(result));
  return EXIT.safe;
}

function endCommand(release: boolean, help: string) {
  return async (args: string[], io: Io): Promise<number> => {
    const read = readTarget(args, io, help);
    if (!read) return EXIT.safe;
    const ended = await readAboutService(read.registry, read.target.service, () => read.registry.endDeployment({ ...read.target, release })).catch(
      (error: unknown) => explainNothingEnded(error, read.registry, read.target, release),
    );
    const { service, version, environment } = read.target;
    const what = release ? 'support ended' : 'no longer live';
    io.stdout(read.format === 'json' ? `${JSON.stringify({ ended }, null, 2)}\n` : `${what}: ${service} ${version} in ${environment}\n`);
    return EXIT.safe;
  };
}

export const recordUndeploymentCommand = endCommand(false, UNDEPLOY_HELP);
export const recordSupportEndedCommand = endCommand(true, SUPPORT_ENDED_HELP);

/**
 * "1.1.0 is not deployed in production" leaves a rollback guessing: the error names what is live of the service there,
 * and, when the version is live the other way (deployed, or a release), the command that ends it; else the environment
 * the version is live in, or, for a version never published, that it is not (the live ones listed are what can end),
 * nothing of the service live there or not.
 */
async function explainNothingEnded(error: unknown, registry: RegistryClient, target: Target, release: boolean): Promise<never> {
  if (!(error instanceof RegistryError && error.code === 'ERR_DEPLOYMENT_UNKNOWN')) throw error;
  const live = (await registry.currentDeployments(target.environment)).filter((d) => d.service === target.service);
  // A version live the other way (deployed, or a release) is told the command that ends it, below.
  const already = live.some((d) => d.version === target.version) ? undefined : await findEndedAlready(registry, target, release);
  if (already !== undefined) {
    const listed =
      live.length === 0
        ? `no version of ${target.service} is live there`
        : `live there now: ${live.map((d) => `${d.service} ${d.version} (${d.live})`).join(', ')}`;
    throw new CommandError(error.code, `${error.message}: ${already}; ${listed}`);
  }
  const elsewhere = await findLiveElsewhere(registry, target, release);
  if (live.length === 0) {
    const unpublished = elsewhere || (await describeNeverPublished(registry, target, live, release));
    throw new CommandError(error.code, `${error.message}; no version of ${target.service} is live there${unpublished}`);
  }
  const listed = live.map((d) => `${d.service} ${d.version} (${d.live})`).join(', ');
  const other = live.find((d) => d.version === target.version);
  const hint = other
    ? `: end it with overseer ${release ? 'record-undeployment' : 'record-support-ended'}`
    : elsewhere || (await describeNeverPublished(registry, target, live, release));
  throw new CommandError(error.code, `${error.message}; live there now: ${listed}${hint}`);
}

// A version never published runs nowhere, and another number (1.0.1 beside a live 1.0.0) is another release, not a
// typo: guessing it would end what runs. The live versions listed are the choice; only the same version written
// otherwise (v1.0.0, 1.0) is guessed, in record-deployment's words. A version published but no longer live there (a
// canary ended already) is said nothing more of.
async function describeNeverPublished(registry: RegistryClient, target: Target, live: RegistryDeployment[], release: boolean): Promise<string> {
  const published = await registry.getVersion(target.service, target.version).then(
    () => true,
    (error: unknown) => {
      if (error instanceof RegistryError && error.code === 'ERR_VERSION_UNKNOWN') return false;
      throw error;
    },
  );
  if (published) return '';
  // Nothing of the service live there: the published version written otherwise is the guess; another number never ran.
  const endable =
    live.length === 0
      ? (await registry.listVersions(target.service)).map((v) => v.version)
      : live.filter((d) => (d.live === 'released') === release).map((d) => d.version);
  const found = { sameVersion: findSameVersion(target.version, endable) };
  if (live.length === 0) return `; ${describeUnpublished(target.service, target.version, found, 'it never ran anywhere', '--version ')}`;
  return `; ${describeUnpublished(target.service, target.version, found, 'name one live there', '--version ')}`;
}

type Target = { service: string; version: string; environment: string };

/**
 * Ended twice (a retried pipeline step, a second person): "not a supported release" reads as if it never was one; the
 * last time this version stopped there this way says what happened. Its last 100 deployments there are read.
 */
async function findEndedAlready(registry: RegistryClient, target: Target, release: boolean): Promise<string | undefined> {
  const history = await registry.deploymentHistory({ service: target.service, environment: target.environment, limit: 100 }).catch(() => []);
  const ended = history.find((d) => d.version === target.version && (d.live === 'released') === release && d.replacedAt !== null);
  if (!ended?.replacedAt) return undefined;
  const when = `${ended.replacedAt.slice(0, 10)} ${ended.replacedAt.slice(11, 16)} UTC`;
  return release ? `its support ended already, on ${when}` : `it stopped running there already, on ${when}`;
}

// Read only on the way to an error: every environment's live versions, until one holds this version live this way.
async function findLiveElsewhere(registry: RegistryClient, target: Target, release: boolean): Promise<string> {
  for (const { name } of await registry.listEnvironments()) {
    if (name === target.environment) continue;
    const live = await registry.currentDeployments(name);
    if (live.some((d) => d.service === target.service && d.version === target.version && (d.live === 'released') === release))
      return `; ${target.service} ${target.version} is live in ${name}${describeGuess(`--env ${name}`)}`;
  }
  return '';
}
