// A consumer whose manifest misspells its provider (`usr-service` for users-service) is one the gate counts: `overseer
// migrations` counted it without saying its manifest names the service otherwise, and `overseer usage --as-provider`
// left it out, so "who uses me" listed fewer than the gate that refuses; asked from the consumer's side, the name it
// wrote was listed as if nothing were amiss.

import { describe, expect, it } from 'vitest';
import { gateStepsOf } from '../e2e/gate-steps.js';
import { useRegistry } from '../e2e/registry-session.js';

const ok = { responses: { '200': { description: 'ok' } } };
const users = {
  openapi: '3.0.3',
  info: { title: 'users', version: '1' },
  paths: { '/users': { get: ok }, '/users/{id}': { get: { ...ok, deprecated: true } } },
};
const MARK = '(its manifest names usr-service, which no service is named: the gate counts it as a consumer of users-service; correct the manifest)';

const session = useRegistry({ name: 'usage-migrations-misspelled', setup: [['environment', 'create', 'production']] });
const { publish, deploy } = gateStepsOf(session);

describe('a consumer that misspells the service, in overseer migrations and overseer usage --as-provider', () => {
  it('is listed with the name it wrote, in text and JSON', async () => {
    await publish('users-service', '1.0.0', { contract: users });
    await deploy('users-service', '1.0.0');
    await publish('web-app', '1.0.0', { consumes: '  users-service:\n    - GET /users' });
    await deploy('web-app', '1.0.0');
    await publish('typo-web', '2.0.0', { consumes: '  usr-service:\n    - GET /users/{id}' });
    await deploy('typo-web', '2.0.0');

    const migrations = await session.cli('migrations', '--service', 'users-service', '--environment', 'production');
    expect(migrations.code, migrations.stderr).toBe(0);
    expect(migrations.stdout).toBe(
      [
        'Migrations of users-service:',
        '  [production] GET /users/{id} (the whole operation)',
        `    deprecated since 1.0.0; still used by typo-web ${MARK}`,
        '',
      ].join('\n'),
    );
    const markdown = await session.cli('migrations', '--service', 'users-service', '--format', 'markdown');
    expect(markdown.stdout).toContain(`| production | \`GET /users/{id} (the whole operation)\` | 1.0.0 |  | typo-web ${MARK} | no |`);
    const json = await session.cli('migrations', '--service', 'users-service', '--format', 'json');
    expect(JSON.parse(json.stdout).migrations).toEqual([
      expect.objectContaining({ operation: 'GET /users/{id}', users: ['typo-web'], declaredAs: { 'typo-web': 'usr-service' }, ready: false }),
    ]);

    // The dashboard's migrations page says it as the service page does.
    const page = await (await fetch(`${session.registry.url}/services/users-service/migrations`)).text();
    expect(page).toMatch(
      /typo-web<\/a> .*its manifest names <code>usr-service<\/code>, which no service is named: the gate counts it as a consumer of this service/,
    );

    for (const scope of [[], ['--environment', 'production']]) {
      const usage = await session.cli('usage', '--service', 'users-service', '--as-provider', ...scope);
      expect(usage.code, usage.stderr).toBe(0);
      expect(usage.stdout).toBe(
        [
          `Uses of users-service${scope.length > 0 ? ' in production' : ''}:`,
          `  typo-web ${MARK}`,
          '    GET /users/{id}: declared, never observed',
          '  web-app',
          '    GET /users: declared, never observed',
          '',
        ].join('\n'),
      );
      const listed = await session.cli('usage', '--service', 'users-service', '--as-provider', ...scope, '--format', 'json');
      expect(JSON.parse(listed.stdout).uses).toEqual([
        { consumer: 'typo-web', operation: 'GET /users/{id}', declared: true, observed: null, declaredAs: 'usr-service' },
        { consumer: 'web-app', operation: 'GET /users', declared: true, observed: null },
      ]);
    }

    // Asked from the consumer's side, the name it wrote is marked with the service the gate counts its uses against.
    const own = await session.cli('usage', '--service', 'typo-web', '--environment', 'production');
    expect(own.code, own.stderr).toBe(0);
    expect(own.stdout).toBe(
      [
        'What typo-web uses in production:',
        '  usr-service (no service is named usr-service: the gate counts these uses as uses of users-service; correct the manifest)',
        '    GET /users/{id}: declared, never observed',
        '',
      ].join('\n'),
    );
    const ownJson = await session.cli('usage', '--service', 'typo-web', '--format', 'json');
    expect(JSON.parse(ownJson.stdout).uses).toEqual([
      { provider: 'usr-service', operation: 'GET /users/{id}', declared: true, observed: null, countedAs: 'users-service' },
    ]);

    // Once a service is registered under the name written, the declaration is right, and neither lists it for users-service.
    await publish('usr-service', '1.0.0', { contract: users });
    const after = await session.cli('usage', '--service', 'users-service', '--as-provider', '--format', 'json');
    expect(JSON.parse(after.stdout).uses.map((u: { consumer: string }) => u.consumer)).toEqual(['web-app']);
    const written = await session.cli('usage', '--service', 'typo-web', '--format', 'json');
    expect(JSON.parse(written.stdout).uses[0]).not.toHaveProperty('countedAs');
    const ready = await session.cli('migrations', '--service', 'users-service', '--format', 'json');
    expect(JSON.parse(ready.stdout).migrations).toEqual([expect.objectContaining({ users: [], ready: true })]);
    expect(JSON.parse(ready.stdout).migrations[0]).not.toHaveProperty('declaredAs');
  }, 90_000);
});
