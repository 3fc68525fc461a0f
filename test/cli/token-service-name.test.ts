// `overseer token create --service NAME` with a name a typo away from a published service: the token is still issued
// (a new service's token comes before its first publication), and the admin is told which service it cannot act for.

import { describe, expect, it } from 'vitest';
import { runCli } from '../e2e/cli-process.js';
import { useRegistry } from '../e2e/registry-session.js';

const ADMIN = 'admin-token-for-the-typo-test';
const session = useRegistry({
  name: 'token-name',
  serveEnv: { OVERSEER_ADMIN_TOKEN: ADMIN },
  cliEnv: { OVERSEER_TOKEN: ADMIN },
  setup: [['publish', '--manifest', 'examples/users-service/overseer.yaml', '--version', '1.0.0']],
});
const admin = session.cli;

describe('token create --service', () => {
  it('warns when the service is a typo away from a known one, and names the one probably meant', async () => {
    const issued = await admin('token', 'create', '--service', 'users-servic', '--name', 'users-ci');
    expect(issued.code, issued.stderr).toBe(0);
    expect(issued.stdout).toMatch(/^ovs_\S+\n$/);
    expect(issued.stderr).toBe(
      'token "users-ci" for users-servic: store it now, it is not shown again\n' +
        'warning: no service is named users-servic: did you mean users-service? This token may publish and deploy users-servic only, ' +
        'not users-service; issue another with --service users-service if that was meant\n',
    );
    // What the warning foretells: CI with this token cannot publish the service meant.
    const refused = await runCli(['publish', '--manifest', 'examples/users-service/overseer.yaml', '--version', '1.0.1'], {
      env: { OVERSEER_URL: session.registry.url, OVERSEER_TOKEN: issued.stdout.trim(), OVERSEER_RETRY_MS: '500' },
    });
    expect(refused.code).toBe(2);
  });

  it('says nothing more for a known service or a new name of its own', async () => {
    for (const service of ['users-service', 'billing-worker']) {
      const issued = await admin('token', 'create', '--service', service, '--name', `${service}-ci`);
      expect(issued).toMatchObject({ code: 0, stderr: `token "${service}-ci" for ${service}: store it now, it is not shown again\n` });
    }
  });
});
