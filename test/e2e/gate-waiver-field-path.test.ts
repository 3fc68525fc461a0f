// A waiver names a field as the operation it names reads it. A change to `Address.city`, a schema the user's `address`
// and `billing` both hold, is read `address.city` from GET /users/{id}; a waiver of `city` (the user's own city, another
// field) accepted it at the gate, in check and in diff --waivers alike, because the change's path inside the shared
// schema is `city`. Every door now reads the waiver's field from its operation, and the notice names the field to write.

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateStepsOf } from './gate-steps.js';
import { useRegistry } from './registry-session.js';
import { offlineDiff, typeChangeWaiver, usersSharingUser } from './waiver-field-steps.js';

const session = useRegistry({ name: 'gate-waiver-field-path', setup: [['environment', 'create', 'production']] });
const { publish, deploy, verdictOf } = gateStepsOf(session);

/** GET /users lists User, GET /users/{id} answers one; a user has its own `city` and two addresses. */
const users = (cityType: string) =>
  usersSharingUser(
    { type: 'array', items: { $ref: '#/components/schemas/User' } },
    {
      User: {
        type: 'object',
        properties: {
          city: { type: 'string' },
          address: { $ref: '#/components/schemas/Address' },
          billing: { $ref: '#/components/schemas/Address' },
        },
      },
      Address: { type: 'object', properties: { city: { type: cityType } } },
    },
  );

const WEB_USES = '  users:\n    - operation: GET /users/{id}\n      response: [address.city]';
const NEAREST = 'the nearest change that breaks web is response-property-type-changed on GET /users/{id} field address.city';

describe('a waiver of a bare field name, on a change to a nested field of the same name', () => {
  it('waives nothing at the gate, in check or in diff --waivers, and names the field to write', async () => {
    for (const field of ['city', 'address.city', 'billing.city']) await writeFile(join(session.dir, `${field}.yaml`), typeChangeWaiver(field));
    await publish('users', '1.0.0', { contract: users('string') });
    await deploy('users', '1.0.0');
    await publish('web', '1.0.0', { consumes: WEB_USES });
    await deploy('web', '1.0.0');

    // can-i-deploy, with the waivers published with the version.
    await publish('users', '1.1.0', { contract: users('integer') }, '--waivers', join(session.dir, 'city.yaml'));
    const asked = await verdictOf('users', '1.1.0');
    expect(asked.code, JSON.stringify(asked.verdict)).toBe(1);
    expect(asked.errors).toEqual([expect.objectContaining({ code: 'breaks-consumer', consumer: 'web' })]);
    expect(asked.verdict.waived ?? []).toEqual([]);
    expect(JSON.stringify(asked.verdict.notices)).toContain(NEAREST);

    // check, from the working tree, with the waivers given to it.
    const tree = join(session.dir, 'tree');
    await mkdir(tree, { recursive: true });
    await writeFile(join(tree, 'openapi.json'), JSON.stringify(users('integer')));
    await writeFile(join(tree, 'overseer.yaml'), 'service: users\nowners: ["@acme/team"]\nprovides: ./openapi.json\n');
    const check = (waivers: string) =>
      session.cli('check', '--manifest', join(tree, 'overseer.yaml'), '--against', 'production', '--waivers', join(session.dir, waivers));
    const checked = await check('city.yaml');
    expect(checked.code, checked.stdout).toBe(1);
    expect(checked.stdout).toContain(NEAREST);
    expect((await check('address.city.yaml')).code).toBe(0);

    // diff --consumers --waivers, offline, as the Action runs it without a registry.
    const diff = await offlineDiff(session, users('string'), users('integer'), WEB_USES);
    const bare = await diff('city.yaml');
    expect(bare.code, bare.stdout).toBe(1);
    expect(bare.stdout).toContain('1 blocking -> blocked');
    expect(bare.stdout).toContain(NEAREST);
    const nested = await diff('address.city.yaml');
    expect(nested.code, nested.stdout).toBe(0);
    expect(nested.stdout).toContain('waived until');

    // The field as GET /users/{id} reads it is accepted at the gate. `billing.city` is the same place of Address read
    // through the other field holding it, but web reads the address's: a waiver written for billing's accepts nothing here.
    await publish('users', '1.2.0', { contract: users('integer') }, '--waivers', join(session.dir, 'address.city.yaml'));
    const waived = await verdictOf('users', '1.2.0');
    expect(waived.code, JSON.stringify(waived.verdict)).toBe(0);
    expect(waived.verdict.waived).toEqual([expect.objectContaining({ consumer: 'web' })]);
    await publish('users', '1.3.0', { contract: users('integer') }, '--waivers', join(session.dir, 'billing.city.yaml'));
    const billing = await verdictOf('users', '1.3.0');
    expect(billing.code).toBe(1);
    expect(JSON.stringify(billing.verdict.notices)).toContain(NEAREST);
  });
});
