// A host or an API name goes to the first service that lists it. When another service squatted one, its rightful
// owner's publication is refused and told the way out; the admin gives the name back with `overseer claim`, which the
// registry logs. Through the CLI, against `overseer serve` in its own process (its log is what is read).

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '../helpers/webhook-receiver.js';
import { assertBuilt, type RunningRegistry, startRegistry } from './cli-process.js';
import { runCliHere } from './in-process.js';

const ADMIN = 'admin-token-for-claim-tests-0123456';
let dir: string;
let registry: RunningRegistry;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  assertBuilt();
  dir = await mkdtemp(join(tmpdir(), 'overseer-claims-'));
  registry = await startRegistry(join(dir, 'registry.db'), { OVERSEER_ADMIN_TOKEN: ADMIN, OVERSEER_LOG_LEVEL: 'info' });
  for (const service of ['squatter', 'users-service']) {
    const created = await cli(ADMIN, 'token', 'create', '--service', service, '--name', `${service}-ci`);
    expect(created.code, created.stderr).toBe(0);
    tokens[service] = created.stdout.trim();
  }
}, 120_000);
afterAll(async () => {
  await registry?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const cli = (token: string, ...args: string[]) => runCliHere(args, { env: { OVERSEER_URL: registry.url, OVERSEER_TOKEN: token, OVERSEER_RETRY_MS: '500' } });

/** Publishes `service` `version` with its own token, from a manifest of `lines` after its name and owners. */
async function publish(service: string, version: string, file: string, lines: string[]) {
  const folder = join(dir, `${service}-${version}`);
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, file), `${lines.join('\n')}\n`);
  return cli(tokens[service], 'publish', '--manifest', join(folder, file), '--version', version);
}

const withHosts = (service: string, ...hosts: string[]) => [`service: ${service}`, 'owners: ["@acme/team"]', `hosts: [${hosts.join(', ')}]`];
const providing = (service: string, ...apis: string[]) => [
  'apiVersion: backstage.io/v1alpha1',
  'kind: Component',
  `metadata: {name: ${service}}`,
  `spec: {type: service, owner: group:acme/team, providesApis: [${apis.map((a) => `api:${a}`).join(', ')}]}`,
];

describe('a squatted host or API name, given back by the admin', () => {
  it('tells the rightful owner the way out, refuses it to a service token, and moves the host for the admin', async () => {
    expect((await publish('squatter', '1.0.0', 'overseer.yaml', withHosts('squatter', 'users.internal', 'squatter.internal'))).code).toBe(0);
    const unregistered = await cli(ADMIN, 'claim', 'host', 'users.internal', '--service', 'users-service');
    expect(unregistered.code).toBe(2);
    expect(unregistered.stderr).toContain(
      'unknown service users-service: a host is given to a registered service; publish users-service once without it, then claim it',
    );
    expect((await publish('users-service', '0.9.0', 'overseer.yaml', ['service: users-service', 'owners: ["@acme/users"]'])).code).toBe(0);
    const refused = await publish('users-service', '1.0.0', 'overseer.yaml', withHosts('users-service', 'users.internal'));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('ERR_SERVICE_HOST_TAKEN');
    expect(refused.stderr).toContain("if it is users-service's, the registry's admin gives it: overseer claim host users.internal --service users-service");

    const byService = await cli(tokens.squatter, 'claim', 'host', 'users.internal', '--service', 'squatter');
    expect(byService.code).toBe(2);
    expect(byService.stderr).toContain('ERR_TOKEN_FORBIDDEN');

    const moved = await cli(ADMIN, 'claim', 'host', 'users.internal', '--service', 'users-service');
    expect(moved).toMatchObject({ code: 0, stdout: "moved: host users.internal is users-service's now, taken from squatter\n" });
    // The line is written once the answer is sent: it may reach the pipe after the CLI has read the answer.
    const audit = 'host users.internal moved from squatter to users-service by admin';
    await waitUntil(
      () => registry.output().includes(audit),
      30_000,
      () => `the registry's log line: ${registry.output().slice(-500)}`,
    );
    expect(registry.output()).toContain('PUT /v1/hosts/users.internal 200');

    expect((await publish('users-service', '1.0.0', 'overseer.yaml', withHosts('users-service', 'users.internal'))).code).toBe(0);
    const again = await publish('squatter', '1.1.0', 'overseer.yaml', withHosts('squatter', 'users.internal', 'squatter.internal'));
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('host users.internal is already listed by users-service');
    const squatter = (await (await fetch(`${registry.url}/v1/services/squatter`)).json()) as { hosts?: string[] };
    expect(squatter.hosts).toEqual(['squatter.internal']);
  });

  it('moves an API name the same way, and says so again when asked twice', async () => {
    expect((await publish('squatter', '2.0.0', 'catalog-info.yaml', providing('squatter', 'users-api'))).code).toBe(0);
    const refused = await publish('users-service', '2.0.0', 'catalog-info.yaml', providing('users-service', 'users-api'));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("if it is users-service's, the registry's admin gives it: overseer claim api users-api --service users-service");

    const moved = await cli(ADMIN, 'claim', 'api', 'users-api', '--service', 'users-service', '--format', 'json');
    expect(JSON.parse(moved.stdout)).toEqual({ kind: 'api', name: 'users-api', to: 'users-service', from: 'squatter', status: 'moved' });
    expect((await publish('users-service', '2.0.0', 'catalog-info.yaml', providing('users-service', 'users-api'))).code).toBe(0);
    const twice = await cli(ADMIN, 'claim', 'api', 'users-api', '--service', 'users-service');
    expect(twice).toMatchObject({ code: 0, stdout: "unchanged: api users-api is users-service's already\n" });
  });
});
