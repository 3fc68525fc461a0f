// Which parts of a contract are deprecated, with since-when and sunset: what migrations and the dashboard list.
import { describe, expect, it } from 'vitest';
import { findDeprecationUses, listDeprecations, type OpenApiDocument } from '../../contracts/index.js';

const json = (schema: object) => ({ content: { 'application/json': { schema } } });

const doc = {
  openapi: '3.1.0',
  info: { title: 'users', version: '1' },
  paths: {
    '/users': {
      get: {
        operationId: 'listUsers',
        deprecated: true,
        'x-sunset': '2027-01-31T00:00:00Z',
        parameters: [
          { name: 'page', in: 'query', deprecated: true, 'x-sunset': 'soon' },
          { name: 'tenant', in: 'header', required: true, deprecated: true },
        ],
        responses: { '200': { description: 'ok', ...json({ type: 'array', items: { $ref: '#/components/schemas/User' } }) } },
      },
      post: {
        requestBody: json({ $ref: '#/components/schemas/User' }),
        responses: { '201': { description: 'ok', ...json({ $ref: '#/components/schemas/User' }) }, '400': json({ $ref: '#/components/schemas/Old' }) },
      },
    },
  },
  components: {
    schemas: {
      User: {
        type: 'object',
        properties: {
          id: { type: 'string', readOnly: true, deprecated: true },
          email: { type: 'string', deprecated: true, 'x-sunset': '2026-06-30' },
          address: { $ref: '#/components/schemas/Address', deprecated: true },
          contact: { oneOf: [{ type: 'string' }, { type: 'object', properties: { fax: { type: 'string', deprecated: true } } }] },
          manager: { $ref: '#/components/schemas/User' },
        },
      },
      Address: { type: 'object', properties: { city: { type: 'string' } } },
      Old: { type: 'object', properties: { gone: { type: 'string', deprecated: true } } },
    },
  },
} as unknown as OpenApiDocument;

describe('listDeprecations', () => {
  const found = listDeprecations(doc);
  const row = (d: (typeof found)[number]) => [d.part, d.operation, d.field ?? d.parameter?.name ?? ''];
  const uses = (usages: Parameters<typeof findDeprecationUses>[1]) =>
    findDeprecationUses(found, usages, doc).map((u) => [u.deprecation.part, u.deprecation.operation, u.field ?? u.deprecation.parameter?.name ?? '']);
  const rows = found.map((d) => [d.part, d.operation, d.parameter?.name ?? d.field ?? '', d.sunset, d.sunsetDate]);

  it('lists deprecated operations, parameters and body properties with their sunset, as written and as a date', () => {
    expect(rows).toEqual([
      ['operation', 'GET /users', '', '2027-01-31T00:00:00Z', '2027-01-31'],
      ['parameter', 'GET /users', 'page', 'soon', undefined],
      ['parameter', 'GET /users', 'tenant', '2027-01-31T00:00:00Z', '2027-01-31'],
      ['response-field', 'GET /users', '[].id', '2027-01-31T00:00:00Z', '2027-01-31'],
      ['response-field', 'GET /users', '[].email', '2026-06-30', '2026-06-30'],
      ['response-field', 'GET /users', '[].address', '2027-01-31T00:00:00Z', '2027-01-31'],
      ['response-field', 'GET /users', '[].contact.fax', '2027-01-31T00:00:00Z', '2027-01-31'],
      ['response-field', 'GET /users', '[].manager.id', '2027-01-31T00:00:00Z', '2027-01-31'],
      ['response-field', 'GET /users', '[].manager.email', '2026-06-30', '2026-06-30'],
      ['response-field', 'GET /users', '[].manager.address', '2027-01-31T00:00:00Z', '2027-01-31'],
      ['response-field', 'GET /users', '[].manager.contact.fax', '2027-01-31T00:00:00Z', '2027-01-31'],
      // A read-only property is no part of a request.
      ['request-field', 'POST /users', 'email', '2026-06-30', '2026-06-30'],
      ['request-field', 'POST /users', 'address', undefined, undefined],
      ['request-field', 'POST /users', 'contact.fax', undefined, undefined],
      ['request-field', 'POST /users', 'manager.email', '2026-06-30', '2026-06-30'],
      ['request-field', 'POST /users', 'manager.address', undefined, undefined],
      ['request-field', 'POST /users', 'manager.contact.fax', undefined, undefined],
      ['response-field', 'POST /users', 'id', undefined, undefined],
      ['response-field', 'POST /users', 'email', '2026-06-30', '2026-06-30'],
      ['response-field', 'POST /users', 'address', undefined, undefined],
      ['response-field', 'POST /users', 'contact.fax', undefined, undefined],
      ['response-field', 'POST /users', 'manager.id', undefined, undefined],
      ['response-field', 'POST /users', 'manager.email', '2026-06-30', '2026-06-30'],
      ['response-field', 'POST /users', 'manager.address', undefined, undefined],
      ['response-field', 'POST /users', 'manager.contact.fax', undefined, undefined],
      // The 400's body: read by a consumer that expects a 400 (a pact's), and by no other.
      ['response-field', 'POST /users', 'gone', undefined, undefined],
    ]);
    expect(found.find((d) => d.field === 'gone')?.statuses).toEqual(['400']);
    expect(found.find((d) => d.part === 'response-field' && d.operation === 'POST /users' && d.field === 'email')?.statuses).toEqual(['201']);
  });

  it('reads a deprecated response field in the statuses a use expects: the 400 for a pact expecting it, else the success ones', () => {
    expect(uses([{ operation: 'POST /users', statuses: ['400'], response: ['gone'] }])).toEqual([['response-field', 'POST /users', 'gone']]);
    expect(uses([{ operation: 'POST /users', statuses: ['4XX'], response: ['gone'] }])).toEqual([['response-field', 'POST /users', 'gone']]);
    // The 201's email is deprecated, not the 400's (which has none): a reader of the 400 is not told of it.
    expect(uses([{ operation: 'POST /users', statuses: ['400'], response: ['email'] }])).toEqual([]);
    expect(uses([{ operation: 'POST /users', response: ['gone', 'email'] }])).toEqual([['response-field', 'POST /users', 'email']]);
    // A deprecated operation is deprecated for every status a use expects of it.
    expect(uses([{ operation: 'listUsers', statuses: ['404'], response: ['message'] }])).toEqual([['operation', 'GET /users', '']]);
  });

  it('leaves body properties out when asked to, for callers that need only operations and parameters', () => {
    expect(listDeprecations(doc, { fields: false }).map((d) => d.part)).toEqual(['operation', 'parameter', 'parameter']);
  });

  it('points at where each part is declared deprecated, a `deprecated` beside a `$ref` included', () => {
    expect(found.find((d) => d.field === 'address')?.pointer).toBe('/components/schemas/User/properties/address');
    expect(found.find((d) => d.parameter?.name === 'page')?.pointer).toBe('/paths/~1users/get/parameters/0');
  });

  it('matches what a consumer uses: fields at or below a deprecated property, parameters it sends', () => {
    expect(uses([{ operation: 'listUsers', params: ['page'], response: ['[].address.city', '[].name'] }])).toEqual([
      ['operation', 'GET /users', ''],
      ['parameter', 'GET /users', 'page'],
      ['response-field', 'GET /users', '[].address.city'],
    ]);
    expect(uses([{ operation: 'POST /users', request: ['id', 'manager.manager.email'] }])).toEqual([]);
    // Header names are case-insensitive, as the gate matches them.
    expect(uses([{ operation: 'GET /users', params: ['Tenant'], response: [] }])).toEqual([
      ['operation', 'GET /users', ''],
      ['parameter', 'GET /users', 'tenant'],
    ]);
  });

  it('counts a field read above deprecated properties as a use of each of them, as the gate counts their removal', () => {
    expect(uses([{ operation: 'POST /users', response: ['contact'] }])).toEqual([['response-field', 'POST /users', 'contact']]);
    expect(findDeprecationUses(found, [{ operation: 'POST /users', response: ['contact'] }], doc).map((u) => u.deprecation.field)).toEqual(['contact.fax']);
    const underManager = findDeprecationUses(found, [{ operation: 'POST /users', response: ['manager'] }], doc).map((u) => u.deprecation.field);
    expect(underManager).toEqual(['manager.id', 'manager.email', 'manager.address', 'manager.contact.fax']);
    // A field beside the deprecated one reaches none.
    expect(uses([{ operation: 'POST /users', response: ['contact.phone', 'name'] }])).toEqual([]);
  });

  it('counts every deprecated part of an operation used whole (no lists, or every operation), as the gate does', () => {
    const ofGetUsers = found.filter((d) => d.operation === 'GET /users').map(row);
    expect(ofGetUsers.length).toBe(11);
    expect(uses([{ operation: 'GET /users' }])).toEqual(ofGetUsers);
    expect(uses('*')).toEqual(found.map(row));
    // Reached only through the whole operation, a part may be used; the deprecated operation itself is used for sure.
    const marked = findDeprecationUses(found, [{ operation: 'GET /users' }], doc).map((u) => [u.deprecation.part, u.whole ?? false]);
    expect(marked.filter(([, whole]) => !whole)).toEqual([['operation', false]]);
  });
});

describe('findDeprecationUses on a concrete path', () => {
  const ok = { '200': { description: 'ok' } };
  const orders = {
    openapi: '3.0.3',
    info: { title: 'orders', version: '1' },
    servers: [{ url: 'https://{region}.api.example.com/{version}/', variables: { region: { default: 'eu' }, version: { default: 'v2' } } }],
    paths: {
      '/orders/{id}': { get: { deprecated: true, 'x-sunset': '2027-06-30', responses: ok } },
      '/orders/new': { get: { responses: ok } },
    },
  } as unknown as OpenApiDocument;
  const deprecations = listDeprecations(orders);
  const reached = (operation: string) => findDeprecationUses(deprecations, [{ operation }], orders).map((u) => u.deprecation.operation);

  it('tells the consumer of GET /orders/1 (as a Pact writes it, or under the server path) that GET /orders/{id} is deprecated', () => {
    expect(reached('GET /orders/1')).toEqual(['GET /orders/{id}']);
    expect(reached('GET /v2/orders/1')).toEqual(['GET /orders/{id}']);
  });

  it('places a path where OpenAPI routes it: a literal segment wins, and another method or base path is not it', () => {
    expect(reached('GET /orders/new')).toEqual([]);
    expect(reached('DELETE /orders/1')).toEqual([]);
    expect(reached('GET /v1/orders/1')).toEqual([]);
  });
});

describe('listDeprecations: response headers', () => {
  const limit = { $ref: '#/components/headers/Limit' };
  const withHeaders = {
    openapi: '3.0.3',
    info: { title: 'users', version: '1' },
    paths: {
      '/users': {
        get: {
          'x-sunset': '2027-01-31',
          responses: {
            '200': { description: 'ok', headers: { 'X-Rate-Limit': limit, ETag: { schema: { type: 'string' } } } },
            '429': { description: 'slow down', headers: { 'x-rate-limit': limit } },
          },
        },
      },
    },
    components: { headers: { Limit: { deprecated: true, schema: { type: 'integer' } } } },
  } as unknown as OpenApiDocument;
  const found = listDeprecations(withHeaders);

  it('lists a deprecated header once by its name without case, with the statuses that have it and its sunset', () => {
    expect(found.map((d) => [d.part, d.operation, d.header, d.statuses, d.sunset, d.pointer])).toEqual([
      ['response-header', 'GET /users', 'X-Rate-Limit', ['200', '429'], '2027-01-31', '/components/headers/Limit'],
    ]);
  });

  it('is used by a consumer whose response list names it, in a status it reads', () => {
    const uses = (usage: Parameters<typeof findDeprecationUses>[1]) => findDeprecationUses(found, usage, withHeaders).map((u) => u.deprecation.header);
    expect(uses([{ operation: 'GET /users', response: ['x-RATE-limit'] }])).toEqual(['X-Rate-Limit']);
    expect(uses([{ operation: 'GET /users', response: ['etag'] }])).toEqual([]);
    expect(uses([{ operation: 'GET /users', response: ['X-Rate-Limit'], statuses: ['404'] }])).toEqual([]);
    expect(uses([{ operation: 'GET /users' }])).toEqual(['X-Rate-Limit']);
  });
});

describe('listDeprecations: read by the version of the document, as the diff and the gate read it', () => {
  // 3.1's `const` is no keyword of 3.0: there `{const: null}` admits any value, which the field is not deprecated in.
  const of = (openapi: string) =>
    ({
      openapi,
      info: { title: 'users', version: '1' },
      paths: {
        '/users': {
          get: {
            responses: {
              '200': {
                description: 'ok',
                ...json({ type: 'object', properties: { nickname: { oneOf: [{ type: 'string', deprecated: true }, { const: null }] } } }),
              },
            },
          },
        },
      },
    }) as unknown as OpenApiDocument;
  it('3.1: a field deprecated in every alternative but null is deprecated', () => {
    expect(listDeprecations(of('3.1.0')).map((d) => [d.part, d.field])).toEqual([['response-field', 'nickname']]);
  });
  it('3.0: the const alternative admits any value, so the field is not deprecated', () => {
    expect(listDeprecations(of('3.0.3'))).toEqual([]);
  });
});
