// Where `overseer diff` reads each side from: a file, standard input (`-`), or a contract the registry holds
// (`registry:SERVICE@VERSION`, or `registry:SERVICE@ENVIRONMENT` for the version deployed there).

import path from 'node:path';
import {
  ContractError,
  DEFAULT_MAX_BYTES,
  describeGuess,
  findNearestName,
  type LoadedContract,
  type LoadOptions,
  loadContract,
  parseContract,
  type RegistryDeployment,
} from '../../contracts/index.js';
import { type RegistryClient, RegistryError } from '../client.js';
import { CommandError, type Io, UsageError } from '../io.js';
import { describeUnknownService, findUnknownServices } from './service-names.js';

const REGISTRY_PREFIX = 'registry:';

function isRegistrySource(spec: string): boolean {
  return spec.startsWith(REGISTRY_PREFIX);
}

interface ContractSource {
  contract: LoadedContract;
  label: string;
  /** Read as what an environment runs (`registry:SERVICE@ENVIRONMENT`): whose consumers there a plain diff leaves unjudged. */
  deployed?: { service: string; environment: string };
}

/**
 * The engine reads the file by its absolute path and names that path in its errors; the user wrote `openapi.yaml`, and
 * a CI log with the runner's checkout folder in front of every line hides the part that matters. The file is named as
 * given, and a file it refers to (--allow-external-refs) relative to the working directory.
 */
async function loadFileAsGiven(spec: string, cwd: string, options: LoadOptions): Promise<LoadedContract> {
  const resolved = path.resolve(cwd, spec);
  try {
    return await loadContract(resolved, options);
  } catch (e) {
    if (!(e instanceof ContractError) || path.isAbsolute(spec)) throw e;
    const named = (file: string) => (file === resolved ? spec : isInside(cwd, file) ? path.relative(cwd, file) : file);
    // The file itself as given; another it names (the file a typo away, a referenced one) from the working directory.
    const detail = e.detail.split(resolved).join(spec).split(`${cwd}${path.sep}`).join('');
    throw new ContractError(e.code, named(e.file), detail, e.line, e.column);
  }
}

const isInside = (folder: string, file: string) => path.isAbsolute(file) && !path.relative(folder, file).startsWith('..');

/** The contract a diff argument names, and the label output shows for it. */
export async function readContractSource(spec: string, io: Io, options: LoadOptions, connect: () => RegistryClient): Promise<ContractSource> {
  if (spec === '-') {
    if (!io.readStdin) throw new UsageError('"-" reads the contract from standard input, which this run has none of');
    if (io.stdinIsTTY)
      throw new UsageError(
        '"-" reads the contract from standard input, which is this terminal: pipe one in (git show main:openapi.yaml | overseer diff - openapi.yaml)',
      );
    const label = 'stdin';
    return { contract: await parseContract(await io.readStdin(options.maxBytes ?? DEFAULT_MAX_BYTES), label, options), label };
  }
  if (!isRegistrySource(spec)) return { contract: await loadFileAsGiven(spec, io.cwd, options), label: spec };
  const { service, version, environments, alsoLive, rolling, environment } = await resolveRegistrySource(spec, connect());
  // Where every live version runs beside another (a rollout in progress), none is "the" deployed one: the last recorded is taken.
  const which = rolling ? 'the version deployed there last' : 'the version deployed there';
  if (alsoLive.length > 0)
    io.stderr(
      `note: ${spec} is ${service} ${version}, ${which}; ${alsoLive.map((d) => `${d.version} (${d.live})`).join(', ')} ` +
        `${alsoLive.length === 1 ? 'is' : 'are'} live there too: compare with ${alsoLive.map((d) => `registry:${service}@${d.version}`).join(' and ')} as well\n`,
    );
  const text = await connect()
    .getContractText(service, version)
    .catch(async (error: unknown) => {
      if (!(error instanceof RegistryError && error.status === 404 && error.code === 'ERR_VERSION_UNKNOWN')) throw error;
      // `@prodution` is read as a version: a near environment name is the likelier meaning; then a near version (`@1.1`).
      const place = findNearestName(version, environments);
      if (place !== undefined) throw new CommandError(error.code, `${error.message}${describeGuess(`the environment registry:${service}@${place}`)}`);
      const published = findNearestName(
        version,
        (await connect().listVersions(service)).map((v) => v.version),
      );
      throw published !== undefined ? new CommandError(error.code, `${error.message}${describeGuess(`registry:${service}@${published}`)}`) : error;
    });
  // The label names the version too: "production" alone would not say which build was compared.
  const label = `${spec.slice(REGISTRY_PREFIX.length)}${spec.endsWith(`@${version}`) ? '' : ` (${version})`}`;
  const deployed = environment === undefined ? {} : { deployed: { service, environment } };
  return { contract: await parseContract(text, label, options), label, ...deployed };
}

/**
 * A plain diff against what an environment runs judges by level alone: removing an optional field that a consumer
 * deployed there reads is "safe" to it, and refused by can-i-deploy. The consumers it did not judge, and the command
 * that does; nothing when none is deployed there, or when the registry cannot say (the note is advice, not the answer).
 */
export async function describeUnjudgedConsumers(sources: readonly ContractSource[], connect: () => RegistryClient): Promise<string | undefined> {
  const deployed = sources.find((source) => source.deployed !== undefined)?.deployed;
  if (!deployed) return undefined;
  const { service, environment } = deployed;
  const listing = await connect()
    .consumers(service, { environment })
    .catch(() => undefined);
  const names = [...new Set((listing?.consumers ?? []).map((c) => c.consumer).filter((name) => name !== service))].sort();
  if (names.length === 0) return undefined;
  const shown = names.length > 5 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : names.join(', ');
  return (
    `note: ${names.length === 1 ? '1 consumer' : `${names.length} consumers`} of ${service} deployed in ${environment} (${shown}) ` +
    `${names.length === 1 ? 'was' : 'were'} not judged: this diff judges changes by level alone; overseer check --env ${environment} ` +
    'judges the working copy against them, as can-i-deploy will\n'
  );
}

interface RegistrySource {
  service: string;
  version: string;
  environments: string[];
  /** The other versions of the service live in the environment (rolling, released), which this diff does not compare with. */
  alsoLive: RegistryDeployment[];
  /** The version taken runs beside the others (none replaced them): it is the one recorded last. */
  rolling?: boolean;
  /** The environment `@TARGET` named, when it named one. */
  environment?: string;
}

async function resolveRegistrySource(spec: string, client: RegistryClient): Promise<RegistrySource> {
  const rest = spec.slice(REGISTRY_PREFIX.length);
  const at = rest.lastIndexOf('@');
  const [service, target] = at > 0 ? [rest.slice(0, at), rest.slice(at + 1)] : [rest, ''];
  if (!service || !target) throw new UsageError(`${spec}: write registry:SERVICE@VERSION or registry:SERVICE@ENVIRONMENT`);
  // A misspelled service would otherwise read as "not deployed there" or "unknown version".
  for (const unknown of await findUnknownServices(client, [service]))
    throw new CommandError('ERR_SERVICE_UNKNOWN', `${spec}: ${describeUnknownService(unknown)}`);
  const environments = (await client.listEnvironments()).map((e) => e.name);
  // An environment's name wins: `@production` means what is deployed there now.
  if (!environments.includes(target)) return { service, version: target, environments, alsoLive: [] };
  const live = (await client.currentDeployments(target)).filter((d) => d.service === service);
  // The deployed one, not the first listed: a release still supported there (an old app version) is listed before it.
  const deployed = live.find((d) => d.live === 'deployed') ?? live.at(-1);
  if (!deployed) throw new CommandError('ERR_DEPLOYMENT_UNKNOWN', `${service} is not deployed in ${target}: nothing to compare with there`);
  const alsoLive = live.filter((d) => d !== deployed && d.version !== deployed.version);
  return { service, version: deployed.version, environments, alsoLive, rolling: deployed.live !== 'deployed', environment: target };
}
