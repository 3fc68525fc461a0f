// `overseer consumers --service S`: who uses which operation and field of a service.

import type { ConsumerEntry, ConsumerListing, NamedUsage } from '../../contracts/index.js';
import { EXIT, type Io, UsageError } from '../io.js';
import { connectRegistry, readFormat, readRegistryCommand, registryHelp, requireOption, TOKEN_HELP } from './registry-options.js';
import { readAboutService } from './service-names.js';

const HELP = `Usage: overseer consumers --service S [--env ENV | --branch B] [options]

Lists the services that use S and what each uses: operations, and the parameters, request fields
and response fields it declares. Each operation is named METHOD /path as S's contract in the same
scope writes it (as "overseer usage" names it), with its operationId beside: GET /users/{id} [getUser].
A use read from a Pact file names the media types it is sent and read in where they narrow it
(read as application/hal+json): the gate counts it in those bodies only; a use expecting an error
status (a pact's 404, or a manifest's statuses: [404]) says it (on 404): its fields are read in that
response. An operation declared more than once (the 200's fields, the 404's message) is one line,
each declaration with the statuses it reads (on 2XX: response: id; on 404: response: message). A
consumer whose manifest names S by a near name no service has (user-service for users-service) is
listed too, with the name it wrote: the gate counts it as a consumer of S ("declaredAs" in JSON).

Options:
  --service S              the provider (required)
  --env ENV                the consumer versions deployed in ENV
                           (--environment, the old spelling, still works)
  --branch B               the latest consumer versions on branch B
                           (neither: the latest version of each consumer)
  --format FORMAT          text | json | markdown (default: text)
${registryHelp(TOKEN_HELP.read)}

Exit codes: 0 listed, 2 failed (unknown service, an environment never created or a branch nothing was
published on, bad usage, the registry unreachable).

Examples:
  overseer consumers --service users-service --env production
  overseer consumers --service users-service --format json
`;

export async function consumersCommand(args: string[], io: Io): Promise<number> {
  const values = readRegistryCommand(args, io, HELP, { service: { type: 'string' }, env: { type: 'string' }, branch: { type: 'string' } });
  if (!values) return EXIT.safe;
  const service = requireOption(values.service, '--service');
  if (values.env !== undefined && values.branch !== undefined) throw new UsageError('give --env or --branch, not both');
  const format = readFormat(values.format);
  const scope = { ...(values.env !== undefined && { environment: values.env }), ...(values.branch !== undefined && { branch: values.branch }) };
  const registry = connectRegistry(values, io);
  const listing = await readAboutService(registry, service, () => registry.consumers(service, scope));
  io.stdout(format === 'json' ? `${JSON.stringify(listing, null, 2)}\n` : format === 'markdown' ? formatMarkdown(listing) : formatText(listing));
  return EXIT.safe;
}

function describeScope(listing: ConsumerListing): string {
  if (listing.environment) return `deployed in ${listing.environment}`;
  return listing.branch ? `latest on ${listing.branch}` : 'latest versions';
}

/**
 * `GET /users/{id} [getUser] (response: id)`: METHOD /path as `overseer usage` and the dashboard show it, whatever the
 * consumer wrote, with the operationId beside it, since manifests often name it so; as written when the provider's
 * contract lacks it (or the registry is older and sends no label).
 */
function describeUsage(uses: readonly NamedUsage[], { provider, namedBy }: ConsumerListing): string {
  const [usage] = uses as [NamedUsage];
  const what = uses.length === 1 ? [...describeFields(usage), ...describeMediaTypes(usage)].join('; ') : uses.map(describeDeclaration).join('; ');
  if (usage.label === undefined) return `${usage.operation} (${what}${namedBy !== undefined ? `; not in ${provider} ${namedBy}` : ''})`;
  return `${usage.label}${usage.operationId !== undefined ? ` [${usage.operationId}]` : ''} (${what})`;
}

/**
 * One of several declarations of an operation (the 200's fields, the 404's message): each says the statuses it reads,
 * a plain one 2XX, as the dashboard's row and `overseer usage` say them.
 */
function describeDeclaration(usage: NamedUsage): string {
  const media = describeMediaTypes({ ...usage, statuses: undefined });
  return `on ${(usage.statuses ?? ['2XX']).join(', ')}: ${[...describeFields(usage), ...media].join(', ')}`;
}

/** The consumer's declarations grouped by the operation they name, in the order first declared: one line each. */
function groupByOperation(uses: readonly NamedUsage[]): NamedUsage[][] {
  const groups = new Map<string, NamedUsage[]>();
  for (const usage of uses) {
    const key = usage.label ?? usage.operation;
    groups.set(key, [...(groups.get(key) ?? []), usage]);
  }
  return [...groups.values()];
}

// An empty list (a Pact call that sends no parameter) says "none of these", not a list to print empty.
function describeFields(usage: NamedUsage): string[] {
  const lists = [
    ['params', usage.params],
    ['request', usage.request],
    ['response', usage.response],
  ] as const;
  if (lists.every(([, names]) => names === undefined)) return ['the whole operation'];
  const given = lists.filter(([, names]) => names !== undefined && names.length > 0).map(([kind, names]) => `${kind}: ${names!.join(', ')}`);
  return given.length > 0 ? given : ['the call alone: no parameter or field'];
}

// Media types from a Pact file narrow the use to those bodies; `*/*` (no Content-Type in the Pact) narrows nothing.
function describeMediaTypes(usage: NamedUsage): string[] {
  const narrowing = (types: string[] | undefined) => (types !== undefined && types.length > 0 && !types.includes('*/*') ? types : undefined);
  const sent = narrowing(usage.requestMediaTypes);
  const read = narrowing(usage.responseMediaTypes);
  // A pact expecting a success is read as any use is; one expecting an error reads that status's body only.
  const statuses = usage.statuses?.some((s) => !s.startsWith('2')) ? usage.statuses : undefined;
  return [sent && `sent as ${sent.join(', ')}`, read && `read as ${read.join(', ')}`, statuses && `on ${statuses.join(', ')}`].filter(
    (part) => part !== undefined,
  );
}

function describeUses(entry: ConsumerEntry, listing: ConsumerListing): string[] {
  return entry.uses === '*' ? ['everything it offers ("*")'] : groupByOperation(entry.uses).map((uses) => describeUsage(uses, listing));
}

/** Why a consumer that never wrote the provider's name is listed: the gate counts it, and its manifest wants fixing. */
function describeMisspelling(entry: ConsumerEntry, { provider }: ConsumerListing): string {
  if (entry.declaredAs === undefined) return '';
  return ` (its manifest names ${entry.declaredAs}, which no service is named: the gate counts it as a consumer of ${provider}; correct the manifest)`;
}

function formatText(listing: ConsumerListing): string {
  if (listing.consumers.length === 0) return `No consumers of ${listing.provider} (${describeScope(listing)}).\n`;
  const lines = [`Consumers of ${listing.provider} (${describeScope(listing)}):`];
  for (const entry of listing.consumers) {
    lines.push(`  ${entry.consumer} ${entry.version}${describeMisspelling(entry, listing)}`, ...describeUses(entry, listing).map((u) => `    ${u}`));
  }
  return `${lines.join('\n')}\n`;
}

function formatMarkdown(listing: ConsumerListing): string {
  const lines = [`### Consumers of \`${listing.provider}\` (${describeScope(listing)})`, ''];
  if (listing.consumers.length === 0) return `${lines.join('\n')}None.\n`;
  lines.push('| Consumer | Version | Uses |', '| --- | --- | --- |');
  for (const entry of listing.consumers) {
    lines.push(
      `| ${entry.consumer}${describeMisspelling(entry, listing)} | ${entry.version} | ${describeUses(entry, listing)
        .map((u) => u.replace(/\|/g, '\\|'))
        .join('<br>')} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
