// A consumer whose manifest misspells its provider (`usr-service` for users-service) is counted by the gate as the
// provider's consumer; `overseer consumers` left it out, so "who uses me" listed fewer than the gate that refuses.

import { describe, expect, it } from 'vitest';
import { gateStepsOf } from '../e2e/gate-steps.js';
import { useRegistry } from '../e2e/registry-session.js';

const ok = { responses: { '200': { description: 'ok' } } };
const users = { openapi: '3.0.3', info: { title: 'users', version: '1' }, paths: { '/users': { get: ok }, '/users/{id}': { get: ok } } };

const session = useRegistry({ name: 'consumers-misspelled', setup: [['environment', 'create', 'production']] });
const { publish, deploy } = gateStepsOf(session);

describe('overseer consumers and a consumer that misspells the service', () => {
  it('lists it after those that name the service, with the name it wrote, in every scope', async () => {
    await publish('users-service', '1.0.0', { contract: users });
    await deploy('users-service', '1.0.0');
    await publish('web-app', '1.0.0', { consumes: '  users-service:\n    - GET /users' });
    await deploy('web-app', '1.0.0');
    await publish('typo-web', '2.0.0', { consumes: '  usr-service:\n    - GET /users/{id}' });
    await deploy('typo-web', '2.0.0');

    const text = await session.cli('consumers', '--service', 'users-service', '--environment', 'production');
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toBe(
      [
        'Consumers of users-service (deployed in production):',
        '  web-app 1.0.0',
        '    GET /users (the whole operation)',
        '  typo-web 2.0.0 (its manifest names usr-service, which no service is named: the gate counts it as a consumer of users-service; correct the manifest)',
        '    GET /users/{id} (the whole operation)',
        '',
      ].join('\n'),
    );

    for (const scope of [[], ['--environment', 'production']]) {
      const json = await session.cli('consumers', '--service', 'users-service', ...scope, '--format', 'json');
      expect(json.code, json.stderr).toBe(0);
      expect(JSON.parse(json.stdout).consumers).toEqual([
        { consumer: 'web-app', version: '1.0.0', uses: [{ operation: 'GET /users', line: 5, label: 'GET /users' }] },
        { consumer: 'typo-web', version: '2.0.0', uses: [{ operation: 'GET /users/{id}', line: 5, label: 'GET /users/{id}' }], declaredAs: 'usr-service' },
      ]);
    }

    // A page at a time: the misspelling's page follows the others, and its cursor ends the listing.
    const first = (await (await fetch(`${session.registry.url}/v1/services/users-service/consumers?limit=1`)).json()) as {
      consumers: unknown[];
      next?: string;
    };
    expect(first.consumers).toEqual([{ consumer: 'web-app', version: '1.0.0', uses: [{ operation: 'GET /users', line: 5, label: 'GET /users' }] }]);
    const second = (await (await fetch(`${session.registry.url}/v1/services/users-service/consumers?limit=1&cursor=${first.next}`)).json()) as Record<
      string,
      unknown
    >;
    expect(second.consumers).toEqual([
      { consumer: 'typo-web', version: '2.0.0', uses: [{ operation: 'GET /users/{id}', line: 5, label: 'GET /users/{id}' }], declaredAs: 'usr-service' },
    ]);
    expect(second.next).toBeUndefined();

    // Once a service is registered under the name written, the declaration is right, and it is that service's consumer.
    await publish('usr-service', '1.0.0', { contract: users });
    const after = await session.cli('consumers', '--service', 'users-service', '--format', 'json');
    expect(JSON.parse(after.stdout).consumers.map((c: { consumer: string }) => c.consumer)).toEqual(['web-app']);
  }, 90_000);
});
