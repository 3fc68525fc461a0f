// `check --against ENV` where nothing is recorded as deployed: it said DEPLOYABLE, "nothing deployed there is affected",
// and nothing more, while can-i-deploy asked the same of the same environment adds that no consumer was judged there
// (a wrong environment, or deployments never recorded). Both say it now. Against a registry in the test's process.

import { describe, expect, it } from 'vitest';
import { gateStepsOf } from './gate-steps.js';
import { useRegistry } from './registry-session.js';

const read = { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { '200': { description: 'ok' } } };
const users = { openapi: '3.0.3', info: { title: 'users', version: '1' }, paths: { '/users/{id}': { get: read } } };

const session = useRegistry({
  name: 'gate-empty-environment',
  setup: [
    ['environment', 'create', 'production'],
    ['environment', 'create', 'staging'],
  ],
});
const { publish, deploy } = gateStepsOf(session);

describe('an environment where nothing is deployed', () => {
  it('gets the same note from check --against as from can-i-deploy: no consumer was judged there', async () => {
    await publish('users', '1.0.0', { contract: users });
    await deploy('users', '1.0.0');
    await publish('web', '1.0.0', { consumes: '  users:\n    - GET /users/{id}' });
    await deploy('web', '1.0.0');
    const note =
      'notice: no deployment is recorded in staging, so no consumer was judged there: if staging is right, record what runs there with overseer record-deployment --env staging; services are recorded in production';

    const asked = await session.cli('can-i-deploy', '--service', 'users', '--version', '1.0.0', '--to', 'staging');
    expect(asked.code).toBe(0);
    expect(asked.stdout).toContain(note);

    const checked = await session.cli('check', '--manifest', `${session.dir}/users-1.0.0/overseer.yaml`, '--against', 'staging');
    expect(checked.code, checked.stderr).toBe(0);
    expect(checked.stdout).toContain('DEPLOYABLE');
    expect(checked.stdout).toContain(note);

    // Where deployments are recorded, neither says it.
    const there = await session.cli('check', '--manifest', `${session.dir}/users-1.0.0/overseer.yaml`, '--against', 'production');
    expect(there.code).toBe(0);
    expect(there.stdout).not.toContain('no deployment is recorded');
  });
});
