// What a platform engineer trips over in the first hour, part two: a misspelled service, environment or branch, at the
// gate and in listings, is no decision (exit 2) naming the nearest known one, never a yes or an empty list judged
// against nothing. The commands run in this process against a registry in it (test/e2e/in-process.ts).

import { copyFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../e2e/cli-process.js';
import { useRegistry } from '../e2e/registry-session.js';

const session = useRegistry({
  name: 'first-hour-names',
  setup: [
    ['publish', '--manifest', 'examples/users-service/overseer.yaml', '--version', '1.0.0'],
    ['publish', '--manifest', 'examples/checkout-web/overseer.yaml', '--version', '1.0.0'],
    ['environment', 'create', 'production'],
  ],
});
const cli = (args: string[]) => session.cli(...args);
const UNKNOWN =
  'error ERR_ENVIRONMENT_UNKNOWN: unknown environment \'prodution\' (known: production): did you mean production?\nRun "overseer explain ERR_ENVIRONMENT_UNKNOWN" for what to do.\n';

describe('a misspelled service at the gate', () => {
  it('is no decision (exit 2) in a check, whose yes would have judged none of the consumers of the service meant', async () => {
    const typo = join(session.dir, 'user-service.yaml');
    await copyFile(join(REPO_ROOT, 'examples/users-service/openapi.v2.yaml'), join(session.dir, 'users-v2.yaml'));
    await writeFile(typo, 'service: user-service\nowners: ["@acme/identity"]\nprovides: ./users-v2.yaml\n');
    const r = await cli(['check', '--manifest', typo, '--against', 'production']);
    expect(r).toMatchObject({
      code: 2,
      stdout: '',
      stderr:
        `error ERR_SERVICE_UNKNOWN: ${typo}: no service is named user-service: did you mean users-service? Its consumers were not judged; ` +
        'correct "service:", or publish user-service once if it is a new service\nRun "overseer explain ERR_SERVICE_UNKNOWN" for what to do.\n',
    });
    const fresh = join(session.dir, 'fresh.yaml');
    await writeFile(fresh, 'service: ledger-api\nowners: ["@acme/ledger"]\n');
    // A new service's yes; nothing is recorded deployed in production, so no consumer was judged, and the note says so.
    const fresher = await cli(['check', '--manifest', fresh, '--against', 'production']);
    expect(fresher.code).toBe(0);
    expect(fresher.stdout).toContain('  notice: no deployment is recorded in production, so no consumer was judged there');
  });

  it('is undecided (exit 2), its reason naming the nearest known service on every door', async () => {
    const r = await cli(['can-i-deploy', '--service', 'user-service', '--version', '1.0.0', '--to', 'production']);
    expect(r).toMatchObject({ code: 2, stderr: '' });
    expect(r.stdout.split('\n')[1]).toBe('  ? version-unknown: no service is named user-service: did you mean users-service?');
    const json = await cli(['can-i-deploy', '--service', 'user-service', '--version', '1.0.0', '--to', 'production', '--format', 'json']);
    const reasons = (JSON.parse(json.stdout) as { reasons: { code: string; message: string }[] }).reasons;
    expect(reasons).toMatchObject([{ code: 'version-unknown', message: 'no service is named user-service: did you mean users-service?' }]);
    // The dashboard's page of that recorded ask.
    const listed = (await (await fetch(`${session.registry.url}/v1/verdicts?service=user-service`)).json()) as { verdicts: { id: number }[] };
    const page = await (await fetch(`${session.registry.url}/verdicts/${listed.verdicts[0]!.id}`)).text();
    expect(page).toContain('no service is named user-service: did you mean users-service?');
  });

  it('is undecided (exit 2) for a version not published, naming the newest published rather than a number an edit away', async () => {
    const r = await cli(['can-i-deploy', '--service', 'users-service', '--version', '9.0.0', '--to', 'production']);
    expect(r).toMatchObject({ code: 2, stderr: '' });
    expect(r.stdout.split('\n')[1]).toBe(
      '  ? version-unknown: users-service 9.0.0 is not published (the newest published is 1.0.0): publish it before asking whether it can be deployed',
    );
  });

  it('is undecided (exit 2) for a published version written otherwise, naming that one', async () => {
    for (const written of ['1.0', 'v1.0.0']) {
      const r = await cli(['can-i-deploy', '--service', 'users-service', '--version', written, '--to', 'production']);
      expect(r).toMatchObject({ code: 2, stderr: '' });
      expect(r.stdout.split('\n')[1]).toBe(`  ? version-unknown: users-service ${written} is not published: did you mean 1.0.0?`);
    }
  });
});

describe('a misspelled service in a listing', () => {
  it('fails (exit 2) naming the nearest known service, in consumers, usage and migrations alike', async () => {
    for (const command of ['consumers', 'usage', 'migrations']) {
      const r = await cli([command, '--service', 'user-service']);
      expect(r).toMatchObject({ code: 2, stdout: '' });
      expect(r.stderr).toBe(
        'error ERR_SERVICE_UNKNOWN: no service is named user-service: did you mean --service users-service?\nRun "overseer explain ERR_SERVICE_UNKNOWN" for what to do.\n',
      );
    }
    const far = await cli(['usage', '--service', 'zzz']);
    expect(far).toMatchObject({
      code: 2,
      stderr:
        'error ERR_SERVICE_UNKNOWN: no service is named zzz (overseer publish registers it)\nRun "overseer explain ERR_SERVICE_UNKNOWN" for what to do.\n',
    });
  });
});

describe('a misspelled environment on a read', () => {
  it('is no decision (exit 2) naming the known ones, never an empty list that reads as "nobody uses it"', async () => {
    for (const command of ['consumers', 'migrations', 'usage']) {
      const r = await cli([command, '--service', 'users-service', '--environment', 'prodution']);
      expect(r, command).toMatchObject({ code: 2, stdout: '', stderr: UNKNOWN });
    }
    const known = await cli(['migrations', '--service', 'users-service', '--environment', 'production']);
    expect(known).toMatchObject({ code: 0, stdout: expect.stringMatching(/^users-service is not deployed in production: .*\(it runs nowhere yet\)\.\n/) });
  });
});

describe('a misspelled branch', () => {
  it('is no decision (exit 2) naming the nearest known branch, never a yes judged against nothing', async () => {
    // The same version published again on a branch adds the branch and no version: the other cases keep their latest.
    const onMain = await cli(['publish', '--manifest', 'examples/checkout-web/overseer.yaml', '--version', '1.0.0', '--branch', 'main']);
    expect(onMain.code, onMain.stderr).toBe(0);
    const typo =
      "error ERR_BRANCH_UNKNOWN: nothing was published on branch 'mian' (nearest known: main): did you mean main? If 'mian' is a new branch, publish with --branch mian first\nRun \"overseer explain ERR_BRANCH_UNKNOWN\" for what to do.\n";
    const check = await cli(['check', '--manifest', 'examples/checkout-web/overseer.yaml', '--branch', 'mian']);
    expect(check).toMatchObject({ code: 2, stdout: '', stderr: typo });
    expect(await cli(['consumers', '--service', 'users-service', '--branch', 'mian'])).toMatchObject({ code: 2, stdout: '', stderr: typo });
    // On a known branch it is judged: checkout-web's provider was never published on main, which blocks.
    const known = await cli(['check', '--manifest', 'examples/checkout-web/overseer.yaml', '--branch', 'main']);
    expect(known).toMatchObject({ code: 1, stderr: '' });
    expect(known.stdout).toContain('users-service');
  });
});

describe('a commit hash written short', () => {
  it('is no decision (exit 2) naming the full hash published, never advice to publish the same commit again', async () => {
    const sha = 'b97245a3c0de9f1e2d3c4b5a69788796a5b4c3d2';
    const published = await cli(['publish', '--manifest', 'examples/checkout-web/overseer.yaml', '--version', sha]);
    expect(published.code, published.stderr).toBe(0);
    const ask = await cli(['can-i-deploy', '--service', 'checkout-web', '--version', 'b97245a', '--to', 'production']);
    expect(ask).toMatchObject({ code: 2, stderr: '' });
    expect(ask.stdout.split('\n')[1]).toBe(`  ? version-unknown: checkout-web b97245a is not published: did you mean ${sha}?`);
    const record = await cli(['record-deployment', '--service', 'checkout-web', '--version', 'b97245a', '--env', 'production']);
    expect(record).toMatchObject({ code: 2, stdout: '' });
    expect(record.stderr).toContain(`did you mean --version ${sha}?`);
  });
});
