// The gate when the provider's version deployed there has no contract in the registry: nothing to diff the candidate
// from. What consumers name is judged against the candidate alone and the verdict says so; a consumer of everything
// (`"*"`) is not a yes. Against a registry run in the test's process, on a fresh SQLite file.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateSteps } from './gate-steps.js';
import { useRegistry } from './registry-session.js';
import { publishFolder, type ServiceParts } from './service-folder.js';

/** A contract offering GET on each path, each returning `{id}`. */
const contractOf = (...paths: string[]) => ({
  openapi: '3.0.3',
  info: { title: 'users', version: '1' },
  paths: Object.fromEntries(
    paths.map((p) => {
      const schema = { type: 'object', properties: { id: { type: 'string' } } };
      return [p, { get: { responses: { '200': { description: 'ok', content: { 'application/json': { schema } } } } } }];
    }),
  ),
});

const UNKNOWN_WORDS = 'has no contract in the registry';

const session = useRegistry({ name: 'gate-unknown-contract', setup: [['environment', 'create', 'production']] });
const cli = (...args: string[]) => session.cli(...args);
const publish = async (service: string, version: string, parts: ServiceParts, ...more: string[]) => {
  const done = await publishFolder((...args) => cli(...args, ...more), session.dir, service, version, parts);
  expect(done.code, done.stderr).toBe(0);
};
const { deploy } = gateSteps(cli, () => session.dir);
const ask = (service: string, version: string, ...more: string[]) =>
  cli('can-i-deploy', '--service', service, '--version', version, '--to', 'production', ...more);

/** `provider` 1.0.0 deployed without a contract, and `consumer` 1.0.0 deployed using it as `consumes` says. */
async function deployWithoutContract(provider: string, consumer: string, consumes: string): Promise<void> {
  await publish(provider, '1.0.0', {});
  await deploy(provider, '1.0.0');
  await publish(consumer, '1.0.0', { consumes });
  await deploy(consumer, '1.0.0');
}

describe('a provider deployed without a contract, against a real registry', () => {
  it('refuses a version while a consumer of everything ("*") is live, says why in every output, and a waiver for it lets it through', async () => {
    await deployWithoutContract('users-a', 'all-user', '  users-a: "*"');
    await publish('users-a', '2.0.0', { contract: contractOf('/health') });

    const asked = await ask('users-a', '2.0.0', '--format', 'json');
    expect(asked.code, asked.stdout).toBe(1);
    const verdict = JSON.parse(asked.stdout);
    expect(verdict.decision).toBe('refused');
    const refusal = verdict.reasons.find((r: { severity: string }) => r.severity === 'error');
    expect(refusal).toMatchObject({ code: 'deployed-contract-unknown', consumer: 'all-user', consumerVersion: '1.0.0', provider: 'users-a' });
    expect(refusal.message).toBe(
      'all-user 1.0.0 uses all of users-a ("*"), and users-a 1.0.0, deployed in production, has no contract in the registry: nothing shows what all-user relies on, so users-a 2.0.0 may take it away unseen (all-user\'s owners can declare the operations it uses; meanwhile a deployed-contract-unknown waiver for all-user (operation "*") lets users-a deploy)',
    );

    const text = await ask('users-a', '2.0.0');
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('NOT DEPLOYABLE: users-a 2.0.0 to production (1 blocking reason, 1 note)');
    expect(text.stdout).toContain(`x deployed-contract-unknown: ${refusal.message}`);

    // The registry's own answer, and the recorded verdict's page, carry the same words.
    const query = new URLSearchParams({ service: 'users-a', version: '2.0.0', environment: 'production' });
    const direct = await (await fetch(new URL(`/v1/can-i-deploy?${query}`, session.registry.url))).json();
    expect(direct.reasons).toEqual(verdict.reasons);
    const [latest] = (await (await fetch(new URL('/v1/verdicts?service=users-a&limit=1', session.registry.url))).json()).verdicts;
    const page = await (await fetch(new URL(`/verdicts/${latest.id}`, session.registry.url))).text();
    expect(page).toContain('<code>deployed-contract-unknown</code>');
    expect(page).toContain('users-a 1.0.0, deployed in production, has no contract in the registry');

    await writeFile(
      join(session.dir, 'unknown-waiver.yaml'),
      [
        '- rule: deployed-contract-unknown',
        '  operation: "*"',
        '  consumer: all-user',
        '  reason: all-user calls GET /health only',
        '  expires: 2999-12-31',
        '',
      ].join('\n'),
    );
    await publish('users-a', '2.0.1', { contract: contractOf('/health') }, '--waivers', join(session.dir, 'unknown-waiver.yaml'));
    const waived = await ask('users-a', '2.0.1', '--format', 'json');
    expect(waived.code, waived.stdout).toBe(0);
    expect(JSON.parse(waived.stdout)).toMatchObject({
      decision: 'deployable',
      reasons: [{ code: 'deployed-contract-unknown', severity: 'warning' }],
      waived: [{ consumer: 'all-user', change: { id: 'deployed-contract-unknown' }, waiver: { reason: 'all-user calls GET /health only' } }],
    });
  });

  it('judges what a consumer names against the candidate alone, and says the deployed contract is unknown even on a yes', async () => {
    await deployWithoutContract('users-b', 'op-user', '  users-b:\n    - GET /users/{id}');
    await publish('users-b', '2.0.0', { contract: contractOf('/health') });
    const removed = await ask('users-b', '2.0.0', '--format', 'json');
    expect(removed.code).toBe(1);
    expect(JSON.parse(removed.stdout).reasons.map((r: { code: string; severity: string }) => `${r.code} ${r.severity}`)).toEqual([
      'deployed-contract-unknown warning',
      'operation-missing error',
    ]);

    await publish('users-b', '2.1.0', { contract: contractOf('/health', '/users/{id}') });
    const kept = await ask('users-b', '2.1.0');
    expect(kept.code, kept.stdout).toBe(0);
    expect(kept.stdout).toBe(
      [
        'DEPLOYABLE: users-b 2.1.0 to production (1 note)',
        "  - deployed-contract-unknown: users-b 1.0.0, deployed in production, has no contract in the registry: users-b 2.1.0 was not compared with it, so each consumer's operations and fields were looked for in users-b 2.1.0 alone, and a change to them (a type, a new required input) could not be seen",
        '',
      ].join('\n'),
    );
  });

  it('compares with the live version that has a contract, and still names the one without', async () => {
    await deployWithoutContract('users-c', 'all-user-c', '  users-c: "*"');
    await publish('users-c', '1.1.0', { contract: contractOf('/health', '/users/{id}') });
    expect((await cli('record-deployment', '--service', 'users-c', '--version', '1.1.0', '--env', 'production', '--rolling')).code).toBe(0);
    await publish('users-c', '2.0.0', { contract: contractOf('/health') });
    const asked = JSON.parse((await ask('users-c', '2.0.0', '--format', 'json')).stdout);
    expect(asked.reasons.map((r: { code: string; severity: string }) => `${r.code} ${r.severity}`)).toEqual([
      'breaks-consumer error',
      'deployed-contract-unknown warning',
    ]);
    expect(asked.reasons[1].message).toContain(`users-c 1.0.0, deployed in production, ${UNKNOWN_WORDS}`);
  });
});

describe('a waiver of a gate reason without a consumer', () => {
  it('stops the publication at the CLI (exit 2) naming the file, the line and the missing consumer; nothing is published', async () => {
    const file = join(session.dir, 'no-consumer.yaml');
    const entry = ['- rule: deployed-contract-unknown', '  operation: "*"', '  reason: nobody in particular', '  expires: 2999-12-31'];
    await writeFile(file, ['# accepted at the gate', ...entry, ''].join('\n'));
    const published = await publishFolder((...args) => cli(...args, '--waivers', file), session.dir, 'users-e', '1.0.0', { contract: contractOf('/health') });
    expect(published.code).toBe(2);
    expect(published.stderr).toContain(
      `${file}:2: a deployed-contract-unknown waiver needs a consumer, the service whose use it accepts (add a line like "consumer: checkout-web"): without one it matches nothing`,
    );
    const stored = await fetch(new URL('/v1/services/users-e/versions/1.0.0', session.registry.url));
    expect(stored.status).toBe(404);
  });
});
