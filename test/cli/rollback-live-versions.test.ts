// Rolling a canary back: `record-undeployment` of a version that is not live (ended already, or never rolled out),
// or `record-support-ended` of a version that is deployed rather than released, used to say only "is not deployed".
// The error now names what is live of the service there, and the command that ends a version live the other way.

import { describe, expect, it } from 'vitest';
import { useRegistry } from '../e2e/registry-session.js';

const USERS = ['--manifest', 'examples/users-service/overseer.yaml'];
const session = useRegistry({
  name: 'rollback-live-versions',
  setup: [
    ['publish', ...USERS, '--version', '1.0.0'],
    ['publish', ...USERS, '--contract', 'examples/users-service/openapi.v1.1.yaml', '--version', '1.1.0'],
    ['environment', 'create', 'production'],
    ['record-deployment', '--service', 'users-service', '--version', '1.0.0', '--env', 'production'],
    ['record-deployment', '--service', 'users-service', '--version', '1.1.0', '--env', 'production', '--rolling'],
  ],
});
const end = (command: string, version: string) => session.cli(command, '--service', 'users-service', '--version', version, '--env', 'production');

describe('rolling a canary back', () => {
  it('ends the canary, then names what is still live when it is ended again', async () => {
    expect(await end('record-undeployment', '1.1.0')).toMatchObject({ code: 0, stdout: 'no longer live: users-service 1.1.0 in production\n' });
    const again = await end('record-undeployment', '1.1.0');
    // Said ended already, and when: "not deployed" alone read as if it never had been.
    expect(again).toMatchObject({ code: 2, stdout: '' });
    expect(again.stderr).toMatch(
      /^error ERR_DEPLOYMENT_UNKNOWN: users-service 1\.1\.0 is not deployed in production: it stopped running there already, on \d{4}-\d\d-\d\d \d\d:\d\d UTC; live there now: users-service 1\.0\.0 \(deployed\)\nRun "overseer explain ERR_DEPLOYMENT_UNKNOWN" for what to do\.\n$/,
    );
  });

  it('names the command that ends a version live the other way', async () => {
    const r = await end('record-support-ended', '1.0.0');
    expect(r).toMatchObject({
      code: 2,
      stderr:
        'error ERR_DEPLOYMENT_UNKNOWN: users-service 1.0.0 is not a supported release in production; live there now: users-service 1.0.0 (deployed): ' +
        'end it with overseer record-undeployment\nRun "overseer explain ERR_DEPLOYMENT_UNKNOWN" for what to do.\n',
    });
  });

  it('says when no version of the service is live there at all', async () => {
    expect(await end('record-undeployment', '1.0.0')).toMatchObject({ code: 0 });
    const r = await end('record-undeployment', '1.0.0');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^error ERR_DEPLOYMENT_UNKNOWN: users-service 1\.0\.0 is not deployed in production: it stopped running there already, on [^;]+ UTC; no version of users-service is live there\nRun "overseer explain ERR_DEPLOYMENT_UNKNOWN" for what to do\.\n$/,
    );
  });
});
