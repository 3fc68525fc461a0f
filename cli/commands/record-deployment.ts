// `overseer record-deployment --service S --version V --env ENV [--rolling]`: tells the registry what now runs where.

import type { DeploymentResponse } from '../../contracts/index.js';
import { EXIT, type Io } from '../io.js';
import { connectRegistry, PLAIN_FORMATS, readFormat, readRegistryCommand, registryHelp, requireTarget, TOKEN_HELP } from './registry-options.js';
import { readAboutVersion } from './service-names.js';

const HELP = `Usage: overseer record-deployment --service S --version V --env ENV [options]

Records that a published version now runs in an environment, replacing every version of that service
deployed there before (the history is kept; supported releases stay). Recording a live version again
changes nothing. Run it after the deploy succeeded; run can-i-deploy before it.

With --rolling the version runs beside what runs there (a rolling deploy or a canary): the gate then
judges every live version, so a consumer needing what only the new version offers is refused until
the old one ends (record-undeployment, or record-deployment without --rolling at the end of the rollout).
For app versions in users' hands, use record-release.

A provider the version declares that has no version live in ENV is named in a warning on stderr (in
--format json, "warnings"): the deployment is recorded, since it happened, but its calls to that
provider will fail there. So is each use a live provider lacks (an operation, a field, a status),
naming the provider's version there, the operation and the field ("unmet" holds the gate's reasons),
and its owners and the provider's hear of it (the deployment.unmet event).

A deployment whose answer was lost on the way back (a dropped connection, a proxy's 502, 503 or 504)
is sent again with the same Idempotency-Key, which the registry remembers: the second sending is told
the first answer and records nothing, even if another deployment was recorded meanwhile. A registry
too old to remember keys is not sent it again: exit 2, saying where to look.

Options:
  --service S              the service (required)
  --version V              the published version (required)
  --env ENV                the environment, e.g. production (required; made once with overseer environment create)
  --rolling                run beside the versions live there instead of replacing them
  --format FORMAT          text | json (default: text)
${registryHelp(TOKEN_HELP.write)}

Exit codes: 0 recorded (or already current), 2 not recorded (unknown service, version or environment,
a refused token, bad usage, the registry unreachable).

Examples:
  overseer record-deployment --service users-service --version 1.4.0 --env production
  overseer record-deployment --service users-service --version 1.5.0 --env production --rolling
`;

export async function recordDeploymentCommand(args: string[], io: Io): Promise<number> {
  const values = readRegistryCommand(args, io, HELP, {
    service: { type: 'string' },
    version: { type: 'string' },
    env: { type: 'string' },
    rolling: { type: 'boolean' },
  });
  if (!values) return EXIT.safe;
  const request = {
    ...requireTarget(values),
    mode: values.rolling ? ('rolling' as const) : ('replace' as const),
  };
  const format = readFormat(values.format, PLAIN_FORMATS);
  const client = connectRegistry(values, io);
  const result = await readAboutVersion(client, request, () => client.recordDeployment(request));
  io.stdout(format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : describeRecorded(result));
  // Recorded all the same (it happened); exit 0, since recording is what was asked, and can-i-deploy is the gate.
  for (const w of result.warnings ?? []) io.stderr(`warning: ${w.message}\n`);
  return EXIT.safe;
}

/** One line a person reads: what is live now, and how. */
export function describeRecorded(result: DeploymentResponse): string {
  const d = result.deployment;
  const subject = `${d.service} ${d.version} in ${d.environment}`;
  const how = d.live === 'rolling' ? ' (rolling, beside the versions already live)' : d.live === 'released' ? ' (a supported release)' : '';
  return result.status === 'created' ? `recorded: ${subject}${how}\n` : `unchanged: ${subject} was already live${how}\n`;
}
