// A misspelled service or environment on the deployment commands, through the built CLI and a real registry: the
// error names the one probably meant, and never advises creating the typo (an empty environment where all looks safe).

import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useRegistry } from '../e2e/registry-session.js';

const target = (service: string, environment: string) => ['--service', service, '--version', '1.0.0', '--env', environment];
const session = useRegistry({
  name: 'misspelled',
  setup: [
    ['publish', '--manifest', 'examples/users-service/overseer.yaml', '--version', '1.0.0'],
    ['environment', 'create', 'production'],
    ['environment', 'create', 'staging'],
    ['record-deployment', ...target('users-service', 'production')],
  ],
});
const { cli } = session;

describe('a misspelled environment', () => {
  it('is answered with the one probably meant, not the command that would create the typo', async () => {
    for (const args of [
      ['record-deployment', ...target('users-service', 'prodution')],
      ['can-i-deploy', '--service', 'users-service', '--version', '1.0.0', '--to', 'prodution'],
    ]) {
      const r = await cli(...args);
      expect(r).toMatchObject({ code: 2, stdout: '' });
      expect(r.stderr).toBe(
        'error ERR_ENVIRONMENT_UNKNOWN: unknown environment \'prodution\' (known: production, staging): did you mean production?\nRun "overseer explain ERR_ENVIRONMENT_UNKNOWN" for what to do.\n',
      );
    }
  });

  it('is said as such by record-undeployment, not as "not deployed in prodution"', async () => {
    const r = await cli('record-undeployment', ...target('users-service', 'prodution'));
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toBe(
      'error ERR_ENVIRONMENT_UNKNOWN: unknown environment \'prodution\' (known: production, staging): did you mean production?\nRun "overseer explain ERR_ENVIRONMENT_UNKNOWN" for what to do.\n',
    );
    const live = await fetch(`${session.registry.url}/v1/environments/production/deployments`).then((res) => res.json());
    expect(live.deployments.map((d: { version: string }) => d.version)).toEqual(['1.0.0']);
  });

  it('shortened, is guessed as the span log guesses it: prod means production', async () => {
    const r = await cli('can-i-deploy', '--service', 'users-service', '--version', '1.0.0', '--to', 'prod');
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toBe(
      'error ERR_ENVIRONMENT_UNKNOWN: unknown environment \'prod\' (known: production, staging): did you mean production?\nRun "overseer explain ERR_ENVIRONMENT_UNKNOWN" for what to do.\n',
    );
  });

  it('near none of the known ones, says how to create it', async () => {
    const r = await cli('record-deployment', ...target('users-service', 'preprod'));
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toBe(
      'error ERR_ENVIRONMENT_UNKNOWN: unknown environment \'preprod\' (known: production, staging); create it with `overseer environment create preprod`\nRun "overseer explain ERR_ENVIRONMENT_UNKNOWN" for what to do.\n',
    );
  });
});

describe('a misspelled service', () => {
  it.each([['record-deployment'], ['record-release'], ['record-undeployment'], ['record-support-ended']])(
    '%s names the one probably meant',
    async (command) => {
      const r = await cli(command, ...target('user-service', 'production'));
      expect(r).toMatchObject({ code: 2, stdout: '' });
      expect(r.stderr).toBe(
        'error ERR_SERVICE_UNKNOWN: no service is named user-service: did you mean --service users-service?\nRun "overseer explain ERR_SERVICE_UNKNOWN" for what to do.\n',
      );
    },
  );
});

// A consumer's manifest misspelling its provider: deploying a service of that name, all the refusal said before, would
// never cure it; the one live there a typo away is named beside it.
describe('a provider misspelled under consumes', () => {
  it('is refused naming the live service probably meant', async () => {
    const manifest = join(session.dir, 'orders-typo.yaml');
    const provides = resolve('examples/orders-service/openapi.yaml');
    await writeFile(
      manifest,
      `service: orders-service\nprovides: ${provides}\nconsumes:\n  users-servce:\n    - operation: GET /users/{userId}\n      response: [id]\n`,
    );
    expect((await cli('publish', '--manifest', manifest, '--version', '1.0.0')).code).toBe(0);
    const r = await cli('can-i-deploy', '--service', 'orders-service', '--version', '1.0.0', '--to', 'production');
    expect(r).toMatchObject({ code: 1, stderr: '' });
    expect(r.stdout).toBe(
      'NOT DEPLOYABLE: orders-service 1.0.0 to production (1 blocking reason)\n' +
        '  x provider-not-deployed: users-servce is not deployed in production: did you mean users-service? orders-service 1.0.0 uses it: ' +
        "correct the name under its manifest's consumes, or deploy users-servce first\n",
    );
  });
});

// Last: it creates the typo, which the tests above expect not to exist.
describe('environment create with a name a typo away from a known one', () => {
  it('creates it, warning that it is not the one probably meant', async () => {
    const created = await cli('environment', 'create', 'prodution');
    expect(created).toMatchObject({ code: 0, stdout: 'created environment prodution\n' });
    expect(created.stderr).toBe(
      'warning: prodution is a new environment, a typo away from production: what is deployed in production does not count in prodution; ' +
        'if production was meant, it exists already\n',
    );
    expect(await cli('environment', 'create', 'prodution')).toMatchObject({ code: 0, stderr: '' });
    expect(await cli('environment', 'create', 'staging-eu')).toMatchObject({ code: 0, stdout: 'created environment staging-eu\n', stderr: '' });
  });
});
