// A waiver names the operation whose break it accepts. A change in a schema two operations share reaches both; the
// waiver naming one of them accepts the change for the consumers that call that one, not for a consumer that calls
// only the other, whose break nobody accepted. Against a registry run in the test's process, on SQLite.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { people, useWaivedPeople, waiver } from './waived-people.js';

const { session, publish, deploy, verdictOf, seed } = useWaivedPeople('gate-waiver-scope');

describe('a waiver naming one of the operations a shared-schema change reaches, against a real registry', () => {
  it('accepts the change for the consumer of that operation only, and refuses it for one that calls only the other', async () => {
    await seed();
    const asked = await verdictOf('people', '1.1.0');
    expect(asked.code, JSON.stringify(asked.verdict)).toBe(1);
    expect(asked.errors).toEqual([
      expect.objectContaining({ code: 'breaks-consumer', consumer: 'admin-console', message: expect.stringContaining('GET /admins/{id}') }),
    ]);
    expect(asked.verdict.waived).toEqual([
      expect.objectContaining({ consumer: 'profile-web', change: expect.objectContaining({ operation: 'GET /users/{id}' }) }),
    ]);

    const text = await session.cli('can-i-deploy', '--service', 'people', '--version', '1.1.0', '--to', 'production');
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('x breaks-consumer: people 1.1.0 would break admin-console 1.0.0: GET /admins/{id}');
    expect(text.stdout).not.toContain('waived for admin-console');
  });

  it('refuses for a consumer that calls both operations when the waiver names one: its calls to the other still break', async () => {
    await publish('staff', '1.0.0', { contract: people(['id', 'nickname']) });
    await deploy('staff', '1.0.0');
    await publish('support-desk', '1.0.0', { consumes: '  staff:\n    - GET /users/{id}\n    - GET /admins/{id}' });
    await deploy('support-desk', '1.0.0');

    await publish('staff', '1.1.0', { contract: people(['id']) }, '--waivers', join(session.dir, 'waivers.yaml'));
    const asked = await verdictOf('staff', '1.1.0');
    expect(asked.code, JSON.stringify(asked.verdict)).toBe(1);
    expect(asked.errors).toEqual([
      expect.objectContaining({ code: 'breaks-consumer', consumer: 'support-desk', message: expect.stringContaining('GET /admins/{id}') }),
    ]);
    expect(asked.verdict.waived ?? []).toEqual([]);

    // Both operations waived, in two entries: together they accept every call of support-desk's that breaks.
    const other = waiver.replace('GET /users/{id}', 'GET /admins/{id}').replace('nicknames', 'admin nicknames');
    await writeFile(join(session.dir, 'both.yaml'), `${waiver}${other}`);
    await publish('staff', '1.2.0', { contract: people(['id']) }, '--waivers', join(session.dir, 'both.yaml'));
    const both = await verdictOf('staff', '1.2.0');
    expect(both.code, JSON.stringify(both.verdict)).toBe(0);
    expect(both.verdict.waived).toEqual([expect.objectContaining({ consumer: 'support-desk' })]);
  });

  it('reads a waiver field as the consumer’s operation sees it, where a listing files the change under items[]', async () => {
    const listed = (fields: string[]) => {
      const doc = people(fields);
      const list = {
        operationId: 'listPeople',
        responses: {
          '200': { description: 'ok', content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Person' } } } } },
        },
      };
      return { ...doc, paths: { '/people': { get: list }, ...doc.paths } };
    };
    await writeFile(
      join(session.dir, 'field-waiver.yaml'),
      [
        '- rule: response-optional-property-removed',
        '  operation: GET /users/{id}',
        '  consumer: profile-web',
        '  field: nickname',
        '  reason: profile-web drops nicknames',
        '  expires: 2999-12-31',
        '',
      ].join('\n'),
    );
    await publish('directory', '1.0.0', { contract: listed(['id', 'nickname']) });
    await deploy('directory', '1.0.0');
    await publish('profile-web', '1.1.0', { consumes: '  directory:\n    - operation: GET /users/{id}\n      response: [nickname]' });
    await deploy('profile-web', '1.1.0');

    await publish('directory', '1.1.0', { contract: listed(['id']) }, '--waivers', join(session.dir, 'field-waiver.yaml'));
    const asked = await verdictOf('directory', '1.1.0');
    expect(asked.code, JSON.stringify(asked.verdict)).toBe(0);
    expect(asked.verdict.waived).toEqual([expect.objectContaining({ consumer: 'profile-web' })]);
  });
});
