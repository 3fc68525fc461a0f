// `overseer record-undeployment` of a version that is not live there said what was live and stopped: a version
// mistyped by one digit, or the environment it does run in, was left for the user to find. The error now ends with
// the house's guess, the flag to change and its value.

import { describe, expect, it } from 'vitest';
import { useRegistry } from '../e2e/registry-session.js';

const users = ['--manifest', 'examples/users-service/overseer.yaml'];
const session = useRegistry({
  name: 'undeployment-hints',
  setup: [
    ['publish', ...users, '--version', '1.0.0'],
    ['publish', ...users, '--contract', 'examples/users-service/openapi.v1.1.yaml', '--version', '1.1.0'],
    ['publish', '--manifest', 'examples/orders-service/overseer.yaml', '--version', '1.0.0'],
    ['environment', 'create', 'production'],
    ['environment', 'create', 'staging'],
    ['record-deployment', '--service', 'users-service', '--version', '1.0.0', '--env', 'production'],
    ['record-deployment', '--service', 'users-service', '--version', '1.1.0', '--env', 'staging'],
    ['record-deployment', '--service', 'orders-service', '--version', '1.0.0', '--env', 'staging'],
  ],
});

const undeploy = (service: string, version: string, env: string) =>
  session.cli('record-undeployment', '--service', service, '--version', version, '--env', env);

describe('record-undeployment of a version not live there', () => {
  it('guesses the live version a typo away', async () => {
    const r = await undeploy('users-service', '1.0.1', 'production');
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toBe(
      'error ERR_DEPLOYMENT_UNKNOWN: users-service 1.0.1 is not deployed in production; live there now: users-service 1.0.0 (deployed): did you mean --version 1.0.0?\nRun "overseer explain ERR_DEPLOYMENT_UNKNOWN" for what to do.\n',
    );
  });

  it('names the environment the version is live in, before a version a typo away', async () => {
    const r = await undeploy('users-service', '1.1.0', 'production');
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toBe(
      'error ERR_DEPLOYMENT_UNKNOWN: users-service 1.1.0 is not deployed in production; live there now: users-service 1.0.0 (deployed); ' +
        'users-service 1.1.0 is live in staging: did you mean --env staging?\nRun "overseer explain ERR_DEPLOYMENT_UNKNOWN" for what to do.\n',
    );
  });

  it('names the environment when nothing of the service is live where asked', async () => {
    const r = await undeploy('orders-service', '1.0.0', 'production');
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toBe(
      'error ERR_DEPLOYMENT_UNKNOWN: orders-service 1.0.0 is not deployed in production; no version of orders-service is live there; ' +
        'orders-service 1.0.0 is live in staging: did you mean --env staging?\nRun "overseer explain ERR_DEPLOYMENT_UNKNOWN" for what to do.\n',
    );
  });

  it('guesses nothing when no live version is near', async () => {
    const r = await undeploy('users-service', '7.3.9', 'production');
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toBe(
      'error ERR_DEPLOYMENT_UNKNOWN: users-service 7.3.9 is not deployed in production; live there now: users-service 1.0.0 (deployed)\nRun "overseer explain ERR_DEPLOYMENT_UNKNOWN" for what to do.\n',
    );
  });
});
