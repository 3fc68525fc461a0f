// `overseer claim host HOST --service S` / `overseer claim api NAME --service S`: the admin's way out of a squatted
// name. A host or an API name goes to the first service that lists it; this gives it to the one it belongs to.

import { describeGuess, findNearestName } from '../../contracts/index.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, type Io, UsageError } from '../io.js';
import { connectRegistry, PLAIN_FORMATS, REGISTRY_FLAGS, readFormat, registryHelp, requireOption, TOKEN_HELP } from './registry-options.js';

const HELP = `Usage: overseer claim host HOST --service S [options]
       overseer claim api NAME --service S [options]

Gives a host (a manifest's hosts:) or a Backstage API name (spec.providesApis) to service S, taking
it from the service that holds it (admin token required). Each names one service, and the first
service to list it holds it: when another service took one that is S's, S's publication is refused
(409 ERR_SERVICE_HOST_TAKEN or ERR_API_TAKEN) until the admin moves it here. The holder loses it
at once, its next publication listing it is refused in turn, and for an API name the consumers that
declared it now use S. The registry logs each move with the token's name. Remove the name from the
holder's manifest too, or its publications keep failing.

Options:
  --service S              the service that holds the name from now on (required)
  --format FORMAT          text | json (default: text)
${registryHelp(TOKEN_HELP.admin)}

Exit codes: 0 moved (or S held it already), 2 not (not the admin token, an unknown service, a
service's name given as an API name, bad usage, the registry unreachable).

Examples:
  overseer claim host users.internal --service users-service
  overseer claim api users-api --service users-service
`;

const KINDS = ['host', 'api'] as const;

export async function claimCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { ...REGISTRY_FLAGS, service: { type: 'string' }, format: { type: 'string' } });
  if (values.help) {
    io.stdout(HELP);
    return EXIT.safe;
  }
  const [kind, name, ...extra] = positionals;
  if (kind !== 'host' && kind !== 'api') {
    const guess = kind === undefined ? undefined : findNearestName(kind, [...KINDS]);
    throw new UsageError(
      kind === undefined
        ? 'say what to give: overseer claim host HOST --service S, or overseer claim api NAME --service S'
        : `unknown kind of claim "${kind}"${describeGuess(guess)} (host or api)`,
    );
  }
  if (name === undefined) throw new UsageError(`name the ${kind}: overseer claim ${kind} ${kind === 'host' ? 'HOST' : 'NAME'} --service S`);
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const service = requireOption(values.service, '--service S');
  const format = readFormat(values.format, PLAIN_FORMATS);
  const moved = await connectRegistry(values, io).moveClaim(kind, name, service);
  if (format === 'json') io.stdout(`${JSON.stringify(moved, null, 2)}\n`);
  else if (moved.status === 'unchanged') io.stdout(`unchanged: ${kind} ${moved.name} is ${moved.to}'s already\n`);
  else io.stdout(`moved: ${kind} ${moved.name} is ${moved.to}'s now${moved.from === null ? ' (no service held it)' : `, taken from ${moved.from}`}\n`);
  return EXIT.safe;
}
