// A waiver naming the path a consumer declared, where the provider moved its base path from the server URL into its
// paths (`https://x/v1` + `/users/{id}` becomes `https://x` + `/v1/users/{id}`): the URL the consumer calls is the same,
// and the gate judges its use there (declared-path-moved), so the change it accepts is named GET /v1/users/{id}. The
// consumer's owners and the provider's agree on the path the consumer wrote, against the live version: that waiver
// waives, at the gate, in check and in diff --waivers alike.

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateStepsOf } from './gate-steps.js';
import { useRegistry } from './registry-session.js';

/** accounts with `plan` of the given type (or without it), under the server's base path or with it in the paths. */
const accounts = (moved: boolean, plan?: string) => ({
  openapi: '3.0.3',
  info: { title: 'accounts', version: '1' },
  servers: [{ url: moved ? 'https://accounts.example.com' : 'https://accounts.example.com/v1' }],
  paths: {
    [`${moved ? '/v1' : ''}/users/{id}`]: {
      get: {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          '200': {
            description: 'ok',
            content: {
              'application/json': { schema: { type: 'object', properties: { id: { type: 'string' }, ...(plan && { plan: { type: plan } }) } } },
            },
          },
        },
      },
    },
    ...(moved && { '/health': { get: { responses: { '204': { description: 'up' } } } } }),
  },
});

const waiverOf = (rule: string, operation: string) =>
  [`- rule: ${rule}`, `  operation: ${operation}`, '  consumer: billing', '  field: plan', '  reason: agreed with billing', '  expires: 2999-12-31', ''].join(
    '\n',
  );
const BILLING_USES = '  accounts:\n    - operation: GET /users/{id}\n      response: [plan]';

const session = useRegistry({ name: 'gate-waiver-moved-path', setup: [['environment', 'create', 'production']] });
const { publish, deploy, verdictOf } = gateStepsOf(session);

describe('a waiver naming the path a consumer declared, where the base path moved into the paths', () => {
  it('accepts the change at the path the consumer wrote, at every door', async () => {
    const file = async (name: string, text: string) => {
      await writeFile(join(session.dir, name), text);
      return join(session.dir, name);
    };
    const typeChanged = await file('type.yaml', waiverOf('response-property-type-changed', 'GET /users/{id}'));
    const removed = await file('removed.yaml', waiverOf('response-optional-property-removed', 'GET /users/{id}'));
    const elsewhere = await file('elsewhere.yaml', waiverOf('response-property-type-changed', 'GET /users/{id}/plan'));
    await publish('accounts', '1.0.0', { contract: accounts(false, 'string') });
    await deploy('accounts', '1.0.0');
    await publish('billing', '1.0.0', { consumes: BILLING_USES });
    await deploy('billing', '1.0.0');

    // can-i-deploy: the type of plan changed along with the move, waived by the path billing wrote.
    await publish('accounts', '1.1.0', { contract: accounts(true, 'integer') }, '--waivers', typeChanged);
    const waived = await verdictOf('accounts', '1.1.0');
    expect(waived.errors).toEqual([]);
    expect(waived.code, JSON.stringify(waived.verdict)).toBe(0);
    expect(waived.verdict.waived).toEqual([
      expect.objectContaining({
        consumer: 'billing',
        change: expect.objectContaining({ id: 'response-property-type-changed', operation: 'GET /v1/users/{id}' }),
      }),
    ]);
    expect(waived.verdict.notices ?? []).toEqual([]);
    expect(waived.reasons).toContainEqual(expect.objectContaining({ code: 'declared-path-moved', consumer: 'billing' }));

    // plan removed with the move: the removal and billing's missing field are both what the waiver accepted.
    await publish('accounts', '1.2.0', { contract: accounts(true) }, '--waivers', removed);
    const gone = await verdictOf('accounts', '1.2.0');
    expect(gone.errors).toEqual([]);
    expect(gone.code, JSON.stringify(gone.verdict)).toBe(0);

    // A waiver of another path still waives nothing.
    await publish('accounts', '1.3.0', { contract: accounts(true, 'integer') }, '--waivers', elsewhere);
    expect((await verdictOf('accounts', '1.3.0')).code).toBe(1);

    // check, from the working tree.
    const tree = join(session.dir, 'tree');
    await mkdir(tree, { recursive: true });
    await writeFile(join(tree, 'openapi.json'), JSON.stringify(accounts(true, 'integer')));
    await writeFile(join(tree, 'overseer.yaml'), 'service: accounts\nowners: ["@acme/team"]\nprovides: ./openapi.json\n');
    const checked = await session.cli('check', '--manifest', join(tree, 'overseer.yaml'), '--against', 'production', '--waivers', typeChanged);
    expect(checked.code, checked.stdout).toBe(0);
    expect(checked.stdout).toContain('waived');

    // diff --consumers --waivers, offline, as the Action runs it without a registry.
    const base = await file('base.json', JSON.stringify(accounts(false, 'string')));
    const manifest = await file('billing.yaml', `service: billing\nowners: ["@acme/billing"]\nconsumes:\n${BILLING_USES}\n`);
    const diff = async (revision: object, waivers: string) =>
      session.cli('diff', base, await file('revision.json', JSON.stringify(revision)), '--service', 'accounts', '--consumers', manifest, '--waivers', waivers);
    const offline = await diff(accounts(true, 'integer'), typeChanged);
    expect(offline.code, offline.stdout).toBe(0);
    expect(offline.stdout).toContain('waived until');
    expect(offline.stdout).not.toContain('waiver-unused');
    const offlineGone = await diff(accounts(true), removed);
    expect(offlineGone.code, offlineGone.stdout).toBe(0);
    expect((await diff(accounts(true, 'integer'), elsewhere)).code).toBe(1);
  });

  // Swagger 2.0 says the base path in `basePath`: moved into each path, the same URL, the same waiver.
  it('accepts it where a Swagger 2.0 basePath moved into the paths', async () => {
    const swagger = (moved: boolean, plan: string) => ({
      swagger: '2.0',
      info: { title: 'ledger', version: '1' },
      host: 'ledger.example.com',
      basePath: moved ? '/' : '/v1',
      paths: {
        [`${moved ? '/v1' : ''}/users/{id}`]: {
          get: {
            parameters: [{ name: 'id', in: 'path', required: true, type: 'string' }],
            responses: { '200': { description: 'ok', schema: { type: 'object', properties: { id: { type: 'string' }, plan: { type: plan } } } } },
          },
        },
        ...(moved && { '/health': { get: { responses: { '204': { description: 'up' } } } } }),
      },
    });
    const waiver = join(session.dir, 'ledger.yaml');
    await writeFile(waiver, waiverOf('response-property-type-changed', 'GET /users/{id}'));
    await publish('ledger', '1.0.0', { contract: swagger(false, 'string') });
    await deploy('ledger', '1.0.0');
    await publish('billing', '1.1.0', { consumes: BILLING_USES.replace('accounts', 'ledger') });
    await deploy('billing', '1.1.0');
    await publish('ledger', '1.1.0', { contract: swagger(true, 'integer') }, '--waivers', waiver);
    const asked = await verdictOf('ledger', '1.1.0');
    expect(asked.errors).toEqual([]);
    expect(asked.code, JSON.stringify(asked.verdict)).toBe(0);
    expect(asked.verdict.waived).toEqual([
      expect.objectContaining({ consumer: 'billing', change: expect.objectContaining({ operation: 'GET /v1/users/{id}' }) }),
    ]);
  });

  // A use no live version meets (payroll reads `tier`, which accounts never returned) is the consumer's to correct; a
  // waiver naming it lets the provider deploy meanwhile. Written by the path payroll declared, it waived nothing once
  // the base path moved: the use was judged at GET /v1/users/{id}, and the waiver's path was read against that alone.
  it('accepts a use already unmet in every live version at the path the consumer wrote', async () => {
    const waiver = join(session.dir, 'tier.yaml');
    const text = [
      '- rule: field-missing',
      '  operation: GET /users/{id}',
      '  consumer: payroll',
      '  field: tier',
      '  reason: payroll drops tier in 2.0',
      '  expires: 2999-12-31',
      '',
    ];
    await writeFile(waiver, text.join('\n'));
    await publish('members', '1.0.0', { contract: accounts(false, 'string') });
    await deploy('members', '1.0.0');
    await publish('payroll', '1.0.0', { consumes: '  members:\n    - operation: GET /users/{id}\n      response: [plan, tier]' });
    await deploy('payroll', '1.0.0');

    await publish('members', '1.1.0', { contract: accounts(true, 'string') }, '--waivers', waiver);
    const asked = await verdictOf('members', '1.1.0');
    expect(asked.errors).toEqual([]);
    expect(asked.code, JSON.stringify(asked.verdict)).toBe(0);
    expect(asked.verdict.waived).toEqual([
      expect.objectContaining({ consumer: 'payroll', change: expect.objectContaining({ id: 'field-missing', operation: 'GET /v1/users/{id}' }) }),
    ]);
    expect(JSON.stringify(asked.verdict)).not.toContain('waiver-unused');
  });
});
