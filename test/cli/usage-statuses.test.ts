// `overseer usage --as-provider` lists who uses a service operation by operation: a consumer that reads the 404's body
// (`statuses: [404]`) or JSON only read as any use of the operation, so the provider's owner could not tell from it
// that removing the 404, or its JSON, breaks that consumer. The text and JSON now say what `overseer consumers` says.

import { describe, expect, it } from 'vitest';
import { gateStepsOf } from '../e2e/gate-steps.js';
import { useRegistry } from '../e2e/registry-session.js';
import { json, object, usersReadAndWritten } from '../e2e/users-statuses.js';

const USERS = usersReadAndWritten({
  '/users/{id}/card': {
    get: {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      responses: {
        '404': { description: 'no card', content: { 'application/problem+json': { schema: { type: 'object', properties: { title: { type: 'string' } } } } } },
      },
    },
  },
  '/users': { get: { responses: { '200': { description: 'ok', ...json(object('id')) } } } },
});

// web reads GET /users/{id}'s 200 and its 404, a card's 404 as a problem, and sends PUT bodies as JSON; GET /users narrows nothing.
const WEB_USES = [
  '  users-service:',
  '    - GET /users',
  '    - operation: getUser',
  '      response: [id]',
  '    - operation: GET /users/{id}',
  '      statuses: [404]',
  '      response: [message]',
  '    - operation: GET /users/{id}/card',
  '      statuses: [404]',
  '      response: [title]',
  '      response_media_types: [application/problem+json]',
  '    - operation: PUT /users/{id}',
  '      request: [name]',
  '      request_media_types: [application/json]',
  '      response_media_types: ["*/*"]',
].join('\n');

const session = useRegistry({ name: 'usage-statuses', setup: [['environment', 'create', 'production']] });
const { publish, deploy } = gateStepsOf(session);

describe('overseer usage --as-provider, where a consumer reads an error body', () => {
  it('says the statuses and media types each declared use reads, in text and JSON', async () => {
    await publish('users-service', '1.0.0', { contract: USERS });
    await deploy('users-service', '1.0.0');
    await publish('web', '1.0.0', { consumes: WEB_USES });
    await deploy('web', '1.0.0');

    const text = await session.cli('usage', '--service', 'users-service', '--as-provider', '--environment', 'production');
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toBe(
      [
        'Uses of users-service in production:',
        '  web',
        '    GET /users: declared, never observed',
        // getUser's 200 and the 404 are one operation: the line names both statuses read.
        '    GET /users/{id}: declared (on 2XX, 404), never observed',
        '    GET /users/{id}/card: declared (on 404; read as application/problem+json), never observed',
        '    PUT /users/{id}: declared (sent as application/json), never observed',
        '',
      ].join('\n'),
    );
    const json = await session.cli('usage', '--service', 'users-service', '--as-provider', '--format', 'json');
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout).uses).toEqual([
      { consumer: 'web', operation: 'GET /users', declared: true, observed: null },
      { consumer: 'web', operation: 'GET /users/{id}', statuses: ['2XX', '404'], declared: true, observed: null },
      {
        consumer: 'web',
        operation: 'GET /users/{id}/card',
        statuses: ['404'],
        responseMediaTypes: ['application/problem+json'],
        declared: true,
        observed: null,
      },
      { consumer: 'web', operation: 'PUT /users/{id}', requestMediaTypes: ['application/json'], declared: true, observed: null },
    ]);
    // What web uses says the same of its own uses.
    const own = await session.cli('usage', '--service', 'web');
    expect(own.stdout).toContain('    GET /users/{id}: declared (on 2XX, 404), never observed\n');
  });
});
