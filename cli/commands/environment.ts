// `overseer environment create NAME | list | show NAME`: environments are made on purpose, so a typo in a deploy is an
// error; `show` says what runs in one, as the dashboard's environments page and the API do.

import { describeGuess, findNearestName, type RegistryDeployment } from '../../contracts/index.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, type Io, UsageError } from '../io.js';
import { connectRegistry, PLAIN_FORMATS, REGISTRY_FLAGS, readFormat, registryHelp, TOKEN_HELP } from './registry-options.js';

const HELP = `Usage: overseer environment create NAME [options]
       overseer environment list [options]
       overseer environment show NAME [options]

Environments are created once, before anything is deployed there: record-deployment and
can-i-deploy refuse an environment that was never created (exit 2), so a misspelled name is caught
instead of becoming a new, empty environment where every deploy looks safe; creating a name a typo
away from a known one is warned about. Creating needs the admin
token when the registry has tokens; creating one that exists changes nothing.

show lists what is live in NAME now, by service: every version and how it is live there (deployed,
rolling beside another during a rollout, or a release still supported), with when it was recorded:
the versions the gate counts there.

Options:
  --format FORMAT          text | json (default: text)
${registryHelp(TOKEN_HELP.adminToCreate)}

Exit codes: 0 done, 2 not done (an invalid name, an environment never created, not the admin token, bad
usage, the registry unreachable).

Examples:
  overseer environment create production
  overseer environment list
  overseer environment show production --format json
`;

const ACTIONS = ['create', 'list', 'show'];

export async function environmentCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { ...REGISTRY_FLAGS, format: { type: 'string' } });
  if (values.help) {
    io.stdout(HELP);
    return EXIT.safe;
  }
  const [action, ...rest] = positionals;
  // `overseer environment create "$ENV"` with the variable unset: said here, as an empty flag value is, not as the
  // registry's refusal of a name's characters.
  if ((action === 'create' || action === 'show') && rest.length === 1 && rest[0]!.trim() === '')
    throw new UsageError(`the environment's name is empty (a variable that is not set?): overseer environment ${action} NAME`);
  const format = readFormat(values.format, PLAIN_FORMATS);
  const registry = connectRegistry(values, io);
  if (action === 'list') {
    if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
    const environments = await registry.listEnvironments();
    if (format === 'json') io.stdout(`${JSON.stringify({ environments }, null, 2)}\n`);
    else io.stdout(environments.length === 0 ? 'no environment yet: overseer environment create NAME\n' : environments.map((e) => `${e.name}\n`).join(''));
    return EXIT.safe;
  }
  if (action === 'show') {
    if (rest.length !== 1) throw new UsageError('name one environment: overseer environment show NAME');
    const deployments = await registry.currentDeployments(rest[0]);
    io.stdout(format === 'json' ? `${JSON.stringify({ environment: rest[0], deployments }, null, 2)}\n` : describeLive(rest[0], deployments));
    return EXIT.safe;
  }
  if (action !== 'create')
    throw new UsageError(
      action === undefined
        ? 'say what to do: overseer environment create NAME, list, or show NAME'
        : `unknown environment action "${action}"${describeGuess(findNearestName(action, ACTIONS))} (create, list or show)`,
    );
  if (rest.length !== 1) throw new UsageError('name one environment: overseer environment create NAME');
  // Read before creating: once created, the typo is among the known names and resembles itself.
  const known = (await registry.listEnvironments()).map((e) => e.name);
  const result = await registry.createEnvironment(rest[0]);
  if (format === 'json') io.stdout(`${JSON.stringify(result, null, 2)}\n`);
  else
    io.stdout(result.status === 'created' ? `created environment ${result.environment.name}\n` : `unchanged: environment ${result.environment.name} exists\n`);
  const near = result.status === 'created' ? findNearestName(rest[0], known) : undefined;
  // Created all the same (staging-2 beside staging is a real need), but a deploy recorded in the typo is judged apart.
  if (near !== undefined)
    io.stderr(
      `warning: ${rest[0]} is a new environment, a typo away from ${near}: what is deployed in ${near} does not count in ${rest[0]}; ` +
        `if ${near} was meant, it exists already\n`,
    );
  return EXIT.safe;
}

/** `users-service 1.2.0 deployed since 2026-12-07 10:25 UTC`, a line per live version, by service. */
function describeLive(environment: string, deployments: readonly RegistryDeployment[]): string {
  if (deployments.length === 0) return `Nothing is live in ${environment} yet: overseer record-deployment --service S --version V --env ${environment}\n`;
  const services = new Set(deployments.map((d) => d.service)).size;
  const width = Math.max(...deployments.map((d) => `${d.service} ${d.version}`.length));
  const lines = deployments.map((d) => `  ${`${d.service} ${d.version}`.padEnd(width)}  ${d.live} since ${d.deployedAt.slice(0, 16).replace('T', ' ')} UTC`);
  const count = `${services} service${services === 1 ? '' : 's'}, ${deployments.length} version${deployments.length === 1 ? '' : 's'}`;
  return `Live in ${environment} (${count}):\n${lines.join('\n')}\n`;
}
