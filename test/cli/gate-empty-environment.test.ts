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

const NOTE =
  'no deployment is recorded in staging, so no consumer was judged there: if staging is right, record what runs ' +
  'there with overseer record-deployment --env staging; services are recorded in production';

describe('can-i-deploy to an environment where nothing runs', () => {
  it('answers yes saying that nobody was judged there, naming where services do run', async () => {
    const r = await ask('staging');
    expect(r).toMatchObject({
      code: 0,
      stdout: `DEPLOYABLE: users-service 2.0.0 to staging (nobody judged: no deployment is recorded there, below)\n  notice: ${NOTE}\n`,
    });
  });

  // Once said on stderr by the CLI alone: a pipeline reading the JSON, and the audit trail, saw a plain yes.
  it('says it in the JSON verdict too, and the audit trail keeps it', async () => {
    const r = await ask('staging', '--format', 'json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ decision: 'deployable', environment: 'staging', notices: [{ code: 'environment-empty', message: NOTE }] });
    const markdown = await ask('staging', '--format', 'markdown');
    expect(markdown.stdout).toContain(`**Notices**\n\n- ${NOTE}`);
    const audit = (await (await fetch(`${session.registry.url}/v1/verdicts?environment=staging`)).json()) as { verdicts: { id: number; notices?: unknown }[] };
    expect(audit.verdicts[0]?.notices).toEqual([{ code: 'environment-empty', message: NOTE }]);
    // The dashboard's page of that ask says it under its own heading, not among uses left uncounted.
    const page = await (await fetch(`${session.registry.url}/verdicts/${audit.verdicts[0]!.id}`)).text();
    expect(page).toContain(`<h2 id="nobody-judged">Nobody judged</h2><p>${NOTE}</p>`);
    expect(page).not.toContain('Uses not counted');
  });

  it('says nothing more where services run, whatever the answer', async () => {
    const refused = await ask('production');
    expect(refused).toMatchObject({ code: 1, stderr: '' });
    const fine = await session.cli('can-i-deploy', '--service', 'users-service', '--version', '1.0.0', '--to', 'production');
    expect(fine).toMatchObject({ code: 0, stderr: '' });
  });
});
