// `overseer token create --service S | --ingest`: the admin issues a token for one service, or one that may only post telemetry.

import { randomBytes } from 'node:crypto';
import { describeGuess, findNearestName } from '../../contracts/index.js';
import { parseCommandArgs } from '../args.js';
import { CommandError, EXIT, type Io, UsageError } from '../io.js';
import { connectRegistry, PLAIN_FORMATS, REGISTRY_FLAGS, readFormat, registryHelp, rejectPositionals, requireOption, TOKEN_HELP } from './registry-options.js';
import { describeUnknownService, findUnknownServices } from './service-names.js';

const HELP = `Usage: overseer token create (--service S | --ingest) [--name N] [options]
       overseer token list [options]
       overseer token revoke NAME [options]

Issues a token (admin token required, in --token or OVERSEER_TOKEN). With --service, the token may
only publish versions of S and record deployments of S; S need not be published yet, but a name a
typo away from a published service is warned about. With --ingest, it may only post OTLP exports
to /v1/traces and /v1/metrics: give it to an OpenTelemetry Collector. The token is printed once,
alone on stdout, so that it can be captured; the registry keeps only its SHA-256. list prints each
token's name, service, scope (service, ingest or admin) and creation time, never a token or its hash
(the admin token itself is configuration, and not listed), then, apart, the revoked tokens with
when and by whom. revoke NAME ends a token at once (a leaked one): every request presenting it is
refused from then on, told that the token was revoked; revoking it again says when and by whom.

Options:
  --service S              the service the token acts for
  --ingest                 a token for telemetry only, not for any service
  --name N                 a unique name for the token, shown in the audit trail
                           (default: S-<random>, or ingest-<random>)
  --format FORMAT          text | json (default: text)
${registryHelp(TOKEN_HELP.admin)}

The request carries an Idempotency-Key: when its answer is lost (a dropped connection, a proxy's
502, 503 or 504), it is sent again with the same key, and a registry that made the token the first
time makes no second one; that token cannot be shown again (only its hash is kept), so create says
so, names it, and exits 2: revoke it and create another. revoke is sent again the same way, and is
told it revoked the token, not that someone else had.

Exit codes: 0 issued, listed or revoked (revoked already included), 2 not (not the admin token, a
name already taken, a token made but its answer lost, no token of that name ever issued, bad usage,
the registry unreachable).

Examples:
  OVERSEER_TOKEN=$ADMIN_TOKEN overseer token create --service users-service --name users-ci
  gh secret set OVERSEER_TOKEN --body "$(overseer token create --service users-service)"
  overseer token create --ingest --name otel-collector
  overseer token list
  overseer token revoke users-ci
`;

export async function tokenCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    ...REGISTRY_FLAGS,
    service: { type: 'string' },
    ingest: { type: 'boolean' },
    name: { type: 'string' },
    format: { type: 'string' },
  });
  if (values.help) {
    io.stdout(HELP);
    return EXIT.safe;
  }
  const [action, ...extra] = positionals;
  if (action === 'revoke') return revokeToken(extra, values, io);
  if (action === 'list') return listTokens(extra, values, io);
  if (action !== 'create') {
    const guess = action === undefined ? undefined : findNearestName(action, ['create', 'list', 'revoke']);
    throw new UsageError(
      action === undefined
        ? 'say what to do: overseer token create --service S (or --ingest), overseer token list, or overseer token revoke NAME'
        : `unknown token action "${action}"${describeGuess(guess)} (create, list or revoke)`,
    );
  }
  rejectPositionals(extra, values.service === undefined && !values.ingest ? ['service'] : []);
  const ingest = values.ingest === true;
  if (ingest && values.service !== undefined) throw new UsageError('give --service S or --ingest, not both: an ingest token acts for no service');
  const service = ingest ? undefined : requireOption(values.service, '--service S (or --ingest)');
  const format = readFormat(values.format, PLAIN_FORMATS);
  const name = values.name ?? `${service ?? 'ingest'}-${randomBytes(3).toString('hex')}`;
  const client = connectRegistry(values, io);
  // A token for a service not yet published is how a new service starts; one a typo away from a known service is useless.
  const [unknown] = service === undefined ? [] : await findUnknownServices(client, [service]);
  const issued = await client.createToken(ingest ? { name, ingest } : { name, service }).catch((error: unknown) => failNotShown(error, name, service));
  if (format === 'json') {
    io.stdout(`${JSON.stringify(issued, null, 2)}\n`);
  } else {
    io.stdout(`${issued.token}\n`);
    const what = issued.scope === 'ingest' ? 'for telemetry only' : `for ${issued.service}`;
    io.stderr(`token "${issued.name}" ${what}: store it now, it is not shown again\n`);
  }
  if (unknown?.guess !== undefined)
    io.stderr(
      `warning: ${describeUnknownService(unknown)} This token may publish and deploy ${unknown.name} only, not ${unknown.guess}; ` +
        `issue another with --service ${unknown.guess} if that was meant\n`,
    );
  return EXIT.safe;
}

// Told only when this command's own sending was sent again after its answer was lost (its key is new to each command):
// the token exists, nobody has it, and its hash cannot give it back. Left alive, it is a secret no one can account for.
function failNotShown(error: unknown, name: string, service: string | undefined): never {
  if ((error as { code?: unknown }).code !== 'ERR_TOKEN_NOT_SHOWN') throw error;
  const again = service === undefined ? '--ingest' : `--service ${service}`;
  throw new CommandError(
    'ERR_TOKEN_NOT_SHOWN',
    `token "${name}" was created, but the registry's answer was lost on the way and the token with it: the registry keeps only ` +
      `its hash and cannot show it again, and nobody has seen it. Revoke it and create another: overseer token revoke ${name} && ` +
      `overseer token create ${again} --name ${name}`,
  );
}

// A leaked token is ended by its name, as it was issued: the options of create have no meaning here.
interface TokenValues {
  service?: string;
  ingest?: boolean;
  name?: string;
  registry?: string;
  token?: string;
}

async function revokeToken(words: string[], values: TokenValues, io: Io) {
  const [name, ...extra] = words;
  if (name === undefined) throw new UsageError('say which token: overseer token revoke NAME (the name it was created with)');
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  if (values.service !== undefined || values.ingest || values.name !== undefined)
    throw new UsageError("revoke takes the token's name alone: no --service, --ingest or --name");
  const registry = connectRegistry(values, io);
  const already = await registry.revokeToken(name).then(
    () => undefined,
    async (error: unknown) => {
      // A retried revoke, or a second admin's: the token is dead either way, and the registry says since when.
      if ((error as { code?: unknown }).code === 'ERR_TOKEN_REVOKED') return (error as Error).message;
      return failUnknown(error);
    },
  );
  io.stderr(already === undefined ? `revoked token "${name}": requests that present it are refused now\n` : `${already}\n`);
  return EXIT.safe;

  async function failUnknown(error: unknown): Promise<never> {
    if ((error as { code?: unknown }).code !== 'ERR_TOKEN_UNKNOWN') throw error;
    // A misspelt name leaves the leaked token working: name the one meant, or where the names are. A name that one
    // extends (`ci` beside `ci2`) is a sibling issued on purpose, not a typo. A token revoked before the registry kept
    // revoked tokens (store migration 24) is unknown too, so "never issued" would not be sure.
    const near = findNearestName(
      name,
      (await registry.listTokens()).map((t) => t.name),
    );
    const guess = near === undefined || near.startsWith(name) || name.startsWith(near) ? undefined : near;
    throw new CommandError(
      'ERR_TOKEN_UNKNOWN',
      `no token is named ${name}${describeGuess(guess)} (never issued, or revoked before this registry kept revoked tokens: overseer token list names those that work and those revoked)`,
    );
  }
}

// The admin looking for the token to revoke, or one nobody remembers issuing: names and rights, never secrets.
async function listTokens(words: string[], values: TokenValues & { format?: string }, io: Io) {
  if (words.length > 0) throw new UsageError(`unexpected argument "${words[0]}"`);
  if (values.service !== undefined || values.ingest || values.name !== undefined) throw new UsageError('list takes no --service, --ingest or --name');
  const format = readFormat(values.format, PLAIN_FORMATS);
  const registry = connectRegistry(values, io);
  const [tokens, revoked] = await Promise.all([registry.listTokens(), registry.listTokens(true)]);
  if (format === 'json') io.stdout(`${JSON.stringify({ tokens, revoked }, null, 2)}\n`);
  else if (tokens.length === 0) io.stdout(`no ${revoked.length === 0 ? 'token yet' : 'live token'}: overseer token create --service S (or --ingest)\n`);
  else io.stdout(alignColumns([['NAME', 'SERVICE', 'SCOPE', 'CREATED'], ...tokens.map((t) => [t.name, t.service ?? '-', t.scope, t.createdAt])]));
  // Apart, so that a name issued again is not read as the one revoked, nor a revoked name as one that works.
  if (format !== 'json' && revoked.length > 0) {
    const rows = revoked.map((t) => [t.name, t.service ?? '-', t.scope, t.createdAt, t.revokedAt ?? '', t.revokedBy ?? '']);
    io.stdout(`\nrevoked:\n${alignColumns([['NAME', 'SERVICE', 'SCOPE', 'CREATED', 'REVOKED', 'BY'], ...rows])}`);
  }
  return EXIT.safe;
}

function alignColumns(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  return rows.map((row) => `${row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ')}\n`).join('');
}
