// `overseer record-deployment --service S --version V --env ENV`: tells the registry what now runs where.

import { parseCommandArgs } from '../args.js';
import { EXIT, type Io } from '../io.js';
import { connectRegistry, REGISTRY_FLAGS, REGISTRY_HELP, readFormat, rejectPositionals, requireOption } from './registry-options.js';

const HELP = `Usage: overseer record-deployment --service S --version V --env ENV [options]

Records that a published version now runs in an environment, replacing the version of that service
deployed there before (the history is kept). Recording the current version again changes nothing.
Run it after the deploy succeeded; run can-i-deploy before it.

Options:
  --service S              the service (required)
  --version V              the published version (required)
  --env ENV                the environment, e.g. production (required; made once with overseer environment create)
  --format FORMAT          text | json (default: text)
${REGISTRY_HELP}

Exit codes: 0 recorded (or already current), 2 not recorded (unknown service, version or environment,
a refused token, bad usage, the registry unreachable).

Examples:
  overseer record-deployment --service users-service --version 1.4.0 --env production
`;

export async function recordDeploymentCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    ...REGISTRY_FLAGS,
    service: { type: 'string' },
    version: { type: 'string' },
    env: { type: 'string' },
    format: { type: 'string' },
  });
  if (values.help) {
    io.stdout(HELP);
    return EXIT.safe;
  }
  rejectPositionals(positionals);
  const request = {
    service: requireOption(values.service, '--service'),
    version: requireOption(values.version, '--version'),
    environment: requireOption(values.env, '--env'),
  };
  const format = readFormat(values.format);
  const result = await connectRegistry(values, io).recordDeployment(request);
  if (format === 'json') {
    io.stdout(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    const subject = `${request.service} ${request.version} in ${request.environment}`;
    io.stdout(result.status === 'created' ? `recorded: ${subject}\n` : `unchanged: ${subject} was already the current deployment\n`);
  }
  return EXIT.safe;
}
