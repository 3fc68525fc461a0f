// Where a concrete path lands among a contract's operations when servers are written at several levels: an operation's
// own servers replace its path item's, which replace the document's (OpenAPI 3.0/3.1, Path Item and Operation objects).
import { describe, expect, it } from 'vitest';
import { createOperationMatcher, diffContracts, indexReach, matchOperations, parseContract } from '../../../contracts/index.js';

const ok = { '200': { description: 'ok' } };
const idParam = [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }];

const load = (doc: object) => parseContract(JSON.stringify({ openapi: '3.1.0', info: { title: 't', version: '1' }, ...doc }), 'api.json');

const layered = await load({
  servers: [{ url: 'https://api.acme.dev/api' }],
  paths: {
    '/reports/{id}': {
      servers: [{ url: '/v2' }],
      get: { parameters: idParam, responses: ok },
      delete: { servers: [{ url: 'https://admin.acme.dev/admin' }], parameters: idParam, responses: ok },
    },
    '/{kind}/reports/{id}': { get: { parameters: [...idParam, { name: 'kind', in: 'path', required: true, schema: { type: 'string' } }], responses: ok } },
    '/health': { servers: [], get: { responses: ok } },
  },
});

describe("servers at the document's, a path item's and an operation's level", () => {
  const match = createOperationMatcher(layered.doc);

  it("places a call under the path item's server path, and not under the document's, which that path item replaced", () => {
    expect(match('GET', '/v2/reports/7', false)).toBe('GET /reports/{id}');
    expect(match('GET', '/api/reports/7', false)).toBe('GET /{kind}/reports/{id}');
    expect(match('GET', '/reports/7', false)).toBe('GET /reports/{id}');
  });

  it("follows an operation's own servers over its path item's", () => {
    expect(match('DELETE', '/admin/reports/7', false)).toBe('DELETE /reports/{id}');
    expect(match('DELETE', '/v2/reports/7', false)).toBeUndefined();
    expect(match('DELETE', '/api/reports/7', false)).toBeUndefined();
  });

  it("keeps the document's servers where a path item writes an empty list", () => {
    expect(match('GET', '/api/health', false)).toBe('GET /health');
  });
});

describe('server variables', () => {
  it('keeps a relative server path whose first variable is empty by default a path, not a host', async () => {
    const doc = await load({
      servers: [{ url: '/{tenant}/v1', variables: { tenant: { default: '' } } }],
      paths: { '/orders/{id}': { get: { parameters: idParam, responses: ok } } },
    });
    expect(createOperationMatcher(doc.doc)('GET', '/v1/orders/1', false)).toBe('GET /orders/{id}');
  });

  it('places a call under every enum value of a variable, and under no value it does not list', async () => {
    const doc = await load({
      servers: [
        {
          url: 'https://{region}.acme.dev/{version}',
          variables: { region: { default: 'eu', enum: ['eu', 'us'] }, version: { default: 'v1', enum: ['v1', 'v2'] } },
        },
      ],
      paths: { '/orders/{id}': { get: { parameters: idParam, responses: ok } } },
    });
    const match = createOperationMatcher(doc.doc);
    expect(match('GET', '/v1/orders/1', false)).toBe('GET /orders/{id}');
    expect(match('GET', '/v2/orders/1', false)).toBe('GET /orders/{id}');
    expect(match('GET', '/v3/orders/1', false)).toBeUndefined();
  });

  it('bounds a server of many variables of many values: each value with the others at their defaults', async () => {
    const values = Array.from({ length: 20 }, (_, i) => `x${i}`);
    const variables = Object.fromEntries(['a', 'b', 'c'].map((name) => [name, { default: 'x0', enum: values }]));
    const doc = await load({ servers: [{ url: '/{a}/{b}/{c}', variables }], paths: { '/orders/{id}': { get: { parameters: idParam, responses: ok } } } });
    const match = createOperationMatcher(doc.doc);
    // 8,000 combinations: the one of defaults, then each value of each variable alone, 58 paths in all (at most 64).
    expect(match('GET', '/x0/x0/x0/orders/1', false)).toBe('GET /orders/{id}');
    expect(match('GET', '/x0/x19/x0/orders/1', false)).toBe('GET /orders/{id}');
    expect(match('GET', '/x0/x0/x7/orders/1', false)).toBe('GET /orders/{id}');
    expect(match('GET', '/x1/x2/x0/orders/1', false)).toBeUndefined();
  });
});

describe('a diff of two versions', () => {
  it("attributes a use to the operation under either version's server path for it", async () => {
    const before = await load({ servers: [{ url: '/api' }], paths: { '/files/{id}': { get: { parameters: idParam, responses: ok } } } });
    const after = await load({
      servers: [{ url: '/api' }],
      paths: { '/files/{id}': { get: { servers: [{ url: '/storage' }], parameters: idParam, responses: ok } } },
    });
    const index = indexReach(diffContracts(before, after));
    expect(matchOperations('GET /api/files/1', index).map((op) => op.key)).toEqual(['GET /files/{}']);
    expect(matchOperations('GET /storage/files/1', index).map((op) => op.key)).toEqual(['GET /files/{}']);
    expect(matchOperations('GET /other/files/1', index)).toEqual([]);
  });
});

describe('a segment that holds parameters among text', () => {
  it('places a call on it, after a literal segment and before a whole parameter', async () => {
    const doc = await load({
      paths: {
        '/reports/{id}': { get: { parameters: idParam, responses: ok } },
        '/reports/{id}.json': { get: { parameters: idParam, responses: ok } },
        '/reports/latest.json': { get: { responses: ok } },
        '/files/{name}.{ext}': { get: { responses: ok } },
        '/users/{id}:activate': { post: { parameters: idParam, responses: ok } },
      },
    });
    const match = createOperationMatcher(doc.doc);
    expect(match('GET', '/reports/7.json', false)).toBe('GET /reports/{id}.json');
    expect(match('GET', '/reports/latest.json', false)).toBe('GET /reports/latest.json');
    expect(match('GET', '/reports/7', false)).toBe('GET /reports/{id}');
    expect(match('GET', '/files/a.tar.gz', false)).toBe('GET /files/{name}.{ext}');
    expect(match('GET', '/files/readme', false)).toBeUndefined();
    // A custom method (`:activate`, as Google's API guide writes them) is text after the parameter.
    expect(match('POST', '/users/7:activate', false)).toBe('POST /users/{id}:activate');
    expect(match('POST', '/users/{userId}:activate', true)).toBe('POST /users/{id}:activate');
    expect(match('GET', '/reports/{reportId}.json', true)).toBe('GET /reports/{id}.json');
    // A route as Express writes it (`http.route`): the parameter, then the text.
    expect(match('GET', '/reports/:reportId.json', true)).toBe('GET /reports/{id}.json');
    expect(match('GET', '/reports/:reportId', true)).toBe('GET /reports/{id}');
    const index = indexReach(diffContracts(doc, doc));
    expect(matchOperations('GET /reports/9.json', index).map((op) => op.key)).toEqual(['GET /reports/{}.json']);
  });
});
