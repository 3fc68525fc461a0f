// `overseer usage --service S`: what S uses (or, with --as-provider, who uses S), declared against observed in traces.

import type { UsageEntry, UsageListing } from '../../contracts/index.js';
import { describeGuess, findNearestName } from '../../contracts/index.js';
import { oneOf } from '../args.js';
import { EXIT, type Io } from '../io.js';
import { connectRegistry, readRegistryCommand, registryHelp, requireOption, TOKEN_HELP } from './registry-options.js';
import { readAboutService } from './service-names.js';

const HELP = `Usage: overseer usage --service S [--env ENV] [--as-provider] [options]

Lists each use of another service by S, marked declared (manifest, catalog, Pact) and observed (calls
seen in OpenTelemetry traces within the registry's window): "observed, not declared" is a use the gate
counts that nobody wrote down; "declared, never observed" may be dead. Which of them the gate counts is the
registry's OVERSEER_USAGE: under "declared" calls seen in traces do not count, under "observed" declarations
never seen called do not, and each such use is marked "not counted" (JSON: "policy"). With --env, a consumer
seen calling that has no version live there is marked: the gate does not count its calls. A caller
the registry does not know (a misspelled service.name in its spans) is marked so, with the nearest
known service. --format json marks them the same way: "unregistered": true (with "didYouMean"), or "notLiveIn": E.
With --as-provider, a consumer whose manifest names S by a near name no service has (user-service for
users-service) is listed too, as the gate counts it as a consumer of S, marked with the name it wrote
("declaredAs" in JSON); without it, a provider S declares under such a name is marked with the service the
gate counts those uses against ("countedAs" in JSON), and one no service is named at all (not published
yet: can-i-deploy refuses S wherever it does not run) says so ("unregistered": true in JSON).
A declared use that reads an error's body says its statuses ("declared (on 404)"; JSON: "statuses"), and one
whose declarations all name media types says them ("sent as", "read as"; JSON: "requestMediaTypes",
"responseMediaTypes"). A consumer with several versions live (two releases, a rollout) has each use once.
Calls of a caller's version that the environment replaced are left out, as the gate leaves them out, and a
"notice:" line (JSON: "notices") says how many and why; a replaced version still seen calling is counted, and said.

Options:
  --service S              the service (required)
  --env ENV                declarations of the versions deployed in ENV, and calls seen in ENV
                           (--environment, the old spelling, still works)
                           (default: the latest versions, and calls seen anywhere)
  --as-provider            list who uses S instead of what S uses
  --format FORMAT          text | json (default: text)
${registryHelp(TOKEN_HELP.read)}

Exit codes: 0 listed, 2 failed (unknown service, an environment never created, bad usage, the registry
unreachable).

Examples:
  overseer usage --service checkout-web --env production
  overseer usage --service users-service --as-provider --format json
`;

export async function usageCommand(args: string[], io: Io): Promise<number> {
  const values = readRegistryCommand(args, io, HELP, { service: { type: 'string' }, env: { type: 'string' }, 'as-provider': { type: 'boolean' } });
  if (!values) return EXIT.safe;
  const service = requireOption(values.service, '--service');
  const format = oneOf(values.format, ['text', 'json'] as const, '--format', 'text');
  const registry = connectRegistry(values, io);
  const listing = await readAboutService(registry, service, () =>
    registry.usage(service, {
      ...(values.env !== undefined && { environment: values.env }),
      asProvider: values['as-provider'] === true,
    }),
  );
  // The gate counts the calls of consumers live in the environment only: one seen calling but live nowhere there is named.
  const live = listing.environment !== undefined ? new Set((await registry.currentDeployments(listing.environment)).map((d) => d.service)) : undefined;
  const known = (await registry.listServices()).map((s) => s.name);
  // The callers of S are checked against the registered names; the providers S names, when it is S that is asked about.
  const callers = { ...(live && { live }), ...(listing.provider !== undefined && { known }) };
  const marked = listing.provider === undefined ? markUnknownProviders(listing, known) : listing;
  io.stdout(format === 'json' ? `${JSON.stringify(markCallers(marked, callers), null, 2)}\n` : formatText(marked, callers));
  return EXIT.safe;
}

interface Callers {
  /** The services live in the listing's environment. */
  live?: ReadonlySet<string>;
  /** Every service the registry knows: a caller outside it is a span's service.name that names none. */
  known?: readonly string[];
}

/** Why the gate does not count a caller's calls: not a registered service (with the name a typo away), or not live. */
function findUncounted(name: string, { live, known }: Callers): { unregistered: true; didYouMean?: string } | { notLive: true } | undefined {
  if (known && !known.includes(name)) {
    const guess = findNearestName(name, known);
    return { unregistered: true, ...(guess && { didYouMean: guess }) };
  }
  return live && !live.has(name) ? { notLive: true } : undefined;
}

/** The same marks as the text, for scripts: `unregistered` (and `didYouMean`), or `notLiveIn`, on a caller the gate does not count. */
function markCallers(listing: UsageListing, callers: Callers): UsageListing {
  const mark = (name: string) => {
    const why = findUncounted(name, callers);
    if (why === undefined) return {};
    return 'notLive' in why ? { notLiveIn: listing.environment } : why;
  };
  if (listing.provider === undefined) return { ...listing, ...mark(listing.consumer ?? '') };
  return { ...listing, uses: listing.uses.map((entry) => ({ ...entry, ...mark(entry.consumer ?? '') })) };
}

/**
 * A provider S declares uses of that no service is named, and none a typo away (those carry `countedAs`): not published yet, so
 * every gate S faces refuses it where that provider does not run. Marked `unregistered` for scripts, as a caller is.
 */
function markUnknownProviders(listing: UsageListing, known: readonly string[]): UsageListing {
  // Declared: calls seen in traces to a name no service has are no use the gate judges S by.
  const declaredUnknown = (e: UsageEntry) => e.declared && e.provider !== undefined && e.countedAs === undefined && !known.includes(e.provider);
  const names = new Set(listing.uses.filter(declaredUnknown).map((e) => e.provider));
  if (names.size === 0) return listing;
  return { ...listing, uses: listing.uses.map((e) => (names.has(e.provider) ? { ...e, unregistered: true } : e)) };
}

function describeUnknownProvider(entry: UsageEntry & { unregistered?: true }, listing: UsageListing): string {
  if (entry.unregistered !== true) return '';
  return ` (no service is named ${entry.provider}: publish it; until it runs where ${listing.consumer} goes, can-i-deploy refuses ${listing.consumer} there)`;
}

// The registry names the service the gate counts a misspelled provider's uses against (`countedAs`).
function describeCountedAs(entry: UsageEntry): string {
  if (entry.countedAs === undefined) return '';
  return ` (no service is named ${entry.provider}: the gate counts these uses as uses of ${entry.countedAs}; correct the manifest)`;
}

function describeUncounted(name: string, listing: UsageListing, callers: Callers): string {
  const why = findUncounted(name, callers);
  if (why === undefined) return '';
  if ('notLive' in why) return ` (not live in ${listing.environment}: the gate does not count these calls)`;
  const fix = why.didYouMean ? `${describeGuess(why.didYouMean)} Check` : ': publish it, or check';
  return ` (not a registered service${fix} service.name in its spans; the gate does not count these calls)`;
}

// Each line says declared and observed once, in the words of the help and of the dashboard's marks; a use the
// registry's policy leaves out of the gate says so, or "observed, not declared" would read as a block that is not one.
function describeEntry(entry: UsageEntry, policy: UsageListing['policy']): string {
  const seen = entry.observed && `${entry.observed.count}x, last ${entry.observed.lastSeen}`;
  if (!entry.declared) {
    const notes = [seen, policy === 'declared' && `${NOT_COUNTED}declared`].filter((n) => typeof n === 'string');
    return `${entry.operation}: observed, not declared${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`;
  }
  const declared = `${entry.operation}: declared${describeNarrowing(entry)}`;
  if (seen) return `${declared}, observed ${seen}`;
  return `${declared}, never observed${policy === 'observed' ? ` (${NOT_COUNTED}observed)` : ''}`;
}

// What the declarations narrow the use to, in the words of `overseer consumers` and of the dashboard: a provider's
// owner sees that this consumer reads the 404's body, or JSON only.
function describeNarrowing(entry: UsageEntry): string {
  const parts = [
    entry.statuses && `on ${entry.statuses.join(', ')}`,
    entry.requestMediaTypes && `sent as ${entry.requestMediaTypes.join(', ')}`,
    entry.responseMediaTypes && `read as ${entry.responseMediaTypes.join(', ')}`,
  ].filter((p) => p !== undefined);
  return parts.length > 0 ? ` (${parts.join('; ')})` : '';
}

// The gate counts a consumer whose manifest names the provider a typo away as the provider's: so does "who uses me".
function describeMisspelling(entry: UsageEntry, listing: UsageListing): string {
  if (entry.declaredAs === undefined) return '';
  return ` (its manifest names ${entry.declaredAs}, which no service is named: the gate counts it as a consumer of ${listing.provider}; correct the manifest)`;
}

const NOT_COUNTED = 'not counted: the registry runs with OVERSEER_USAGE=';

// The calls left out (or counted though their version was replaced) follow the uses, in the gate's words.
function formatText(listing: UsageListing, callers: Callers): string {
  const notices = (listing.notices ?? []).map((n) => `notice: ${n.message}\n`).join('');
  return formatUses(listing, callers) + notices;
}

function formatUses(listing: UsageListing, callers: Callers): string {
  const where = listing.environment ? ` in ${listing.environment}` : '';
  const asProvider = listing.provider !== undefined;
  const notLive = (consumer: string) => describeUncounted(consumer, listing, callers);
  const title = asProvider ? `Uses of ${listing.provider}${where}:` : `What ${listing.consumer} uses${where}${notLive(listing.consumer ?? '')}:`;
  if (listing.uses.length === 0) return `${title} none.\n`;
  const lines = [title];
  let group: string | undefined;
  for (const entry of listing.uses) {
    const name = (asProvider ? entry.consumer : entry.provider) ?? '';
    // A consumer's uses under the name it misspells are a group of their own: that manifest is the one to correct.
    const key = `${name}\u0000${entry.declaredAs ?? ''}`;
    const marks = asProvider
      ? `${describeMisspelling(entry, listing)}${notLive(name)}`
      : `${describeCountedAs(entry)}${describeUnknownProvider(entry, listing)}`;
    if (key !== group) lines.push(`  ${name}${marks}`);
    group = key;
    lines.push(`    ${describeEntry(entry, listing.policy)}`);
  }
  return `${lines.join('\n')}\n`;
}
