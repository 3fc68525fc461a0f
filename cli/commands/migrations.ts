// `overseer migrations --service S [--env ENV]`: the deprecated parts of a provider, who still uses them
// where, and which are ready to remove: the path from a refused removal to a deployable one.

import { describeMigrationPart, type Migration } from '../../contracts/index.js';
import { EXIT, type Io } from '../io.js';
import { connectRegistry, readFormat, readRegistryCommand, registryHelp, requireOption, TOKEN_HELP } from './registry-options.js';
import { readAboutService } from './service-names.js';

const HELP = `Usage: overseer migrations --service S [--env ENV] [options]

Lists every deprecated part (an operation, a parameter, a request or response field) of the contract
of S deployed in each environment, since which version it is deprecated, its sunset, the consumers
deployed there that still use it (declared, or observed in traces as the gate counts them, marked
"seen calling it in traces, not declared" when only traces show it; under OVERSEER_USAGE=declared,
callers seen in traces are not counted, and named as such; a consumer whose manifest misspells S, which
the gate counts as a consumer of S, counts here too, marked with the name it wrote: "declaredAs" in JSON), who
moved off it (seen calling it in traces only from a version replaced there since: which version, what replaced it
and when), and whether it is ready to remove (no consumer uses it there: its removal passes the gate). The registry
sends a deprecation.ready notification to the owners of S when a part becomes ready.

Options:
  --service S              the provider (required)
  --env ENV                only this environment (default: every environment S is deployed in)
                           (--environment, the old spelling, still works)
  --format FORMAT          text | json | markdown (default: text)
${registryHelp(TOKEN_HELP.read)}

Exit codes: 0 listed, 2 failed (unknown service, an environment never created, bad usage, the registry
unreachable).

Examples:
  overseer migrations --service users-service --env production
  overseer migrations --service users-service --format json
`;

export async function migrationsCommand(args: string[], io: Io): Promise<number> {
  const values = readRegistryCommand(args, io, HELP, { service: { type: 'string' }, env: { type: 'string' } });
  if (!values) return EXIT.safe;
  const service = requireOption(values.service, '--service');
  const format = readFormat(values.format);
  const scope = values.env !== undefined ? { environment: values.env } : {};
  const registry = connectRegistry(values, io);
  const { migrations } = await readAboutService(registry, service, () => registry.migrations(service, scope));
  if (format === 'json') io.stdout(`${JSON.stringify({ migrations }, null, 2)}\n`);
  else if (migrations.length === 0 && values.env !== undefined && !(await isLiveIn(registry, service, values.env)))
    io.stdout(await describeNotDeployed(registry, service, values.env));
  else io.stdout(format === 'markdown' ? formatMarkdown(service, migrations, values.env) : formatText(service, migrations, values.env));
  return EXIT.safe;
}

type Registry = ReturnType<typeof connectRegistry>;

const isLiveIn = async (registry: Registry, service: string, environment: string) =>
  (await registry.currentDeployments(environment)).some((d) => d.service === service);

// "No deprecated part is deployed in staging" read as if the service ran there with none: where it runs is the answer.
async function describeNotDeployed(registry: Registry, service: string, environment: string): Promise<string> {
  const others = (await registry.listEnvironments()).map((e) => e.name).filter((name) => name !== environment);
  const live = [];
  for (const name of others) if (await isLiveIn(registry, service, name)) live.push(name);
  const where = live.length > 0 ? `it runs in ${live.join(', ')}` : 'it runs nowhere yet';
  return (
    `${service} is not deployed in ${environment}: nothing of it runs there to migrate (${where}).\n` +
    'A part is listed once a version whose contract deprecates it is recorded deployed there.\n'
  );
}

function describeState(m: Migration, service: string): string {
  const since = `deprecated since ${m.deprecatedIn}${m.sunset ? `, sunset ${m.sunset}` : ''}`;
  const state = m.ready ? `${since}; ready to remove: no consumer there uses it` : `${since}; still used by ${describeUsers(m, service)}`;
  return `${state}${describeUncounted(m)}`;
}

// Ready for the gate is not unused: the callers it leaves out under OVERSEER_USAGE=declared would break all the same.
function describeUncounted(m: Migration): string {
  if (!m.uncounted) return '';
  return ` (${m.uncounted.join(', ')} seen calling it in traces: not counted, the registry runs with OVERSEER_USAGE=declared)`;
}

// A consumer counted from traces declares nothing of the part: its owners would search their manifest in vain.
function describeUsers(m: Migration, service: string): string {
  const observed = new Set(m.observed ?? []);
  // When it was last seen says how long its calls keep the part in use (they count until they leave the window).
  const seen = (u: string) => (m.lastSeen?.[u] ? `, last ${m.lastSeen[u]}` : '');
  return m.users
    .map((u) => (observed.has(u) ? `${u} (seen calling it in traces${seen(u)}, not declared)` : `${u}${describeMisspelling(m, u, service)}`))
    .join(', ');
}

// Its owners would search their manifest for the service's name in vain: it is written otherwise there.
function describeMisspelling(m: Migration, consumer: string, service: string): string {
  const written = m.declaredAs?.[consumer];
  if (written === undefined) return '';
  return ` (its manifest names ${written}, which no service is named: the gate counts it as a consumer of ${service}; correct the manifest)`;
}

// Who moved off the part, seen in traces: the version that called it, what replaced it there, and when.
function describeMoved(m: Migration): string | undefined {
  if (!m.moved) return undefined;
  const to = (v: { to: string[] }) => (v.to.length > 0 ? `replaced by ${v.to.join(', ')}` : 'undeployed');
  return `moved off it: ${m.moved.map((v) => `${v.consumer} (${v.from} ${to(v)} on ${v.since}; last call ${v.lastSeen})`).join(', ')}`;
}

// Migrations are read from what runs: a provider who just published the deprecating version expects to see it listed.
const NOT_YET = 'A part is listed once a version whose contract deprecates it is recorded deployed: publishing it is not enough.';

function formatText(service: string, migrations: Migration[], environment?: string): string {
  if (migrations.length === 0) return `No deprecated part of ${service} is deployed ${environment ? `in ${environment}` : 'anywhere'}.\n${NOT_YET}\n`;
  const lines = [`Migrations of ${service}:`];
  for (const m of migrations) {
    lines.push(`  [${m.environment}] ${describeMigrationPart(m)}`, `    ${describeState(m, service)}`);
    const moved = describeMoved(m);
    if (moved) lines.push(`    ${moved}`);
  }
  return `${lines.join('\n')}\n`;
}

function formatMarkdown(service: string, migrations: Migration[], environment?: string): string {
  // The text's hint too: `--format markdown` in a job summary left the announcement looking lost, as the text no longer does.
  if (migrations.length === 0) return `No deprecated part of \`${service}\` is deployed ${environment ? `in ${environment}` : 'anywhere'}.\n\n${NOT_YET}\n`;
  const rows = migrations.map(
    (m) =>
      `| ${m.environment} | \`${describeMigrationPart(m)}\` | ${m.deprecatedIn} | ${m.sunset ?? ''} | ${describeUsers(m, service) || '—'}${describeUncounted(m)}${m.moved ? `; ${describeMoved(m)}` : ''} | ${m.ready ? 'yes' : 'no'} |`,
  );
  return [
    `### Migrations of \`${service}\``,
    '',
    '| environment | part | deprecated in | sunset | still used by | ready |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
