// The environment was --to for can-i-deploy, --against for check, --environment for consumers, migrations and usage and
// --env for the record commands: a new user learnt four names. Every command now takes --env, the old spellings still
// work on every one of them, and --help names one.

import { describe, expect, it } from 'vitest';
import { useRegistry } from '../e2e/registry-session.js';

const ENV_COMMANDS = ['can-i-deploy', 'check', 'consumers', 'migrations', 'usage', 'record-deployment', 'record-undeployment', 'record-release'];

const session = useRegistry({
  name: 'environment-flag',
  setup: [
    ['publish', '--manifest', 'examples/users-service/overseer.yaml', '--version', '1.0.0'],
    ['publish', '--manifest', 'examples/checkout-web/overseer.yaml', '--version', '1.0.0'],
    ['environment', 'create', 'production'],
    ['environment', 'create', 'staging'],
  ],
});

describe('the environment flag', () => {
  it('is --env in the help of every command that names an environment, listed once', async () => {
    for (const command of ENV_COMMANDS) {
      const help = (await session.cli(command, '--help')).stdout;
      const options = help.split('\nOptions:\n')[1]!.split('\n\n')[0]!;
      expect(options.match(/^ {2}--env ENV /gm), command).toHaveLength(1);
      expect(options, command).not.toMatch(/^ {2}--(to|against|environment) /m);
      expect(help.split('\n')[0], command).toMatch(/--env ENV/);
    }
  });

  it('is taken as --env by every command, and as each of its old spellings', async () => {
    expect((await session.cli('record-deployment', '--service', 'users-service', '--version', '1.0.0', '--env', 'production')).code).toBe(0);
    expect((await session.cli('record-deployment', '--service', 'checkout-web', '--version', '1.0.0', '--to=production')).code).toBe(0);
    for (const flag of ['--env', '--to', '--against', '--environment']) {
      const asked = await session.cli('can-i-deploy', '--service', 'users-service', '--version', '1.0.0', flag, 'production');
      expect(asked, flag).toMatchObject({ code: 0 });
      expect(asked.stdout, flag).toMatch(/^DEPLOYABLE/);
      const checked = await session.cli('check', '--manifest', 'examples/users-service/overseer.yaml', flag, 'production');
      expect(checked.code, `${flag}: ${checked.stderr}`).toBe(0);
      const listed = await session.cli('consumers', '--service', 'users-service', flag, 'production', '--format', 'json');
      expect(JSON.parse(listed.stdout), flag).toMatchObject({ environment: 'production', consumers: [{ consumer: 'checkout-web' }] });
      const used = await session.cli('usage', '--service', 'checkout-web', flag, 'production', '--format', 'json');
      expect(JSON.parse(used.stdout).environment, flag).toBe('production');
    }
  });

  it('names --env for an environment given without its flag, to every command', async () => {
    const first = async (...args: string[]) => (await session.cli(...args)).stderr.split('\n')[0];
    const wanted = 'error ERR_USAGE_INVALID: unexpected argument "production": did you mean --env production?';
    expect(await first('can-i-deploy', '--service', 'users-service', '--version', '1.0.0', 'production')).toBe(wanted);
    expect(await first('check', 'production')).toBe(wanted);
    expect(await first('migrations', '--service', 'users-service', 'production')).toBe(wanted);
  });

  it('is refused when two spellings name two environments, rather than judging the last', async () => {
    const r = await session.cli('can-i-deploy', '--service', 'users-service', '--version', '1.0.0', '--to', 'production', '--env', 'staging');
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr.split('\n')[0]).toBe('error ERR_USAGE_INVALID: --to and --env name one option, given twice ("production", then "staging"): give it once');
  });
});
