// A waiver scoped to a consumer with no version live in the environment (a typo, `checkout-wbe`): the break it meant
// to accept still refused, and the notice said only "check its rule, operation, consumer and field", so the team
// looked at the rule first. It now names the consumer as the one thing wrong, with the live name it most likely means.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateStepsOf } from './gate-steps.js';
import { useRegistry } from './registry-session.js';

const read = { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { '200': { description: 'ok' } } };
const users = (paths: string[]) => ({
  openapi: '3.0.3',
  info: { title: 'users', version: '1' },
  paths: Object.fromEntries(paths.map((p) => [p, { get: read }])),
});
const waiver = (consumer: string) =>
  [
    '- rule: api-path-removed-without-deprecation',
    '  operation: GET /users/{id}',
    `  consumer: ${consumer}`,
    '  reason: checkout moved to the v2 lookup',
    '  expires: 2999-12-31',
    '',
  ].join('\n');

const session = useRegistry({ name: 'gate-waiver-unknown-consumer', setup: [['environment', 'create', 'production']] });
const { publish, deploy, verdictOf } = gateStepsOf(session);

describe('a waiver for a consumer with no version live there', () => {
  it('refuses as before, and the notice names the consumer and the live one it most likely means', async () => {
    await publish('users', '1.0.0', { contract: users(['/users/{id}', '/v2/users/{id}']) });
    await deploy('users', '1.0.0');
    await publish('checkout-web', '1.0.0', { consumes: '  users:\n    - GET /users/{id}' });
    await deploy('checkout-web', '1.0.0');
    await writeFile(join(session.dir, 'typo.yaml'), waiver('checkout-wbe'));
    await publish('users', '2.0.0', { contract: users(['/v2/users/{id}']) }, '--waivers', join(session.dir, 'typo.yaml'));

    const asked = await verdictOf('users', '2.0.0');
    expect(asked.code).toBe(1);
    const expected = [
      expect.objectContaining({
        code: 'waiver-unused',
        message: expect.stringContaining('(judged against production): no version of checkout-wbe was judged there: did you mean checkout-web?'),
      }),
    ];
    expect(asked.verdict.notices).toEqual(expected);

    const checked = await session.cli(
      'check',
      '--manifest',
      `${session.dir}/users-2.0.0/overseer.yaml`,
      '--against',
      'production',
      '--waivers',
      join(session.dir, 'typo.yaml'),
      '--format',
      'json',
    );
    expect(checked.code).toBe(1);
    expect(JSON.parse(checked.stdout).notices).toEqual(expected);

    // Spelled right, it waives.
    await writeFile(join(session.dir, 'right.yaml'), waiver('checkout-web'));
    await publish('users', '2.0.1', { contract: users(['/v2/users/{id}']) }, '--waivers', join(session.dir, 'right.yaml'));
    expect((await verdictOf('users', '2.0.1')).code).toBe(0);
  });
});

describe('a waiver naming a rule overseer does not check', () => {
  it('is warned of when published, since the version keeps it for good, and is still a notice at the gate', async () => {
    await writeFile(
      join(session.dir, 'rule.yaml'),
      waiver('checkout-web').replace('api-path-removed-without-deprecation', 'api-path-remved-without-deprecation'),
    );
    const folder = join(session.dir, 'users-2.0.0', 'overseer.yaml');
    const published = await session.cli('publish', '--manifest', folder, '--version', '2.0.2', '--waivers', join(session.dir, 'rule.yaml'));
    expect(published.code, published.stderr).toBe(0);
    expect(published.stderr).toContain(
      'rule.yaml:1: the waiver of api-path-remved-without-deprecation on GET /users/{id} for checkout-web names a rule overseer does not check, so it will match nothing',
    );
    const asked = await verdictOf('users', '2.0.2');
    expect(asked.code).toBe(1);
    expect(asked.verdict.notices).toEqual([
      expect.objectContaining({ code: 'waiver-unused', message: expect.stringContaining('is not a rule overseer checks') }),
    ]);
  });
});
