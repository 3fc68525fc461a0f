// A use the provider never met, waived (the gate's way out of a refusal the provider cannot fix): published with the
// provider's version and honoured the same by the CLI's can-i-deploy, the registry's /v1/can-i-deploy and the verdict
// page. Against the registry, run in the test's process (test/e2e/in-process.ts), on a fresh SQLite file.

import { cp, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useRegistry } from './registry-session.js';

/** admin-ui reads `nickname` of GET /users/{id}: no version of users-service ever returned it. */
const ADMIN_UI = [
  'service: admin-ui',
  'owners: ["@acme/admin"]',
  'consumes:',
  '  users-service:',
  '    - operation: getUser',
  '      response: [id, nickname]',
];
const NICKNAME_WAIVER = [
  '- rule: field-missing',
  '  operation: GET /users/{id}',
  '  consumer: admin-ui',
  '  field: nickname',
  '  reason: admin-ui drops nickname from its manifest in 3.1 (agreed with @acme/admin)',
  '  expires: 2999-12-31',
  '- rule: field-missing',
  '  operation: GET /users/{id}',
  '  consumer: admin-ui',
  '  field: avatar',
  '  reason: a stale entry',
  '  expires: 2999-12-31',
];

const publishUsers = (version: string, ...more: string[]) =>
  cli('publish', '--manifest', 'users-service/overseer.yaml', '--contract', 'users-service/openapi.v1.1.yaml', '--version', version, ...more);
const ask = (version: string, ...more: string[]) => cli('can-i-deploy', '--service', 'users-service', '--version', version, '--to', 'production', ...more);

const session = useRegistry({
  name: 'waivers-unmet',
  inDir: true,
  before: async ({ dir }) => {
    await cp(join('examples', 'users-service'), join(dir, 'users-service'), { recursive: true });
    await mkdir(join(dir, 'admin-ui'));
    await writeFile(join(dir, 'admin-ui', 'overseer.yaml'), `${ADMIN_UI.join('\n')}\n`);
    await writeFile(join(dir, 'waivers.yaml'), `${NICKNAME_WAIVER.join('\n')}\n`);
  },
  setup: [
    ['environment', 'create', 'production'],
    ...['users-service', 'admin-ui'].flatMap((service) => [
      ['publish', '--manifest', `${service}/overseer.yaml`, '--version', '1.0.0'],
      ['record-deployment', '--service', service, '--version', '1.0.0', '--env', 'production'],
    ]),
  ],
});
const cli = (...args: string[]) => session.cli(...args);

describe('a waiver of a use the provider never met, against a real registry', () => {
  it('refuses without it; with it the CLI, the registry and the verdict page say deployable and list the use as waived', async () => {
    expect((await publishUsers('1.1.0')).code).toBe(0);
    const refused = await ask('1.1.0', '--format', 'json');
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout).reasons).toEqual([expect.objectContaining({ code: 'field-missing', consumer: 'admin-ui', alreadyUnmetBy: ['1.0.0'] })]);

    expect((await publishUsers('1.1.1', '--waivers', 'waivers.yaml')).code).toBe(0);
    const asked = await ask('1.1.1', '--format', 'json');
    expect(asked.code, asked.stdout).toBe(0);
    const verdict = JSON.parse(asked.stdout);
    expect(verdict).toMatchObject({ decision: 'deployable', reasons: [] });
    const waived = {
      consumer: 'admin-ui',
      consumerVersion: '1.0.0',
      change: expect.objectContaining({
        id: 'field-missing',
        operation: 'GET /users/{id}',
        message: expect.stringContaining('already unmet by the deployed version 1.0.0'),
      }),
      waiver: { reason: 'admin-ui drops nickname from its manifest in 3.1 (agreed with @acme/admin)', expires: '2999-12-31', file: 'waivers.yaml', line: 1 },
    };
    expect(verdict.waived).toEqual([waived]);
    // The entry for a field admin-ui does not read matched nothing: the usual notice, which refuses nothing.
    expect(verdict.notices).toEqual([
      expect.objectContaining({
        code: 'waiver-unused',
        line: 7,
        message: expect.stringContaining('accepts only a use that every live version already failed'),
      }),
    ]);

    // The registry's own answer is the same verdict.
    const query = new URLSearchParams({ service: 'users-service', version: '1.1.1', environment: 'production' });
    const direct = await (await fetch(new URL(`/v1/can-i-deploy?${query}`, session.registry.url))).json();
    expect(direct).toMatchObject({ decision: 'deployable', reasons: [], waived: [waived] });

    const text = await ask('1.1.1');
    expect(text.stdout).toContain('DEPLOYABLE: users-service 1.1.1 to production (1 change waived)');
    expect(text.stdout).toContain('~ waived for admin-ui 1.0.0: GET /users/{id}: GET /users/{id} of users-service does not return `nickname`');
    expect(text.stdout).toContain(
      '[field-missing], waived: admin-ui drops nickname from its manifest in 3.1 (agreed with @acme/admin) (until 2999-12-31 24:00 UTC, waivers.yaml:1)',
    );
  });

  // can-i-deploy asks with POST, which the registry records: the asks above are in the audit trail.
  it('shows the waived use on the recorded verdict page, with the reason and where the waiver is written', async () => {
    const [latest] = (await (await fetch(new URL('/v1/verdicts?service=users-service&limit=1', session.registry.url))).json()).verdicts;
    expect(latest).toMatchObject({ version: '1.1.1', decision: 'deployable' });
    const page = await (await fetch(new URL(`/verdicts/${latest.id}`, session.registry.url))).text();
    expect(page).toContain('Waived changes (1)');
    expect(page).toContain('<code>field-missing</code>');
    expect(page).toContain('admin-ui drops nickname from its manifest in 3.1 (agreed with @acme/admin)');
    expect(page).toContain('<code>waivers.yaml:1</code>');
  });
});
