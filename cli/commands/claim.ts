// `overseer claim host|api|repository NAME --service S`: the admin's way out of a squatted name. A host, an API name or
// a repository goes to the first service that lists it; this gives it to the one it belongs to (or shares a repository).

import { describeGuess, findNearestName, type MovedClaim } from '../../contracts/index.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, type Io, UsageError } from '../io.js';
import { connectRegistry, PLAIN_FORMATS, REGISTRY_FLAGS, readFormat, registryHelp, requireOption, TOKEN_HELP } from './registry-options.js';

const HELP = `Usage: overseer claim host HOST --service S [options]
       overseer claim api NAME --service S [options]
       overseer claim repository OWNER/REPO --service S [--share] [options]

Gives a host (a manifest's hosts:) or a Backstage API name (spec.providesApis) to service S, taking
it from the service that holds it (admin token required). Each names one service, and the first
service to list it holds it: when another service took one that is S's, S's publication is refused
(409 ERR_SERVICE_HOST_TAKEN or ERR_API_TAKEN) until the admin moves it here. The holder loses it
at once, its next publication listing it is refused in turn, and for an API name the consumers that
declared it now use S. The registry logs each move with the token's name. Remove the name from the
holder's manifest too, or its publications keep failing.

A repository (a manifest's repository:, where commit statuses go) is the first service's to name it
too: another service naming it is refused (409 ERR_REPOSITORY_TAKEN). claim repository gives it to S,
and the services naming it lose it; with --share they keep it beside S, for services built from one
repository (a monorepo), each with its own status context.

Options:
  --service S              the service that holds the name from now on (required)
  --share                  a repository only: S names it beside the services that do
  --format FORMAT          text | json (default: text)
${registryHelp(TOKEN_HELP.admin)}

Exit codes: 0 moved or shared (or S held it already), 2 not (not the admin token, an unknown service, a
service's name given as an API name, bad usage, the registry unreachable).

Examples:
  overseer claim host users.internal --service users-service
  overseer claim api users-api --service users-service
  overseer claim repository acme/platform --service orders-service --share
`;

const KINDS = ['host', 'api', 'repository'] as const;
const PLACEHOLDERS = { host: 'HOST', api: 'NAME', repository: 'OWNER/REPO' } as const;

export async function claimCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    ...REGISTRY_FLAGS,
    service: { type: 'string' },
    share: { type: 'boolean' },
    format: { type: 'string' },
  });
  if (values.help) {
    io.stdout(HELP);
    return EXIT.safe;
  }
  const [kind, name, ...extra] = positionals;
  if (kind !== 'host' && kind !== 'api' && kind !== 'repository') {
    const guess = kind === undefined ? undefined : findNearestName(kind, [...KINDS]);
    throw new UsageError(
      kind === undefined
        ? 'say what to give: overseer claim host HOST, claim api NAME or claim repository OWNER/REPO, with --service S'
        : `unknown kind of claim "${kind}"${describeGuess(guess)} (host, api or repository)`,
    );
  }
  if (name === undefined) throw new UsageError(`name the ${kind}: overseer claim ${kind} ${PLACEHOLDERS[kind]} --service S`);
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  if (values.share && kind !== 'repository') throw new UsageError('--share is for a repository, which services built from one may share');
  if (kind === 'repository' && !/^[^/]+\/[^/]+$/.test(name)) throw new UsageError(`"${name}" is not OWNER/REPO (acme/users-service)`);
  const service = requireOption(values.service, '--service S');
  const format = readFormat(values.format, PLAIN_FORMATS);
  const moved = await connectRegistry(values, io).moveClaim(kind, name, service, values.share === true);
  if (format === 'json') io.stdout(`${JSON.stringify(moved, null, 2)}\n`);
  else io.stdout(`${describeMoved(moved)}\n`);
  return EXIT.safe;
}

function describeMoved({ kind, name, to, from, status }: MovedClaim): string {
  if (status === 'unchanged') return `unchanged: ${kind} ${name} is ${to}'s already`;
  if (status === 'shared') return `shared: ${kind} ${name} is ${to}'s now too, beside ${from}`;
  return `moved: ${kind} ${name} is ${to}'s now${from === null ? ' (no service held it)' : `, taken from ${from}`}`;
}
