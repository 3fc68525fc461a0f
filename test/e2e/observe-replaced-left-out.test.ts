// Calls of a consumer version that the environment replaced are left out by the gate, `overseer usage`, migrations'
// "still used by" and deprecation readiness alike, and the gate's verdict says so (text, JSON, markdown): a yes that
// rests on fewer calls than the registry received is explained, and no other view still counts them.

import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RegistryDeployment, UsageListing } from '../../contracts/index.js';
import { traceExport } from '../helpers/otlp.js';
import { REPO_ROOT } from './cli-process.js';
import { useRegistry } from './registry-session.js';
import { waitForCaller, waitForUsage } from './usage-wait.js';

const session = useRegistry({
  name: 'observe-replaced-left-out',
  inDir: true,
  serveEnv: { OVERSEER_USAGE_FLUSH_MS: '100' },
  before: async ({ dir }) => {
    const contract = await readFile(join(REPO_ROOT, 'examples/users-service/openapi.yaml'), 'utf8');
    const deprecated = contract.replace('      operationId: createUser\n', '      operationId: createUser\n      deprecated: true\n');
    const start = contract.indexOf('    post:\n      operationId: createUser');
    const removed = contract.slice(0, start) + contract.slice(contract.indexOf('  /users/{id}:'));
    expect(deprecated).not.toBe(contract);
    expect(removed).not.toContain('createUser');
    await writeFile(join(dir, 'users.v1.1.yaml'), deprecated);
    await writeFile(join(dir, 'users.v2.yaml'), removed);
    await writeFile(join(dir, 'users.yaml'), 'service: users-service\nowners: ["@acme/identity"]\nprovides: ./users.v1.1.yaml\n');
    await writeFile(join(dir, 'signup.yaml'), 'service: signup-web\nowners: ["@acme/growth"]\n');
  },
  setup: [
    ['environment', 'create', 'production'],
    ['publish', '--manifest', 'users.yaml', '--version', '1.1.0'],
    ['publish', '--manifest', 'users.yaml', '--contract', 'users.v2.yaml', '--version', '2.0.0'],
    ['publish', '--manifest', 'signup.yaml', '--version', '1.0.0'],
    ['publish', '--manifest', 'signup.yaml', '--version', '1.1.0'],
    ['record-deployment', '--service', 'users-service', '--version', '1.1.0', '--env', 'production'],
    ['record-deployment', '--service', 'signup-web', '--version', '1.0.0', '--env', 'production'],
  ],
});

const cli = (...args: string[]) => session.cli(...args);
const migrations = (...more: string[]) => cli('migrations', '--service', 'users-service', '--environment', 'production', ...more);
const usage = () => cli('usage', '--service', 'users-service', '--as-provider', '--environment', 'production', '--format', 'json');
const servicePage = async () => (await fetch(`${session.registry.url}/services/users-service?environment=production`)).text();
const gate = (...more: string[]) => cli('can-i-deploy', '--service', 'users-service', '--version', '2.0.0', '--to', 'production', ...more);

/** `count` spans of signup-web 1.0.0 calling POST /users in production, accepted whole by the receiver. */
async function postSignupCalls(count: number): Promise<void> {
  const call = {
    consumer: 'signup-web',
    consumerVersion: '1.0.0',
    environment: 'production',
    provider: 'users-service',
    method: 'POST',
    url: 'http://users.internal/users',
  };
  const posted = await fetch(`${session.registry.url}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(traceExport(Array.from({ length: count }, () => call))),
  });
  expect(await posted.json()).toEqual({ partialSuccess: {} });
}

describe('calls of a consumer version the environment replaced', () => {
  it('count while it is live: the removal of what it calls is refused', async () => {
    await postSignupCalls(3);
    await waitForCaller(session.registry.url, 'users-service', 'signup-web', 'production');
    expect((await migrations()).stdout).toContain('signup-web');
    expect((await gate()).code).toBe(1);
    expect(await servicePage()).toContain('signup-web');
    expect(JSON.parse((await usage()).stdout).uses).toEqual([expect.objectContaining({ consumer: 'signup-web', operation: 'POST /users' })]);
  });

  it('are left out once another version replaced it, by every view, and the verdict says so', async () => {
    expect((await cli('record-deployment', '--service', 'signup-web', '--version', '1.1.0', '--env', 'production')).code).toBe(0);
    // The day the registry recorded the replacement, not today's date read here: the two differ across midnight UTC.
    const history = (await (await fetch(`${session.registry.url}/v1/deployments?service=signup-web`)).json()) as { deployments: RegistryDeployment[] };
    const replaced = history.deployments.find((d) => d.service === 'signup-web' && d.version === '1.0.0');
    expect(replaced?.replacedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const line = `3 calls from signup-web 1.0.0 left out: replaced by 1.1.0 in production on ${replaced?.replacedAt?.slice(0, 10)}`;

    const json = await gate('--format', 'json');
    expect(json.code, json.stdout).toBe(0);
    expect(JSON.parse(json.stdout).notices).toEqual([
      expect.objectContaining({ code: 'observed-calls-left-out', consumer: 'signup-web', message: expect.stringContaining(line) }),
    ]);
    expect((await gate()).stdout).toContain(line);
    expect((await gate('--format', 'markdown')).stdout).toContain(line);

    // overseer usage leaves them out too, and says which, in JSON and in text, from either side.
    const listed = JSON.parse((await usage()).stdout);
    expect(listed.uses).toEqual([]);
    expect(listed.notices).toEqual([
      expect.objectContaining({ code: 'observed-calls-left-out', consumer: 'signup-web', message: expect.stringContaining(line) }),
    ]);
    const text = await cli('usage', '--service', 'users-service', '--as-provider', '--environment', 'production');
    expect(text.stdout).toBe(`Uses of users-service in production: none.\nnotice: ${line}, and only a version live there counts\n`);
    expect((await cli('usage', '--service', 'signup-web', '--environment', 'production')).stdout).toContain(`notice: ${line}`);
    const left = await migrations();
    expect(left.code).toBe(0);
    expect(left.stdout).toContain('POST /users');
    // No longer a user: it moved off the operation when 1.1.0 replaced it (test/e2e/migrations-moved.test.ts).
    expect(left.stdout).toContain('ready to remove: no consumer there uses it\n    moved off it: signup-web (1.0.0 replaced by 1.1.0 on ');
    // The dashboard's page of the provider no longer lists it among the consumers seen in traces.
    expect(await servicePage()).not.toContain('signup-web');
  });

  it('count again while the replaced version is still seen calling after its replacement was recorded', async () => {
    // The replacement was recorded before this span: the old version still runs (a rollout not finished, a pod left).
    await postSignupCalls(1);
    // Written once the listing counts the calls again, saying why.
    const still = (listing: UsageListing) => listing.notices?.some((n) => n.code === 'observed-calls-still-seen') === true;
    await waitForUsage(session.registry.url, { service: 'users-service', environment: 'production', asProvider: true }, still);
    expect((await migrations()).stdout).toContain('signup-web');

    const json = await gate('--format', 'json');
    expect(json.code, json.stdout).toBe(1);
    const verdict = JSON.parse(json.stdout);
    // Observed calls count for the consumer as it runs there (its live version), as every observed use does.
    expect(verdict.reasons).toContainEqual(expect.objectContaining({ code: 'breaks-consumer', consumer: 'signup-web', basis: 'observed' }));
    expect(verdict.notices).toEqual([
      expect.objectContaining({
        code: 'observed-calls-still-seen',
        consumer: 'signup-web',
        message: expect.stringContaining('4 calls from signup-web 1.0.0 counted: replaced by 1.1.0 in production on'),
      }),
    ]);
    const listed = JSON.parse((await usage()).stdout);
    expect(listed.uses).toEqual([expect.objectContaining({ consumer: 'signup-web', operation: 'POST /users' })]);
    expect(listed.notices).toEqual([expect.objectContaining({ code: 'observed-calls-still-seen', consumer: 'signup-web' })]);
  });
});
