// `overseer record-undeployment` of a version that is not live there says what is live and, where it can, the flag to
// change: the environment the version runs in, or the live version written another way. A version never published
// with another number (1.0.1 beside a live 1.0.0) is another release, not a typo: it is said unpublished, and the
// live versions listed are the choice, as record-deployment and can-i-deploy read it.

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
  it('says a version never published is not, without steering it onto the live version a number away', async () => {
    const r = await undeploy('users-service', '1.0.1', 'production');
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toBe(
      'error ERR_DEPLOYMENT_UNKNOWN: users-service 1.0.1 is not deployed in production; live there now: users-service 1.0.0 (deployed); ' +
        'users-service 1.0.1 is not published: name one live there\nRun "overseer explain ERR_DEPLOYMENT_UNKNOWN" for what to do.\n',
    );
  });

  it('guesses the live version written another way', async () => {
    for (const written of ['v1.0.0', '1.0']) {
      const r = await undeploy('users-service', written, 'production');
      expect(r).toMatchObject({ code: 2, stdout: '' });
      expect(r.stderr).toBe(
        `error ERR_DEPLOYMENT_UNKNOWN: users-service ${written} is not deployed in production; live there now: users-service 1.0.0 (deployed); ` +
          `users-service ${written} is not published: did you mean --version 1.0.0?\nRun "overseer explain ERR_DEPLOYMENT_UNKNOWN" for what to do.\n`,
      );
    }
  });

  it('names the environment the version is live in', async () => {
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

  it('says a version never published is not when nothing of the service is live there', async () => {
    const r = await undeploy('orders-service', '9.9.9', 'production');
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toBe(
      'error ERR_DEPLOYMENT_UNKNOWN: orders-service 9.9.9 is not deployed in production; no version of orders-service is live there; ' +
        'orders-service 9.9.9 is not published: it never ran anywhere\nRun "overseer explain ERR_DEPLOYMENT_UNKNOWN" for what to do.\n',
    );
    // The same version written otherwise is guessed among those published, as record-deployment guesses it.
    const written = await undeploy('orders-service', 'v1.0.0', 'production');
    expect(written.stderr).toBe(
      'error ERR_DEPLOYMENT_UNKNOWN: orders-service v1.0.0 is not deployed in production; no version of orders-service is live there; ' +
        'orders-service v1.0.0 is not published: did you mean --version 1.0.0?\nRun "overseer explain ERR_DEPLOYMENT_UNKNOWN" for what to do.\n',
    );
  });

  it('says a version ended there already when, rather than that it never was live', async () => {
    const record = (...args: string[]) => session.cli(...args, '--service', 'users-service', '--version', '1.1.0', '--env', 'staging');
    expect((await record('record-release')).code).toBe(0);
    expect((await record('record-support-ended')).code).toBe(0);
    expect((await record('record-undeployment')).code).toBe(0);
    const history = (await (await fetch(`${session.registry.url}/v1/deployments?service=users-service&environment=staging`)).json()) as {
      deployments: { live: string; replacedAt: string }[];
    };
    const at = (live: string) => {
      const t = history.deployments.find((d) => d.live === live)!.replacedAt;
      return `${t.slice(0, 10)} ${t.slice(11, 16)} UTC`;
    };
    const again = await record('record-support-ended');
    expect(again).toMatchObject({ code: 2, stdout: '' });
    expect(again.stderr).toBe(
      `error ERR_DEPLOYMENT_UNKNOWN: users-service 1.1.0 is not a supported release in staging: its support ended already, on ${at('released')}; ` +
        'no version of users-service is live there\nRun "overseer explain ERR_DEPLOYMENT_UNKNOWN" for what to do.\n',
    );
    const undeployed = await record('record-undeployment');
    expect(undeployed.stderr).toBe(
      `error ERR_DEPLOYMENT_UNKNOWN: users-service 1.1.0 is not deployed in staging: it stopped running there already, on ${at('deployed')}; ` +
        'no version of users-service is live there\nRun "overseer explain ERR_DEPLOYMENT_UNKNOWN" for what to do.\n',
    );
  });
});
