// A value typed without its flag (`overseer can-i-deploy users-service`) is the commonest slip of a first day: the
// error names the flag it was most likely meant for, ready to paste, and nothing is asked of the registry.

import { describe, expect, it } from 'vitest';
import { runCliHere } from '../e2e/in-process.js';

// No registry listens there: a command that got as far as asking would fail differently.
const env = { OVERSEER_URL: 'http://127.0.0.1:9', OVERSEER_RETRY_MS: '0' };
const cli = (...args: string[]) => runCliHere(args, { env });

describe('a word without its flag', () => {
  it('names --service for the service given first to can-i-deploy, usage, migrations and record-deployment', async () => {
    for (const command of ['can-i-deploy', 'usage', 'migrations', 'consumers', 'record-deployment', 'record-undeployment']) {
      const r = await cli(command, 'users-service');
      expect(r, command).toMatchObject({ code: 2, stdout: '' });
      expect(r.stderr.split('\n')[0], command).toBe('error ERR_USAGE_INVALID: unexpected argument "users-service": did you mean --service users-service?');
    }
  });

  it('names the flag still missing when the others were given', async () => {
    const deploy = await cli('can-i-deploy', '--service', 'users-service', '--version', '1.0.0', 'production');
    expect(deploy.stderr.split('\n')[0]).toBe('error ERR_USAGE_INVALID: unexpected argument "production": did you mean --env production?');
    const listed = await cli('migrations', '--service', 'users-service', 'production');
    expect(listed.stderr.split('\n')[0]).toBe('error ERR_USAGE_INVALID: unexpected argument "production": did you mean --env production?');
    const recorded = await cli('record-deployment', '--service', 'users-service', '--version', '1.0.0', 'production');
    expect(recorded.stderr.split('\n')[0]).toBe('error ERR_USAGE_INVALID: unexpected argument "production": did you mean --env production?');
  });

  it('reads an environment given to check as --env, and a YAML file as --manifest', async () => {
    const against = await cli('check', 'production');
    expect(against).toMatchObject({ code: 2, stdout: '' });
    expect(against.stderr.split('\n')[0]).toBe('error ERR_USAGE_INVALID: unexpected argument "production": did you mean --env production?');
    const manifest = await cli('check', 'services/orders/overseer.yaml', '--against', 'production');
    expect(manifest.stderr.split('\n')[0]).toBe(
      'error ERR_USAGE_INVALID: unexpected argument "services/orders/overseer.yaml": did you mean --manifest services/orders/overseer.yaml?',
    );
  });

  it('names every flag a deployment command still needs at once, not one a run', async () => {
    const first = async (...args: string[]) => {
      const r = await cli(...args);
      expect(r.code, args.join(' ')).toBe(2);
      return r.stderr.split('\n')[0];
    };
    expect(await first('can-i-deploy')).toBe('error ERR_USAGE_INVALID: --service, --version and --env are required');
    expect(await first('record-deployment', '--service', 'users-service')).toBe('error ERR_USAGE_INVALID: --version and --env are required');
    expect(await first('record-undeployment', '--env', 'production')).toBe('error ERR_USAGE_INVALID: --service and --version are required');
    expect(await first('can-i-deploy', '--service', 'users-service', '--version', '1.0.0')).toBe('error ERR_USAGE_INVALID: --env is required');
  });

  it('suggests nothing when every flag the word could be for was given', async () => {
    const r = await cli('can-i-deploy', '--service', 'users-service', '--version', '1.0.0', '--to', 'production', 'now');
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr.split('\n')[0]).toBe('error ERR_USAGE_INVALID: unexpected argument "now"');
  });

  it('names --traces to observe, --out or --db to export and --service to token create, as for the others', async () => {
    const first = async (...args: string[]) => (await cli(...args)).stderr.split('\n')[0];
    expect(await first('observe', 'export.json')).toBe('error ERR_USAGE_INVALID: unexpected argument "export.json": did you mean --traces export.json?');
    expect(await first('export', 'backup.jsonl')).toBe('error ERR_USAGE_INVALID: unexpected argument "backup.jsonl": did you mean --out backup.jsonl?');
    expect(await first('export', 'data/registry.db')).toBe(
      'error ERR_USAGE_INVALID: unexpected argument "data/registry.db": did you mean --db data/registry.db?',
    );
    expect(await first('token', 'create', 'users-service')).toBe(
      'error ERR_USAGE_INVALID: unexpected argument "users-service": did you mean --service users-service?',
    );
  });
});
