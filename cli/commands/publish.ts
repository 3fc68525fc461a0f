// `overseer publish --version V`: registers the service from its manifest, then publishes the version's
// contract and declarations. Idempotent: publishing the same content again is "unchanged".

import type { Declaration, Manifest } from '../../contracts/index.js';
import { describeGuess } from '../../contracts/index.js';
import type { RegistryClient } from '../client.js';
import { describeCount } from '../counted.js';
import { EXIT, type Io, UsageError } from '../io.js';
import { EXTERNAL_REFS_HELP, readServiceFiles, sendManifest } from './manifest-input.js';
import { previewGates } from './publish-gate.js';
import { publishPacts } from './publish-pact.js';
import {
  connectRegistry,
  PLAIN_FORMATS,
  type ReportFormat,
  readFormat,
  readRegistryArgs,
  registryHelp,
  rejectPositionals,
  requireOption,
  TOKEN_HELP,
} from './registry-options.js';
import { findRepositoryPath } from './repository-path.js';
import { findUnknownServices } from './service-names.js';
import { readWaiversOption, WAIVERS_HELP, warnExpiredWaivers, warnUncheckedRules } from './waivers-input.js';

const HELP = `Usage: overseer publish --version V [options]
       overseer publish --pact FILE... --version V [options]

Publishes a version of the service described by the manifest: the contract it provides and what it
uses of other services. The service's owners, Slack channel and repository are updated from the
manifest first. Publishing the same content again is a no-op ("unchanged"), except that a new
--branch is added to the version ("branch B added"); other content for a version already published
is a conflict. The manifest's path from the root of its git work tree goes with the version, so
that the gate's reasons about its uses say where each is declared (declared at web/overseer.yaml:9).
Waivers published with the version (--waivers) are kept with it: can-i-deploy lets through the
changes they accept, and its verdict lists them.

Once published, the gate is asked about the version in every environment (a read the audit trail does
not record), and each environment where can-i-deploy would refuse it gets a line: "1 change breaks
checkout-web in production: can-i-deploy will refuse; see overseer can-i-deploy ...". The publication
stands either way (exit 0). --format json prints the publication alone.

Options:
  --version V              the version: a git SHA or a semantic version (required)
  --manifest FILE          the service's manifest (default: overseer.yaml)
  --contract FILE          the contract to publish instead of the manifest's "provides"
${EXTERNAL_REFS_HELP}
  --branch B               the branch this version was built from
  --commit SHA             the commit this version was built from
${WAIVERS_HELP}
  --pact FILE...           publish the consumer each Pact file names (v2, v3, v4; several files or a
                           glob): its HTTP interactions become declarations, matched against each
                           provider's latest contracts; one that matches none (an unknown provider or
                           operation) is declared as written, so the gate refuses until it exists
  --format FORMAT          text | json (default: text)
${registryHelp(TOKEN_HELP.write)}

Exit codes: 0 published (created or unchanged), 2 not published (bad usage, unreadable manifest,
contract or waivers file, a conflict, a refused token, the registry unreachable).

Examples:
  overseer publish --version 1.4.0 --branch main --commit "$GITHUB_SHA"
  overseer publish --version "$GITHUB_SHA" --manifest services/users/overseer.yaml
  overseer publish --version 2.0.0 --waivers waivers.yaml
  OVERSEER_URL=https://overseer.acme.dev OVERSEER_TOKEN=... overseer publish --version 2.0.0
`;

export async function publishCommand(args: string[], io: Io): Promise<number> {
  const read = readRegistryArgs(args, io, HELP, {
    version: { type: 'string' },
    manifest: { type: 'string' },
    contract: { type: 'string' },
    'allow-external-refs': { type: 'boolean' },
    branch: { type: 'string' },
    commit: { type: 'string' },
    pact: { type: 'string', multiple: true },
    waivers: { type: 'string' },
  });
  if (!read) return EXIT.safe;
  const { values, positionals } = read;
  const version = requireOption(values.version, '--version');
  const format = readFormat(values.format, PLAIN_FORMATS);
  if (values.pact && values.waivers !== undefined) throw new UsageError('--waivers goes with a contract: give it without --pact');
  // `--pact pacts/*.json`: the shell expands the glob into several words after --pact, as the README writes it.
  if (values.pact) return publishFromPacts([...values.pact, ...positionals], { ...values, version }, format, io);
  rejectPositionals(positionals);
  // The waivers file first, as diff reads it: a bad one stops the publication before anything is sent.
  const waivers = await readWaiversOption(values.waivers, io.cwd);
  const files = await readServiceFiles(io.cwd, values.manifest ?? 'overseer.yaml', values.contract, values['allow-external-refs']);
  const { manifest } = files;
  const client = connectRegistry(values, io);
  // Asked before the publication registers it: a misspelled name would otherwise become a new service in silence.
  const [newService] = await findUnknownServices(client, [manifest.service]);
  const manifestFile = await findRepositoryPath(io.cwd, values.manifest ?? 'overseer.yaml');
  // The service travels with the version: the registry writes both or neither.
  const result = await sendManifest(client.baseUrl, () =>
    client.publish(manifest.service, {
      version,
      service: {
        owners: manifest.owners,
        ...(manifest.slack && { slack: manifest.slack }),
        ...(manifest.slackMention && { slackMention: manifest.slackMention }),
        ...(manifest.repository && { repository: manifest.repository }),
        ...(manifest.hosts && { hosts: manifest.hosts }),
      },
      ...(values.branch && { branch: values.branch }),
      ...(values.commit && { commit: values.commit }),
      ...(files.contract && { contract: files.contract.text, contractFile: files.contract.file }),
      manifest: files.manifestText,
      manifestFile,
      ...(waivers && waivers.length > 0 && { waivers }),
    }),
  );
  const file = values.manifest ?? 'overseer.yaml';
  const stored = manifest.providersAreApiNames ? await warnUnresolvedApis(client, manifest, version, file, io) : undefined;
  if (!stored) await warnUnknownProviders(client, manifest, file, io);
  warnUnowned(manifest, values.manifest ?? 'overseer.yaml', io);
  for (const line of warnExpiredWaivers(waivers ?? [], `${manifest.service} ${version}`, io.now?.() ?? Date.now())) io.stderr(line);
  for (const line of warnUncheckedRules(waivers ?? [])) io.stderr(line);
  if (newService?.guess !== undefined)
    io.stderr(
      `warning: ${values.manifest ?? 'overseer.yaml'}: ${manifest.service} is a new service, a typo away from ${newService.guess}: ` +
        `the consumers of ${newService.guess} do not judge it; correct "service:" if ${newService.guess} was meant\n`,
    );
  if (result.branchGuess !== undefined && values.branch !== undefined)
    io.stderr(
      `warning: branch '${values.branch}' is new, a typo away from ${result.branchGuess}: ${manifest.service} ${version} is not the latest ` +
        `on ${result.branchGuess} (check --branch ${result.branchGuess} and its notifications do not count it); if ${result.branchGuess} was meant, ` +
        `publish it again with --branch ${result.branchGuess}, which adds that branch\n`,
    );
  if (format === 'json') {
    io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    return EXIT.safe;
  }
  const hash = result.version.contractHash ? `contract sha256 ${result.version.contractHash.slice(0, 12)}` : 'no contract';
  // A Backstage API a service provides is shown as that service: `users-service (API users-api)`.
  const uses = (stored ?? manifest.declarations).map((d) => (d.api !== undefined && d.api !== d.provider ? `${d.provider} (API ${d.api})` : d.provider));
  const consumes = uses.length > 0 ? `uses ${uses.join(', ')}` : 'uses no other service';
  const word = describeStatus(result, values.branch);
  const waived = waivers && waivers.length > 0 ? `; ${waivers.length} waiver${waivers.length === 1 ? '' : 's'}` : '';
  io.stdout(`${word}: ${manifest.service} ${version} (${hash}; ${consumes}${waived})\n`);
  for (const w of result.warnings) io.stderr(`warning: ${files.contract?.file ?? 'contract'}${w.line ? `:${w.line}` : ''}: ${w.message}\n`);
  warnOtherCommit(result, manifest.service, version, values.commit, io);
  await previewGates(client, manifest.service, version, io);
  return EXIT.safe;
}

// Republishing the same content with a new --branch, or a manifest whose owners, slack, repository or hosts changed, does
// change something: "unchanged" there read as if the new hosts (say) had been dropped.
function describeStatus(result: { status: 'created' | 'unchanged'; branchAdded?: true; serviceUpdated?: true }, branch: string | undefined): string {
  if (result.status === 'created') return 'published';
  const added = [...(result.branchAdded ? [`branch ${branch} added`] : []), ...(result.serviceUpdated ? ['service description updated'] : [])];
  if (added.length > 0) return `${added.join(', ')} (already published with this content)`;
  return 'unchanged (already published with this content)';
}

/**
 * The same version again from another commit (a version name kept across commits, the content unchanged) keeps the
 * first commit: statuses and links name that one, and a branch protection rule waiting on the new commit waits on it.
 */
function warnOtherCommit(result: { status: string; version: { commit?: string } }, service: string, version: string, asked: string | undefined, io: Io) {
  const kept = result.version.commit;
  if (result.status !== 'unchanged' || asked === undefined || kept === undefined || kept === asked) return;
  io.stderr(
    `warning: ${service} ${version} was published from commit ${kept.slice(0, 12)} and keeps it: what Overseer says of this version ` +
      `(commit statuses, links) names that commit, not ${asked.slice(0, 12)}; publish a version per commit (--version "$GITHUB_SHA") to tell them apart\n`,
  );
}

/** A misspelled provider under `consumes:` is published as written, and the gate later refuses with "not deployed": say it now. */
async function warnUnknownProviders(client: RegistryClient, manifest: Manifest, file: string, io: Io) {
  const { service, declarations } = manifest;
  const unknown = await findUnknownServices(
    client,
    declarations.map((d) => d.provider),
  );
  for (const { name, guess } of unknown) {
    const hint = guess ? `${describeGuess(guess)} ` : ' (check the name, or publish it): ';
    io.stderr(
      `warning: ${file}: ${service} uses ${name}, which the registry does not know${hint}can-i-deploy refuses ${service} where ${name} is not deployed\n`,
    );
  }
}

/**
 * A Backstage `consumesApis` entry names an API (`users-api`): the registry resolves it to the service whose entity lists
 * it in `providesApis`. One no service provides (and no service is named) protects nothing until one does: say it now.
 * Returns the declarations as the registry stored them.
 */
async function warnUnresolvedApis(client: RegistryClient, manifest: Manifest, version: string, file: string, io: Io): Promise<Declaration[]> {
  const { service } = manifest;
  const stored = await client.getDeclarations(service, version);
  const unresolved = stored.filter((d) => d.api !== undefined && d.api === d.provider).map((d) => d.provider);
  for (const { name, guess } of await findUnknownServices(client, unresolved)) {
    io.stderr(
      `warning: ${file}: ${service} consumes the API ${name} (spec.consumesApis), which no service in the registry provides` +
        `${describeGuess(guess)}${guess ? ' No' : ': no'} provider's gate judges ${service} until one does, and can-i-deploy refuses ${service} ` +
        `naming ${name} as an API no service provides; publish the providing service's catalog-info.yaml with ${name} in spec.providesApis, ` +
        `or name the providing service in consumesApis\n`,
    );
  }
  return stored;
}

/**
 * Owners are whom the Action's pull-request comments and the Slack messages @-mention, and `slack:` is where this
 * service's messages go: without them a break, a refusal or a part ready to remove is announced to nobody.
 */
function warnUnowned(manifest: { service: string; owners: string[]; slack?: string }, file: string, io: Io, fromPact = false): void {
  if (manifest.owners.length > 0) return;
  const nowhere = manifest.slack
    ? ''
    : ', and with no slack: channel its notifications (version.breaking, gate.refused, deprecation.ready) reach no Slack channel';
  const add = manifest.slack ? 'owners: ["@acme/team"] (GitHub users or teams)' : 'owners: ["@acme/team"] (GitHub users or teams) and slack: "#team-alerts"';
  // A pact names no owners, and publishing a manifest for the consumer would publish its declarations as well.
  const how = fromPact
    ? `a Pact file cannot name them: set them in the registry (PUT /v1/services/${manifest.service} with ${manifest.slack ? '{"owners": [...]}' : '{"owners": [...], "slack": "#team-alerts"}'})`
    : `add ${add}`;
  const names = fromPact ? 'has no owners in the registry' : 'names no owners';
  io.stderr(
    `warning: ${file}: ${manifest.service} ${names}: pull-request comments and Slack messages about its breaking changes mention nobody${nowhere}; ${how}\n`,
  );
}

type PactOptions = { version: string; branch?: string; commit?: string; registry?: string; token?: string; manifest?: string; contract?: string };

async function publishFromPacts(files: string[], values: PactOptions, format: ReportFormat, io: Io): Promise<number> {
  if (values.manifest !== undefined || values.contract !== undefined)
    throw new UsageError('--pact publishes from Pact files: give it without --manifest or --contract');
  const client = connectRegistry(values, io);
  const published = await publishPacts(client, io.cwd, files, values);
  for (const { consumer, owners, slack, files: read } of published) warnUnowned({ service: consumer, owners, ...(slack && { slack }) }, read[0], io, true);
  if (format === 'json') {
    io.stdout(`${JSON.stringify(published, null, 2)}\n`);
    return EXIT.safe;
  }
  for (const { consumer, result, declarations, notices } of published) {
    const word = describeStatus(result, values.branch);
    // Several uses of one operation (interactions that read different fields) are one operation used.
    const operations = (d: Declaration) =>
      Array.isArray(d.uses) ? describeCount(new Set(d.uses.map((u) => u.operation)).size, 'operation') : 'all operations';
    const uses = declarations.map((d) => `${d.provider} (${operations(d)})`);
    io.stdout(`${word}: ${consumer} ${values.version} from Pact (${uses.length > 0 ? `uses ${uses.join(', ')}` : 'uses nothing the registry knows'})\n`);
    for (const n of notices) io.stderr(`notice: ${n.file ?? ''}: ${n.message}\n`);
    await previewGates(client, consumer, values.version, io);
  }
  return EXIT.safe;
}
