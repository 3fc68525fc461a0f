// Every command that names an environment refuses one never created (exit 2, ERR_ENVIRONMENT_UNKNOWN), and its --help
// says so where it lists what exit 2 means: a user reading why a CI step failed looks there first.

import { describe, expect, it } from 'vitest';
import { useRegistry } from '../e2e/registry-session.js';

const session = useRegistry({
  name: 'unknown-env',
  setup: [
    ['publish', '--manifest', 'examples/users-service/overseer.yaml', '--version', '1.0.0', '--branch', 'main'],
    ['environment', 'create', 'production'],
  ],
});

// Each command, its arguments up to the environment's flag, which the misspelled name follows.
const COMMANDS: Array<[string, string[]]> = [
  ['can-i-deploy', ['--service', 'users-service', '--version', '1.0.0', '--to']],
  ['check', ['--manifest', 'examples/users-service/overseer.yaml', '--against']],
  ['record-deployment', ['--service', 'users-service', '--version', '1.0.0', '--env']],
  ['record-undeployment', ['--service', 'users-service', '--version', '1.0.0', '--env']],
  ['record-release', ['--service', 'users-service', '--version', '1.0.0', '--env']],
  ['record-support-ended', ['--service', 'users-service', '--version', '1.0.0', '--env']],
  ['consumers', ['--service', 'users-service', '--environment']],
  ['migrations', ['--service', 'users-service', '--environment']],
  ['usage', ['--service', 'users-service', '--environment']],
];

describe.each(COMMANDS)('overseer %s with an environment never created', (command, args) => {
  it('exits 2 naming the one meant, and its --help lists that among the reasons for exit 2', async () => {
    const result = await session.cli(command, ...args, 'prodution');
    expect(result.stderr).toContain("error ERR_ENVIRONMENT_UNKNOWN: unknown environment 'prodution' (known: production): did you mean production?");
    expect(result.code).toBe(2);
    const help = (await session.cli(command, '--help')).stdout;
    const exitCodes = help.slice(help.indexOf('\nExit codes:'));
    expect(exitCodes.split('\n\n')[0]).toMatch(/\b2 [^(]*\([^)]*environment/);
  });
});
