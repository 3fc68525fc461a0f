// A consumer seen calling a provider operation it does not declare: `check --against ENV` warned of it and
// `can-i-deploy` did not, though both answer whether the version can go there, and the consumer-side gate judges only
// what is declared. Both say it now, with the same notice in the same place (`notices`, decided by the gate itself);
// check's `warnings` keep to the candidate's contract. Traces are posted as OTLP/JSON to the registry run in the test's process.

import { describe, expect, it } from 'vitest';
import { traceExport } from '../helpers/otlp.js';
import { gateStepsOf } from './gate-steps.js';
import { useRegistry } from './registry-session.js';

const read = { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { '200': { description: 'ok' } } };
const users = { openapi: '3.0.3', info: { title: 'users', version: '1' }, paths: { '/users/{id}': { get: read }, '/admins/{id}': { get: read } } };
const uses = '  users:\n    - GET /users/{id}';

const session = useRegistry({ name: 'gate-undeclared-calls', setup: [['environment', 'create', 'production']] });
const { publish, deploy, verdictOf } = gateStepsOf(session);

describe('a consumer observed calling an operation it does not declare', () => {
  it('is told so by can-i-deploy as by check against the environment', async () => {
    await publish('users', '1.0.0', { contract: users });
    await deploy('users', '1.0.0');
    await publish('web', '1.0.0', { consumes: uses });
    await deploy('web', '1.0.0');
    const call = { consumer: 'web', environment: 'production', provider: 'users', method: 'GET', url: 'https://users.internal/admins/7' };
    const posted = await fetch(`${session.registry.url}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(traceExport([call])),
    });
    expect(posted.status, await posted.text()).toBe(200);
    await publish('web', '2.0.0', { consumes: uses });

    const asked = await verdictOf('web', '2.0.0');
    expect(asked.code, JSON.stringify(asked.verdict)).toBe(0);
    expect(asked.verdict.notices).toEqual([
      expect.objectContaining({ code: 'undeclared-call', message: expect.stringContaining('web was observed calling users GET /admins/{id} in production') }),
    ]);

    const checked = await session.cli('check', '--manifest', `${session.dir}/web-2.0.0/overseer.yaml`, '--against', 'production', '--format', 'json');
    expect(checked.code, checked.stderr).toBe(0);
    const verdict = JSON.parse(checked.stdout);
    expect(verdict.notices).toEqual(asked.verdict.notices);
    expect(verdict.warnings).toBeUndefined();
    const checkedText = await session.cli('check', '--manifest', `${session.dir}/web-2.0.0/overseer.yaml`, '--against', 'production');
    expect(checkedText.stdout).toContain('notice: ');
    expect(checkedText.stdout).toContain('does not declare it: add it to consumes');
    expect(checkedText.stdout).not.toContain('warning: ');
    const text = await session.cli('can-i-deploy', '--service', 'web', '--version', '2.0.0', '--to', 'production');
    expect(text.stdout).toContain('does not declare it: add it to consumes');
  });
});
