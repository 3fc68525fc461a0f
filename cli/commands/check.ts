// `overseer check`: judges a version that is not published yet (the working tree) against the registry.

import { addEmptyEnvironmentNotice, type CheckResponse, type Declaration, type Verdict } from '../../contracts/index.js';
import { type GateAnswer, type RegistryClient, readDeploymentRecords } from '../client.js';
import { CommandError, EXIT, type Io, UsageError } from '../io.js';
import { EXTERNAL_REFS_HELP, readServiceFiles, sendManifest } from './manifest-input.js';
import { readPactDeclarations } from './publish-pact.js';
import { connectRegistry, readFormat, readRegistryArgs, registryHelp, rejectPositionals, TOKEN_HELP, unsetFlags } from './registry-options.js';
import { describeUnknownService, findUnknownServices } from './service-names.js';
import { exitCodeOf, formatVerdict, readVerdict } from './verdict-output.js';
import { readWaiversOption, WAIVERS_HELP } from './waivers-input.js';

const HELP = `Usage: overseer check [--manifest overseer.yaml] [--env ENV | --branch B] [options]

Judges the service in the working tree before it is published: its contract against the consumers
that use it, and what it uses against its providers. Nothing is stored in the registry. In CI, before
a deployment, give --env the environment it deploys to: it judges what can-i-deploy --env ENV
will, every version live there included. Without --env or --branch it judges against the latest
published version of each service only, not against what is deployed, and says so: a consumer whose
older version is still live is not judged, so it may say yes where can-i-deploy refuses. With
--waivers, the changes the waivers accept do not block, as can-i-deploy treats published waivers.

Options:
  --manifest FILE          the service's manifest (default: overseer.yaml)
  --contract FILE          the contract to check instead of the manifest's "provides"
  --pact FILE...           judge the consumer these Pact files name (v2, v3, v4; several files or a
                           quoted glob), its interactions read as publish --pact reads them, instead of
                           a manifest: what its tests call is judged against its providers
${EXTERNAL_REFS_HELP}
  --env ENV                judge against the versions deployed in ENV (e.g. production; --against, the old
                           spelling, still works)
  --branch B               judge against the latest versions published on branch B (e.g. main)
                           (neither: against the latest version of every service)
  --version V              a name for the candidate in the output (default: candidate)
${WAIVERS_HELP}
  --format FORMAT          text | json | markdown (default: text)
${registryHelp(TOKEN_HELP.read)}

Exit codes: 0 safe to publish and deploy, 1 blocked (the reasons are printed), 2 no decision (bad
usage, an unreadable or invalid manifest, contract or waivers file, a service name the registry
does not know that is a typo away from one it does, an --env environment never created or a
--branch nothing was published on, the registry unreachable or failing).

Examples:
  overseer check --env production
  overseer check --branch main --format markdown
  overseer check --env production --waivers waivers.yaml
  overseer check --manifest services/orders/overseer.yaml --env staging
  overseer check --pact 'pacts/web-app-*.json' --env production
`;

export async function checkCommand(args: string[], io: Io): Promise<number> {
  const read = readRegistryArgs(args, io, HELP, {
    manifest: { type: 'string' },
    contract: { type: 'string' },
    'allow-external-refs': { type: 'boolean' },
    env: { type: 'string' },
    branch: { type: 'string' },
    version: { type: 'string' },
    waivers: { type: 'string' },
    pact: { type: 'string', multiple: true },
  });
  if (!read) return EXIT.safe;
  const { values, positionals } = read;
  // `check production` meant the environment; `check services/orders/overseer.yaml` the manifest; after --pact, the
  // shell's expansion of `pacts/*.json` is more files.
  if (!values.pact) rejectPositionals(positionals, unsetFlags(values, ['env', 'manifest']));
  if (values.env !== undefined && values.branch !== undefined) throw new UsageError('give --env ENV or --branch B, not both');
  const format = readFormat(values.format);
  const waivers = await readWaiversOption(values.waivers, io.cwd);
  const client = connectRegistry(values, io);
  const where = {
    ...(values.version && { version: values.version }),
    ...(values.env !== undefined && { environment: values.env }),
    ...(values.branch !== undefined && { branch: values.branch }),
    ...(waivers && waivers.length > 0 && { waivers }),
  };
  let answer: GateAnswer<CheckResponse>;
  let manifestFile: string | undefined;
  if (values.pact) {
    if (values.manifest !== undefined || values.contract !== undefined)
      throw new UsageError('--pact checks the consumer its Pact files name: give it without --manifest or --contract');
    answer = await client.check({ ...(await declarePactConsumer(client, [...values.pact, ...positionals], io)), ...where });
  } else {
    manifestFile = values.manifest ?? 'overseer.yaml';
    const files = await readServiceFiles(io.cwd, manifestFile, values.contract, values['allow-external-refs']);
    const request = {
      service: files.manifest.service,
      ...(files.contract && { contract: files.contract.text, contractFile: files.contract.file }),
      manifest: files.manifestText,
      ...where,
    };
    answer = await sendManifest(client.baseUrl, () => client.check(request));
  }
  const { warnings, ...given } = readVerdict(answer.verdict, client.baseUrl, 'POST /v1/check');
  const judged = manifestFile === undefined ? given : nameOwnManifest(given, manifestFile);
  const records = readDeploymentRecords(client);
  const verdict = values.env === undefined ? judged : await addEmptyEnvironmentNotice(judged, values.env, records, answer.given);
  if (manifestFile !== undefined && exitCodeOf(verdict) === EXIT.safe) await refuseMisspelledService(client, verdict.service, manifestFile);
  const scope = values.env !== undefined ? 'environment' : values.branch !== undefined ? 'branch' : 'latest';
  io.stdout(formatVerdict(verdict, format, warnings, scope));
  return exitCodeOf(verdict);
}

/**
 * The one consumer the Pact files name and what they declare, as `publish --pact` would publish it: a consumer known
 * only from its pacts got a yes from a manifest's check (it declares nothing there), then a no once published.
 */
async function declarePactConsumer(client: RegistryClient, files: string[], io: Io): Promise<{ service: string; declarations: Declaration[] }> {
  const consumers = [...(await readPactDeclarations(client, io.cwd, files))];
  if (consumers.length !== 1)
    throw new UsageError(
      `the Pact files name ${consumers.length} consumers (${consumers.map(([name]) => name).join(', ')}): check one consumer's files at a time`,
    );
  const [service, { declarations, notices }] = consumers[0]!;
  for (const n of notices) io.stderr(`notice: ${n.file ?? ''}: ${n.message}\n`);
  return { service, declarations };
}

/**
 * A service the registry does not know has no consumers, so its check says yes; when a known service is a typo away,
 * that yes judged nobody who uses the one meant. A new service with a name of its own is judged as before.
 */
async function refuseMisspelledService(client: RegistryClient, service: string, manifest: string): Promise<void> {
  const [unknown] = await findUnknownServices(client, [service]);
  if (unknown?.guess === undefined) return;
  throw new CommandError(
    'ERR_SERVICE_UNKNOWN',
    `${manifest}: ${describeUnknownService(unknown)} Its consumers were not judged; ` + `correct "service:", or publish ${service} once if it is a new service`,
  );
}

/**
 * The registry knows the line of a use the candidate declares, not the file: nothing is published yet. The file is the
 * one this command read, so its reasons say `declared at overseer.yaml:5`, as the published version's do, rather than
 * "line 5 of the manifest of web candidate".
 */
function nameOwnManifest<V extends Verdict>(verdict: V, manifestFile: string): V {
  const reasons = verdict.reasons.map((r) =>
    r.declaredAt && r.declaredAt.file === undefined && r.consumer === verdict.service && r.consumerVersion === verdict.version
      ? { ...r, declaredAt: { ...r.declaredAt, file: manifestFile } }
      : r,
  );
  return { ...verdict, reasons };
}
