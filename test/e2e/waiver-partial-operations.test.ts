// A waiver naming one operation of a change in a shared schema accepts it for a consumer only when every operation of
// it that consumer uses is named. One naming GET /users/{id}, for a consumer that also reads the schema through GET
// /users, waived nothing; the gate's notice said it "matches no change", then named as the nearest change exactly the
// one it names, and `diff --waivers` said nothing at all. Both now name the operation no waiver names.
// Against a registry in the test's process.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateStepsOf } from './gate-steps.js';
import { useRegistry } from './registry-session.js';
import { diffUsers } from './users-contract.js';

const text = { type: 'string' };
const users = (version: string, fields: string[]) => {
  const user = { type: 'object', properties: Object.fromEntries(fields.map((f) => [f, text])) };
  const ok = (schema: unknown) => ({ '200': { description: 'ok', content: { 'application/json': { schema } } } });
  return {
    openapi: '3.0.3',
    info: { title: 'users', version },
    paths: {
      '/users': { get: { responses: ok({ type: 'array', items: { $ref: '#/components/schemas/User' } }) } },
      '/users/{id}': {
        get: { parameters: [{ name: 'id', in: 'path', required: true, schema: text }], responses: ok({ $ref: '#/components/schemas/User' }) },
      },
    },
    components: { schemas: { User: user } },
  };
};

const session = useRegistry({ name: 'waiver-partial-operations', setup: [['environment', 'create', 'production']] });
const { publish, deploy, verdictOf } = gateStepsOf(session);
const WHY =
  'it names that change through GET /users/{id}, but web is broken by it through GET /users too, which no waiver names: ' +
  'add a waiver of response-optional-property-removed naming GET /users for web (a change is waived for a consumer ' +
  'only through every operation of it the consumer uses)';

describe('a waiver naming one of the operations a consumer is broken through', () => {
  it('says which operation it leaves unnamed, at the gate and offline', async () => {
    await publish('users', '1.0.0', { contract: users('1.0.0', ['id', 'email']) });
    await deploy('users', '1.0.0');
    const consumes = '  users:\n    - operation: GET /users/{id}\n      response: [email]\n    - operation: GET /users\n      response: ["[].email"]';
    await publish('web', '1.0.0', { consumes });
    await deploy('web', '1.0.0');
    const waivers = join(session.dir, 'waivers.yaml');
    await writeFile(
      waivers,
      '- rule: response-optional-property-removed\n  operation: GET /users/{id}\n  consumer: web\n  reason: agreed\n  expires: 2099-01-01\n',
    );
    await publish('users', '2.0.0', { contract: users('2.0.0', ['id']) }, '--waivers', waivers);

    const gate = await verdictOf('users', '2.0.0');
    expect(gate.code).toBe(1);
    const notices = (gate.verdict.notices as { code: string; message: string }[]).filter((n) => n.code === 'waiver-unused');
    expect(notices.map((n) => n.message)).toEqual([
      `the waiver of response-optional-property-removed on GET /users/{id} for web (${waivers}:1) waives nothing (judged against production): ${WHY}`,
    ]);

    const offline = await diffUsers(session, '--consumers', join(session.dir, 'web-1.0.0', 'overseer.yaml'), '--waivers', waivers, '--format', 'json');
    expect(offline.code, offline.stderr).toBe(1);
    const unused = (JSON.parse(offline.stdout).notices as { code: string; message: string }[]).filter((n) => n.code === 'waiver-unused');
    expect(unused.map((n) => n.message)).toEqual([
      `the waiver of response-optional-property-removed on GET /users/{id} for web (${waivers}:1) waives nothing: ${WHY}`,
    ]);
  });

  it('says offline that a waiver naming a consumer waives nothing when no consumer is judged', async () => {
    const waivers = join(session.dir, 'waivers-no-consumers.yaml');
    await writeFile(waivers, '- rule: response-optional-property-removed\n  operation: GET /users\n  consumer: web\n  reason: agreed\n  expires: 2099-01-01\n');
    const offline = await session.cli(
      'diff',
      join(session.dir, 'users-1.0.0', 'openapi.json'),
      join(session.dir, 'users-2.0.0', 'openapi.json'),
      '--waivers',
      waivers,
      '--fail-on',
      'warning',
      '--format',
      'json',
    );
    expect(offline.code, offline.stderr).toBe(1);
    const unused = (JSON.parse(offline.stdout).notices as { code: string; message: string }[]).filter((n) => n.code === 'waiver-unused');
    expect(unused.map((n) => n.message)).toEqual([
      `the waiver of response-optional-property-removed on GET /users for web (${waivers}:1) waives nothing: it accepts a change for web only, and no ` +
        'consumer was judged here (no --consumers given, or an Action without a registry): it waives a change where consumers are judged, as the ' +
        'gate judges those deployed',
    ]);
  });
});
