// Pact files read as declarations: a consumer's interactions become the operations and fields it uses.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { declarePact, fieldPaths, parseContract, parsePact } from '../../../contracts/index.js';

const users = await parseContract(readFileSync(new URL('../../fixtures/observe/users.v1.yaml', import.meta.url), 'utf8'), 'users.v1.yaml');
const usersWithout = await parseContract(readFileSync(new URL('../../fixtures/observe/users.v2-no-get-user.yaml', import.meta.url), 'utf8'), 'v2.yaml');

const pactOf = (spec: string, interactions: unknown[]) =>
  JSON.stringify({ consumer: { name: 'mobile-app' }, provider: { name: 'users-service' }, interactions, metadata: { pactSpecification: { version: spec } } });

describe('Pact files as declarations', () => {
  it('reads field paths: nested objects dotted, arrays as []', () => {
    expect(fieldPaths({ id: 1, address: { city: 'x' }, items: [{ sku: 'a' }, { qty: 2 }], tags: ['a'] })).toEqual([
      'id',
      'address.city',
      'items[].sku',
      'items[].qty',
      'tags',
    ]);
  });

  it('turns a v2 pact (query as a string) into one use per operation and fields used, each at its own line', () => {
    const text = JSON.stringify(
      {
        consumer: { name: 'mobile-app' },
        provider: { name: 'users-service' },
        interactions: [
          {
            description: 'user 7',
            request: { method: 'GET', path: '/users/7', query: 'fields=email&fields=name' },
            response: { body: { id: '7', email: 'a' } },
          },
          { description: 'user 8', request: { method: 'get', path: '/users/8' }, response: { body: { name: 'b' } } },
          { description: 'user 9', request: { method: 'GET', path: '/users/9' }, response: { body: { name: 'c' } } },
          { description: 'the list', request: { method: 'GET', path: '/users' }, response: { body: [{ id: '1' }] } },
        ],
        metadata: { 'pact-specification': { version: '2.0.0' } },
      },
      null,
      2,
    );
    // Each use is declared on the line its interaction opens on (`{`, the line above its description); of two that send
    // and read the same (user 8 and user 9), the first.
    const opening = (description: string) => text.split('\n').findIndex((l) => l.includes(`"description": "${description}"`));
    const pact = parsePact(text, 'mobile.json');
    expect(pact.specification).toBe('2.0.0');
    expect(declarePact(pact, [users.doc], 'mobile.json')).toEqual({
      declaration: {
        consumer: 'mobile-app',
        provider: 'users-service',
        uses: [
          {
            operation: 'GET /users/{userId}',
            params: ['fields'],
            request: [],
            response: ['id', 'email'],
            responseMediaTypes: ['*/*'],
            statuses: ['200'],
            line: opening('user 7'),
          },
          {
            operation: 'GET /users/{userId}',
            params: [],
            request: [],
            response: ['name'],
            responseMediaTypes: ['*/*'],
            statuses: ['200'],
            line: opening('user 8'),
          },
          { operation: 'GET /users', params: [], request: [], response: ['[].id'], responseMediaTypes: ['*/*'], statuses: ['200'], line: opening('the list') },
        ],
      },
      notices: [],
    });
  });

  it('reads a query written into the path as the query it is, for the operation and for the parameters sent', () => {
    const text = pactOf('3.0.0', [
      { description: 'users by name', request: { method: 'GET', path: '/users?fields=email' }, response: { body: [{ id: '1' }] } },
    ]);
    const { declaration, notices } = declarePact(parsePact(text, 'p.json'), [users.doc], 'p.json');
    expect(notices).toEqual([]);
    expect(declaration?.uses).toEqual([
      { operation: 'GET /users', params: ['fields'], request: [], response: ['[].id'], responseMediaTypes: ['*/*'], statuses: ['200'], line: 1 },
    ]);
  });

  it('reads v3 query objects and v4 bodies ({content}), and skips message interactions with a notice', () => {
    const text = pactOf('4.0', [
      {
        type: 'Synchronous/HTTP',
        description: 'user 7',
        request: { method: 'GET', path: '/users/7', query: { expand: ['1'] } },
        response: { status: 200, body: { content: { id: '7', email: 'a' }, contentType: 'application/json', encoded: false } },
      },
      { type: 'Asynchronous/Messages', description: 'user created', contents: { content: {} } },
    ]);
    const { declaration, notices } = declarePact(parsePact(text, 'p.json'), [users.doc], 'p.json');
    expect(declaration?.uses).toEqual([
      {
        operation: 'GET /users/{userId}',
        params: ['expand'],
        request: [],
        response: ['id', 'email'],
        responseMediaTypes: ['application/json'],
        statuses: ['200'],
        line: 1,
      },
    ]);
    expect(notices.map((n) => n.code)).toEqual(['pact-interaction-skipped']);
  });

  it('matches against older contracts when the latest dropped the operation, and notes what matches nothing', () => {
    const pact = parsePact(
      pactOf('3.0.0', [
        { description: 'user 7', request: { method: 'GET', path: '/users/7' }, response: {} },
        { description: 'orders', request: { method: 'GET', path: '/orders' } },
      ]),
      'p.json',
    );
    const result = declarePact(pact, [usersWithout.doc, users.doc], 'p.json');
    expect(result.declaration?.uses).toEqual([{ operation: 'GET /users/{userId}', params: [], request: [], response: [], statuses: ['200'], line: 1 }]);
    expect(result.notices).toEqual([expect.objectContaining({ code: 'pact-operation-unknown', message: expect.stringContaining('GET /orders') })]);
    expect(declarePact(pact, [], 'p.json')).toEqual({ notices: [expect.objectContaining({ code: 'pact-provider-unknown' })] });
  });

  it('keeps the status each interaction expects, or the statuses its statusCode rule accepts', () => {
    const get = (response: object) => ({ description: 'user 7', request: { method: 'GET', path: '/users/7' }, response });
    const statusesOf = (spec: string, response: object) => parsePact(pactOf(spec, [get(response)]), 'p.json').interactions[0]!.statuses;
    expect(statusesOf('2.0.0', { status: 404, body: { message: 'x' } })).toEqual(['404']);
    expect(statusesOf('2.0.0', {})).toEqual(['200']);
    // v3 and v4 write the rule under matchingRules.status; a class is the OpenAPI range it spans.
    const rule = (status: unknown) => ({ status: 400, matchingRules: { status: { combine: 'AND', matchers: [{ match: 'statusCode', status }] } } });
    expect(statusesOf('4.0', rule('clientError'))).toEqual(['4XX']);
    expect(statusesOf('4.0', rule('error'))).toEqual(['4XX', '5XX']);
    expect(statusesOf('3.0.0', { status: 200, matchingRules: { status: { $: { matchers: [{ match: 'statusCode', status: [200, 201] }] } } } })).toEqual([
      '200',
      '201',
    ]);
    // Interactions of one operation expecting different statuses stay two uses: each reads its own status's body.
    const both = parsePact(pactOf('2.0.0', [get({ status: 200, body: { id: '7' } }), get({ status: 404, body: { id: '7' } })]), 'p.json');
    expect(declarePact(both, [users.doc], 'p.json').declaration?.uses).toHaveLength(2);
  });

  it('refuses a file that is not a pact, saying why', () => {
    expect(() => parsePact('{', 'p.json')).toThrow(/p\.json: not JSON/);
    expect(() => parsePact('{"interactions": []}', 'p.json')).toThrow(/names no consumer/);
  });
});
