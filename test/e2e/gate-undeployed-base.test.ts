// A provider undeployed from an environment leaves nothing there to diff its next version from. A consumer that
// declares only "*" names nothing the candidate can be looked at for, so nothing was judged for it: the verdict says
// so rather than a silent yes. Against a registry run in the test's process, on SQLite.

import { describe, expect, it } from 'vitest';
import { gateSteps } from './gate-steps.js';
import { useRegistry } from './registry-session.js';

const reports = (paths: string[]) => ({
  openapi: '3.0.3',
  info: { title: 'reports', version: '1' },
  paths: Object.fromEntries(paths.map((p) => [p, { get: { responses: { '200': { description: 'ok' } } } }])),
});

const session = useRegistry({ name: 'gate-undeployed-base', setup: [['environment', 'create', 'production']] });
const cli = (...args: string[]) => session.cli(...args);
const { publish, deploy, verdictOf } = gateSteps(cli, () => session.dir);

describe('a provider with no version live in the environment, and a consumer of all of it', () => {
  it('says that nothing was judged for the consumer of everything, in JSON and in text', async () => {
    await publish('reports', '1.0.0', { contract: reports(['/daily', '/weekly']) });
    await deploy('reports', '1.0.0');
    await publish('finance-web', '1.0.0', { consumes: '  reports: "*"' });
    await deploy('finance-web', '1.0.0');
    const undeployed = await cli('record-undeployment', '--service', 'reports', '--version', '1.0.0', '--env', 'production');
    expect(undeployed.code, undeployed.stderr).toBe(0);

    await publish('reports', '2.0.0', { contract: reports(['/daily']) });
    const asked = await verdictOf('reports', '2.0.0');
    expect(asked.code, JSON.stringify(asked.verdict)).toBe(0);
    const said =
      'finance-web 1.0.0 uses all of reports ("*"), and no version of reports is deployed in production: reports 2.0.0 was compared with nothing, ' +
      'so no change was judged for finance-web';
    expect(asked.verdict.notices).toEqual([
      expect.objectContaining({ code: 'use-not-judged', consumer: 'finance-web', message: expect.stringContaining(said) }),
    ]);
    const text = await cli('can-i-deploy', '--service', 'reports', '--version', '2.0.0', '--to', 'production');
    expect(text.stdout).toContain(`notice: ${said}`);
  });
});
