// A use declared by an operationId the provider has since renamed (or dropped) is followed through the provider's
// published history to the operation that carried it: a later breaking change to that operation is refused for the
// consumer, and the verdict says how the use was placed. Against a registry run in the test's process, on SQLite.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateSteps } from './gate-steps.js';
import { useRegistry } from './registry-session.js';

const user = (fields: string[]) => ({
  type: 'object',
  properties: Object.fromEntries(fields.map((f) => [f, { type: 'string' }])),
});
const usersContract = (operationId: string | undefined, fields: string[]) => ({
  openapi: '3.0.3',
  info: { title: 'users', version: '1' },
  paths: {
    '/users/{id}': {
      get: {
        ...(operationId && { operationId }),
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: user(fields) } } } },
      },
    },
  },
});

const waiver = [
  '- rule: operation-missing',
  '  operation: getUser',
  '  consumer: audit-job',
  '  reason: audit-job moves to GET /users/{id} in 2.0',
  '  expires: 2999-12-31',
  '',
].join('\n');

const session = useRegistry({
  name: 'gate-renamed-operation',
  setup: [['environment', 'create', 'production']],
  before: async (s) => writeFile(join(s.dir, 'waivers.yaml'), waiver),
});
const cli = (...args: string[]) => session.cli(...args);
const { publish, deploy, verdictOf } = gateSteps(cli, () => session.dir);
const withWaiver = () => ['--waivers', join(session.dir, 'waivers.yaml')];

describe('a use named by an operationId the provider renamed, against a real registry', () => {
  it('refuses a later removal of a field the consumer reads, and says how the use was placed', async () => {
    await publish('users-service', '1.2.0', { contract: usersContract('getUser', ['id', 'name', 'nickname']) });
    await deploy('users-service', '1.2.0');
    await publish('users-service', '1.3.0', { contract: usersContract('fetchUser', ['id', 'name', 'nickname']) });
    await deploy('users-service', '1.3.0');
    await publish('audit-job', '1.0.0', { consumes: '  users-service:\n    - operation: getUser\n      response: [nickname]' });
    await deploy('audit-job', '1.0.0');

    // The candidate removes nickname, which audit-job reads through getUser: the waiver for the name does not hide it.
    await publish('users-service', '1.4.0', { contract: usersContract('fetchUser', ['id', 'name']) }, ...withWaiver());
    const removed = await verdictOf('users-service', '1.4.0');
    expect(removed.code).toBe(1);
    const placedText = 'audit-job names it getUser, now GET /users/{id} (named so in users-service 1.2.0)';
    expect(removed.errors).toEqual([
      expect.objectContaining({ code: 'breaks-consumer', consumer: 'audit-job', message: expect.stringContaining(placedText) }),
      expect.objectContaining({ code: 'field-missing', consumer: 'audit-job', field: 'nickname', message: expect.stringContaining(placedText) }),
    ]);
    const text = await cli('can-i-deploy', '--service', 'users-service', '--version', '1.4.0', '--to', 'production');
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('getUser, now GET /users/{id} (named so in users-service 1.2.0)');
    const markdown = await cli('can-i-deploy', '--service', 'users-service', '--version', '1.4.0', '--to', 'production', '--format', 'markdown');
    expect(markdown.stdout).toContain('getUser, now GET /users/{id} (named so in users-service 1.2.0)');

    // A version that keeps what audit-job reads is deployable, and says where the use was judged.
    await publish('users-service', '1.4.1', { contract: usersContract('fetchUser', ['id', 'name', 'nickname', 'email']) });
    const kept = await verdictOf('users-service', '1.4.1');
    expect(kept.code, JSON.stringify(kept.verdict)).toBe(0);
    expect(kept.verdict.notices).toEqual([
      expect.objectContaining({
        code: 'use-placed',
        consumer: 'audit-job',
        message: expect.stringContaining('getUser, now GET /users/{id} (named so in users-service 1.2.0)'),
      }),
    ]);
  });

  it('follows an operation that kept its path but lost its operationId', async () => {
    await publish('accounts', '1.0.0', { contract: usersContract('getAccount', ['id', 'plan']) });
    await deploy('accounts', '1.0.0');
    await publish('accounts', '1.1.0', { contract: usersContract(undefined, ['id', 'plan']) });
    await deploy('accounts', '1.1.0');
    await publish('billing', '1.0.0', { consumes: '  accounts:\n    - operation: getAccount\n      response: [plan]' });
    await deploy('billing', '1.0.0');

    await publish('accounts', '1.2.0', { contract: usersContract(undefined, ['id']) });
    const removed = await verdictOf('accounts', '1.2.0');
    expect(removed.code).toBe(1);
    expect(removed.errors).toEqual([
      expect.objectContaining({
        code: 'breaks-consumer',
        consumer: 'billing',
        message: expect.stringContaining('getAccount, now GET /users/{id} (named so in accounts 1.0.0)'),
      }),
      expect.objectContaining({ code: 'field-missing', consumer: 'billing', field: 'plan' }),
    ]);
  });
});
