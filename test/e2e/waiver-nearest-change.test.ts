// A waiver one key off the change it was written for (a rule a level away, a field misspelled) matched nothing, and the
// notice said "check its rule, operation, consumer and field": the reader compared four keys by hand against a refusal.
// Now the notice names the change that breaks that consumer nearest to it, as a waiver would write it, at the gate and
// in `diff --waivers`. Against a registry in the test's process.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateStepsOf } from './gate-steps.js';
import { useRegistry } from './registry-session.js';
import { diffUsers } from './users-contract.js';

const text = { type: 'string' };
const users = (version: string, fields: string[]) => ({
  openapi: '3.0.3',
  info: { title: 'users', version },
  paths: {
    '/users/{id}': {
      get: {
        parameters: [{ name: 'id', in: 'path', required: true, schema: text }],
        responses: {
          '200': {
            description: 'ok',
            content: { 'application/json': { schema: { type: 'object', properties: Object.fromEntries(fields.map((f) => [f, text])) } } },
          },
        },
      },
    },
  },
});

const session = useRegistry({ name: 'waiver-nearest-change', setup: [['environment', 'create', 'production']] });
const { publish, deploy, verdictOf } = gateStepsOf(session);
const NEAREST = 'the nearest change that breaks web is response-optional-property-removed on GET /users/{id} field email';

describe('a waiver that matches no change', () => {
  it('names the change it most likely meant, at the gate and offline', async () => {
    await publish('users', '1.0.0', { contract: users('1.0.0', ['id', 'email']) });
    await deploy('users', '1.0.0');
    await publish('web', '1.0.0', { consumes: '  users:\n    - operation: GET /users/{id}\n      response: [id, email]' });
    await deploy('web', '1.0.0');
    const waivers = join(session.dir, 'waivers.yaml');
    // The first names the rule of a required property (email was optional); the second misspells the field.
    await writeFile(
      waivers,
      '- rule: response-required-property-removed\n  operation: GET /users/{id}\n  consumer: web\n  reason: agreed\n  expires: 2099-01-01\n' +
        '- rule: response-optional-property-removed\n  operation: GET /users/{userId}\n  consumer: web\n  field: emial\n  reason: agreed\n  expires: 2099-01-01\n',
    );
    await publish('users', '2.0.0', { contract: users('2.0.0', ['id']) }, '--waivers', waivers);

    const gate = await verdictOf('users', '2.0.0');
    expect(gate.code).toBe(1);
    const notices = (gate.verdict.notices as { code: string; message: string; line?: number }[]).filter((n) => n.code === 'waiver-unused');
    expect(notices.map((n) => [n.line, n.message.includes(`${NEAREST}; check its rule`)])).toEqual([
      [1, true],
      [6, true],
    ]);

    const offline = await diffUsers(session, '--consumers', join(session.dir, 'web-1.0.0', 'overseer.yaml'), '--waivers', waivers, '--format', 'json');
    expect(offline.code, offline.stderr).toBe(1);
    const unused = (JSON.parse(offline.stdout).notices as { code: string; message: string }[]).filter((n) => n.code === 'waiver-unused');
    expect(unused.map((n) => n.message.includes(`${NEAREST}; check its rule`))).toEqual([true, true]);
  });
});
