// The services page's "Blocked" column and the version diff against the gate: a main-branch version whose only break its
// own published waivers accept was listed as "1 change breaks consumers in production" while can-i-deploy let it through.

import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt } from './cli-process.js';
import { startExamplesDeployed } from './examples-deployed.js';
import { type RegistryHere, runCliHere } from './in-process.js';

let dir: string;
let registry: RegistryHere;
let env: Record<string, string>;
const cli = (...args: string[]) => runCliHere(args, { env, cwd: dir });
const servicesPage = async () => (await fetch(new URL('/', registry.url))).text();

/** users-service with `email` removed from User, which checkout-web 1.0.0 reads, on main; with a waivers file when given. */
function publishRemoval(version: string, ...waivers: string[]) {
  const args = ['--manifest', 'users-service/overseer.yaml', '--contract', 'users-service/openapi.v2.yaml', '--branch', 'main'];
  return cli('publish', ...args, '--version', version, ...waivers.flatMap((w) => ['--waivers', w]));
}

beforeAll(async () => {
  assertBuilt();
  ({ dir, registry, env } = await startExamplesDeployed('overseer-services-waived-', '--branch', 'main'));
}, 120_000);

afterAll(async () => {
  await registry?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('the services page and a version its waivers let through', () => {
  it('counts a break on main until a waiver published with the head accepts it, as can-i-deploy does', async () => {
    expect((await publishRemoval('2.0.0')).code).toBe(0);
    expect(await servicesPage()).toContain('main <code>2.0.0</code>: 1 change breaks consumers in production (runs <code>1.0.0</code>)');

    await writeFile(
      join(dir, 'waivers.yaml'),
      [
        '- rule: response-optional-property-removed',
        '  operation: GET /users/{id}',
        '  consumer: checkout-web',
        '  reason: the receipt stops showing the e-mail address',
        '  expires: 2999-12-31',
        '',
      ].join('\n'),
    );
    expect((await publishRemoval('2.0.1', 'waivers.yaml')).code).toBe(0);
    const asked = await cli('can-i-deploy', '--service', 'users-service', '--version', '2.0.1', '--to', 'production');
    expect(asked.code, asked.stdout).toBe(0);
    const page = await servicesPage();
    expect(page).toContain('main: <code>2.0.1</code>');
    expect(page).not.toContain('main <code>2.0.1</code>:');
    // Its diff says the break is waived, with the reason and the end, rather than "no consumer is broken".
    const diff = await (await fetch(new URL('/services/users-service?from=1.0.0&to=2.0.1', registry.url))).text();
    expect(diff).toContain('Nothing blocks: 1 change that breaks a consumer is waived by the waivers published with 2.0.1.');
    expect(diff).toContain(
      '<a href="/services/checkout-web">checkout-web</a><br><span class="muted">waived: the receipt stops showing the e-mail address, until 2999-12-31 24:00 UTC</span>',
    );
  });

  it('counts the break again once the waiver has expired', async () => {
    await writeFile(
      join(dir, 'expired.yaml'),
      ['- rule: response-optional-property-removed', '  operation: GET /users/{id}', '  reason: an old agreement', '  expires: 2020-01-31', ''].join('\n'),
    );
    expect((await publishRemoval('2.0.2', 'expired.yaml')).code).toBe(0);
    expect(await servicesPage()).toContain('main <code>2.0.2</code>: 1 change breaks consumers in production (runs <code>1.0.0</code>)');
  });
});
