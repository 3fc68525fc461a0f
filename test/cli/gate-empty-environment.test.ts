// can-i-deploy asked about an environment where nothing is recorded as deployed (the wrong one, or one whose
// deployments were never recorded) says yes, truthfully, having judged nobody. The answer stays yes; a note says
// why nothing was judged and what to do, so that a deploy to production is not waved through by a question about staging.

import { describe, expect, it } from 'vitest';
import { useRegistry } from '../e2e/registry-session.js';

const session = useRegistry({
  name: 'gate-empty-environment',
  setup: [
    ['publish', '--manifest', 'examples/users-service/overseer.yaml', '--version', '1.0.0'],
    ['publish', '--manifest', 'examples/checkout-web/overseer.yaml', '--version', '1.0.0'],
    ['publish', '--manifest', 'examples/users-service/overseer.yaml', '--contract', 'examples/users-service/openapi.v2.yaml', '--version', '2.0.0'],
    ['environment', 'create', 'production'],
    ['environment', 'create', 'staging'],
    ['record-deployment', '--service', 'users-service', '--version', '1.0.0', '--env', 'production'],
    ['record-deployment', '--service', 'checkout-web', '--version', '1.0.0', '--env', 'production'],
  ],
});

const ask = (environment: string, ...more: string[]) =>
  session.cli('can-i-deploy', '--service', 'users-service', '--version', '2.0.0', '--to', environment, ...more);

describe('can-i-deploy to an environment where nothing runs', () => {
  it('answers yes with a note that nobody was judged there, naming where services do run', async () => {
    const r = await ask('staging');
    expect(r).toMatchObject({ code: 0, stdout: 'DEPLOYABLE: users-service 2.0.0 to staging (nothing deployed there is affected)\n' });
    expect(r.stderr).toBe(
      'note: no deployment is recorded in staging, so no consumer was judged there: if staging is right, record what runs ' +
        'there with overseer record-deployment --env staging; services are recorded in production\n',
    );
  });

  it('keeps the note off stdout, so that --format json stays one object', async () => {
    const r = await ask('staging', '--format', 'json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ decision: 'deployable', environment: 'staging' });
    expect(r.stderr).toContain('note: no deployment is recorded in staging');
  });

  it('says nothing more where services run, whatever the answer', async () => {
    const refused = await ask('production');
    expect(refused).toMatchObject({ code: 1, stderr: '' });
    const fine = await session.cli('can-i-deploy', '--service', 'users-service', '--version', '1.0.0', '--to', 'production');
    expect(fine).toMatchObject({ code: 0, stderr: '' });
  });
});
