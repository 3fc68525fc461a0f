// record-deployment of a consumer where a provider it declares runs nowhere: recorded (it happened, and the registry
// must say what runs), exit 0, and silent, though its calls to that provider there will fail. Now a warning names the
// provider, on stderr and in the JSON answer; none where every provider it uses is live.

import { describe, expect, it } from 'vitest';
import { gateStepsOf } from './gate-steps.js';
import { useRegistry } from './registry-session.js';

const users = {
  openapi: '3.0.3',
  info: { title: 'users', version: '1' },
  paths: { '/users': { get: { responses: { '200': { description: 'ok' } } } } },
};

const session = useRegistry({
  name: 'deploy-without-provider',
  setup: [
    ['environment', 'create', 'production'],
    ['environment', 'create', 'staging'],
  ],
});
const { publish, deploy } = gateStepsOf(session);
const record = (env: string, ...more: string[]) => session.cli('record-deployment', '--service', 'web', '--version', '1.0.0', '--env', env, ...more);

describe('record-deployment of a consumer whose provider runs nowhere there', () => {
  it('records it, exits 0, and warns that its calls to that provider will fail there', async () => {
    await publish('users', '1.0.0', { contract: users });
    await deploy('users', '1.0.0');
    await publish('web', '1.0.0', { consumes: '  users:\n    - GET /users' });
    const recorded = await record('staging');
    expect(recorded.code).toBe(0);
    expect(recorded.stdout).toBe('recorded: web 1.0.0 in staging\n');
    expect(recorded.stderr).toBe(
      'warning: web 1.0.0 uses users, which has no version live in staging: its calls to users there will fail until one is deployed (can-i-deploy refuses web there for this reason)\n',
    );
    const again = await record('staging', '--format', 'json');
    expect(JSON.parse(again.stdout)).toMatchObject({ status: 'unchanged', warnings: [{ code: 'provider-not-deployed' }] });
  });

  it('says nothing where the provider is live', async () => {
    const recorded = await record('production');
    expect(recorded).toMatchObject({ code: 0, stderr: '' });
  });

  // The provider is live, but not with what the consumer uses: recorded as silently as above, though every call of it
  // to the operation fails. Said now as the gate says it, naming the provider's version there, the operation and field.
  it('records a consumer whose live provider lacks what it uses, exits 0, and warns naming provider, version, operation and field', async () => {
    await publish('web', '2.0.0', { consumes: '  users:\n    - operation: GET /users\n      response: [name]\n    - GET /accounts' });
    const recorded = await session.cli('record-deployment', '--service', 'web', '--version', '2.0.0', '--env', 'production');
    expect(recorded.code).toBe(0);
    expect(recorded.stdout).toBe('recorded: web 2.0.0 in production\n');
    expect(recorded.stderr.split('\n')).toEqual([
      'warning: web 2.0.0 runs in production against users 1.0.0, which lacks what it uses: GET /users of users does not return `name`, which web reads',
      'warning: web 2.0.0 runs in production against users 1.0.0, which lacks what it uses: users does not offer GET /accounts, which web uses',
      '',
    ]);
    const again = await session.cli('record-deployment', '--service', 'web', '--version', '2.0.0', '--env', 'production', '--format', 'json');
    const answer = JSON.parse(again.stdout);
    expect(answer.status).toBe('unchanged');
    expect(
      answer.unmet.map((r: { code: string; providerVersion: string; operation: string; field?: string }) => [r.code, r.providerVersion, r.operation, r.field]),
    ).toEqual([
      ['field-missing', '1.0.0', 'GET /users', 'name'],
      ['operation-missing', '1.0.0', 'GET /accounts', undefined],
    ]);
  });
});
