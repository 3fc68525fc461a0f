// `overseer can-i-deploy --service S --version V --env ENV`: asks the registry's gate about a published version.

import { addEmptyEnvironmentNotice, describeGuess, findSameVersion } from '../../contracts/index.js';
import { type RegistryClient, readDeploymentRecords } from '../client.js';
import { EXIT, type Io } from '../io.js';
import { connectRegistry, readFormat, readRegistryCommand, registryHelp, requireTarget, TOKEN_HELP } from './registry-options.js';
import { describeUnknownService, findUnknownServices } from './service-names.js';
import { exitCodeOf, formatVerdict, readVerdictAbout } from './verdict-output.js';

const HELP = `Usage: overseer can-i-deploy --service S --version V --env ENV [options]

Asks the registry whether a published version can be deployed to an environment now: as a provider,
it must not break any consumer deployed there (judged by the fields each one uses); as a consumer,
every provider it uses must be deployed there and offer what it uses. The question and the answer
are recorded in the registry's audit trail with who asked (the token's name, or anonymous); asking
the same again and getting the same answer within the registry's window is counted on that record.
A yes about an environment where no deployment is recorded judged nobody: the verdict says so in a
notice (environment-empty, in every format) naming the environments where services are recorded;
from an older registry that does not, the CLI looks itself and adds the same notice.

Options:
  --service S              the service (required)
  --version V              the published version (required)
  --env ENV                the environment, e.g. production (required; --to, the old spelling, still works)
  --format FORMAT          text | json | markdown (default: text)
${registryHelp(TOKEN_HELP.audited)}

Exit codes: 0 deployable, 1 refused (the reasons are printed), 2 undecided (the service or version is
not published, the environment was never created, bad usage, the registry unreachable or failing).
Never 0 unless the gate said yes.

Examples:
  overseer can-i-deploy --service users-service --version 2.0.0 --env production
  overseer can-i-deploy --service checkout-web --version "$GITHUB_SHA" --env staging --format markdown
`;

export async function canIDeployCommand(args: string[], io: Io): Promise<number> {
  const values = readRegistryCommand(args, io, HELP, { service: { type: 'string' }, version: { type: 'string' }, env: { type: 'string' } });
  if (!values) return EXIT.safe;
  const { service, version, environment } = requireTarget(values);
  const format = readFormat(values.format);
  const client = connectRegistry(values, io);
  const answer = await client.canIDeploy({ service, version, environment });
  const asked = readVerdictAbout(answer.verdict, client.baseUrl, 'POST /v1/can-i-deploy', { service, version, environment });
  const verdict = await addEmptyEnvironmentNotice(asked, environment, readDeploymentRecords(client), answer.given);
  io.stdout(formatVerdict(verdict, format));
  // "not known to the registry" reads as "not published yet"; a misspelled service deserves its own words. A registry
  // of round 27 on says them in the reason itself; an older one's reason still reads this way, so they are added here.
  if (verdict.reasons.some((r) => r.code === 'version-unknown' && r.message.includes('is not known to the registry'))) {
    const unknown = await findUnknownServices(client, [service]);
    for (const name of unknown) io.stderr(`${describeUnknownService(name)}\n`);
    if (unknown.length === 0) await noteNearVersion(client, service, version, io);
  }
  return exitCodeOf(verdict);
}

// `--version 1.1` for 1.1.0: the verdict says "not known"; the same version written otherwise is what was meant. Another
// number (9.0.0 where 1.0.0 is published) is another version, not a typo: nothing is guessed.
async function noteNearVersion(client: RegistryClient, service: string, version: string, io: Io): Promise<void> {
  const guess = findSameVersion(
    version,
    (await client.listVersions(service)).map((v) => v.version),
  );
  if (guess !== undefined) io.stderr(`unknown version ${version} of ${service}${describeGuess(`--version ${guess}`)}\n`);
}
