// A waiver names a field as its operation reads it. A change to a schema two operations share is filed under the first
// (`items[].address.name` under GET /users), and a waiver written from the other (GET /users/{id}) is matched against
// the tails of that path; `name`, the user's own name, matched the tail `name` of the address's, so a waiver of one
// field let through a change to another that a consumer reads: can-i-deploy said yes to `address.name` turned from a
// string to an integer, and `diff --waivers` exited 0.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateStepsOf } from './gate-steps.js';
import { useRegistry } from './registry-session.js';
import { offlineDiff, typeChangeWaiver, usersSharingUser } from './waiver-field-steps.js';

const session = useRegistry({ name: 'gate-waiver-nested-field', setup: [['environment', 'create', 'production']] });
const { publish, deploy, verdictOf } = gateStepsOf(session);

/** GET /users lists User, GET /users/{id} answers one: `name` and `address.name` are two fields of one shared schema. */
const users = (addressName: string) =>
  usersSharingUser(
    { type: 'object', properties: { items: { type: 'array', items: { $ref: '#/components/schemas/User' } } } },
    {
      User: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          name: { type: 'string' },
          address: { type: 'object', properties: { name: { type: addressName }, city: { type: 'string' } } },
        },
      },
    },
  );
const WEB_USES = '  users:\n    - operation: GET /users/{id}\n      response: [address.name]';

describe('a waiver of a field of a shared schema, written from the other operation', () => {
  it('does not accept a change to a nested field ending in the same name', async () => {
    await writeFile(join(session.dir, 'name.yaml'), typeChangeWaiver('name'));
    await writeFile(join(session.dir, 'address-name.yaml'), typeChangeWaiver('address.name'));
    await publish('users', '1.0.0', { contract: users('string') });
    await deploy('users', '1.0.0');
    await publish('web', '1.0.0', { consumes: WEB_USES });
    await deploy('web', '1.0.0');

    await publish('users', '1.1.0', { contract: users('integer') }, '--waivers', join(session.dir, 'name.yaml'));
    const asked = await verdictOf('users', '1.1.0');
    expect(asked.code, JSON.stringify(asked.verdict)).toBe(1);
    expect(asked.errors).toEqual([expect.objectContaining({ code: 'breaks-consumer', consumer: 'web' })]);
    expect(asked.verdict.waived ?? []).toEqual([]);
    const text = await session.cli('can-i-deploy', '--service', 'users', '--version', '1.1.0', '--to', 'production');
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('the nearest change that breaks web is response-property-type-changed on GET /users/{id} field address.name');

    // The field as GET /users/{id} reads it accepts the change.
    await publish('users', '1.2.0', { contract: users('integer') }, '--waivers', join(session.dir, 'address-name.yaml'));
    const waived = await verdictOf('users', '1.2.0');
    expect(waived.code, JSON.stringify(waived.verdict)).toBe(0);
    expect(waived.verdict.waived).toEqual([expect.objectContaining({ consumer: 'web' })]);
  });

  it('is judged the same by diff --waivers offline', async () => {
    const diff = await offlineDiff(session, users('string'), users('integer'), WEB_USES);
    const named = await diff('name.yaml');
    expect(named.code, named.stdout).toBe(1);
    expect(named.stdout).toContain('1 blocking -> blocked');
    const nested = await diff('address-name.yaml');
    expect(nested.code, nested.stdout).toBe(0);
    expect(nested.stdout).toContain('waived until');
  });
});
