// A consumer reading (or sending) an object whose property is deprecated, `address` around a deprecated `address.city`,
// reads that property too, and the gate refuses its removal for that consumer. `overseer migrations` counted only uses at
// or below the deprecated property, so it said "ready to remove: no consumer there uses it" of a removal the gate then
// refused, and the refusal's way out said "not deprecated: deprecate it first" of a part deprecated already.

import { describe, expect, it } from 'vitest';
import { gateStepsOf } from './gate-steps.js';
import { useRegistry } from './registry-session.js';

const json = (schema: object) => ({ content: { 'application/json': { schema } } });
const id = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };

function contract(city: boolean) {
  const address = { type: 'object', properties: { zip: { type: 'string' }, ...(city && { city: { type: 'string', deprecated: true } }) } };
  const user = { type: 'object', properties: { name: { type: 'string' }, address: { $ref: '#/components/schemas/Address' } } };
  return {
    openapi: '3.0.3',
    info: { title: 'users', version: '1' },
    components: { schemas: { Address: address, User: user } },
    paths: {
      '/users/{id}': {
        get: { parameters: [id], responses: { '200': { description: 'ok', ...json({ $ref: '#/components/schemas/User' }) } } },
        put: { parameters: [id], requestBody: json({ $ref: '#/components/schemas/User' }), responses: { '204': { description: 'saved' } } },
      },
    },
  };
}

const session = useRegistry({ name: 'migrations-parent-field', setup: [['environment', 'create', 'production']] });
const { publish, deploy, verdictOf } = gateStepsOf(session);

describe('a deprecated property read or sent through the object holding it', () => {
  it('is still used by that consumer in migrations, as the gate refuses its removal', async () => {
    await publish('users', '1.0.0', { contract: contract(true) });
    await deploy('users', '1.0.0');
    await publish('profile', '1.0.0', { consumes: '  users:\n    - operation: GET /users/{id}\n      response: [name, address]' });
    await publish('settings', '1.0.0', { consumes: '  users:\n    - operation: PUT /users/{id}\n      request: [address]' });
    await deploy('profile', '1.0.0');
    await deploy('settings', '1.0.0');

    const text = await session.cli('migrations', '--service', 'users', '--environment', 'production');
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('GET /users/{id}: response field address.city\n    deprecated since 1.0.0; still used by profile');
    expect(text.stdout).toContain('PUT /users/{id}: request field address.city\n    deprecated since 1.0.0; still used by settings');
    expect(text.stdout).not.toContain('ready to remove');
    const listed = await session.cli('migrations', '--service', 'users', '--environment', 'production', '--format', 'json');
    const parts = JSON.parse(listed.stdout).migrations as { operation: string; field?: string; users: string[]; ready: boolean }[];
    expect(parts.map((p) => [p.operation, p.field, p.users, p.ready])).toEqual([
      ['GET /users/{id}', 'address.city', ['profile'], false],
      ['PUT /users/{id}', 'address.city', ['settings'], false],
    ]);

    await publish('users', '2.0.0', { contract: contract(false) });
    const removal = await verdictOf('users', '2.0.0');
    expect(removal.code).toBe(1);
    const breaks = removal.errors.filter((e) => e.code === 'breaks-consumer');
    expect(breaks.map((e) => e.consumer).sort()).toEqual(['profile', 'settings']);
    for (const reason of breaks) expect(reason.message).toContain(`It is already deprecated in users 1.0.0 and ${reason.consumer} 1.0.0 still uses it`);
  });
});
