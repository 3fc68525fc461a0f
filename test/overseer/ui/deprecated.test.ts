// The dashboard's list of deprecated parts still in use, and by whom.
import { describe, expect, it } from 'vitest';
import type { ConsumerUse } from '../../../overseer/store/store.js';
import { findDeprecatedUses } from '../../../overseer/ui/deprecated.js';

const doc = {
  openapi: '3.1.0',
  info: { title: 'users', version: '1' },
  paths: {
    '/users': {
      get: {
        operationId: 'listUsers',
        deprecated: true,
        'x-sunset': '2027-01-31',
        parameters: [
          { name: 'limit', in: 'query', schema: { type: 'integer' } },
          { name: 'page', in: 'query', deprecated: true, schema: { type: 'integer' } },
        ],
        responses: {
          '200': {
            description: 'ok',
            content: {
              'application/json': { schema: { type: 'object', properties: { items: { type: 'array', items: { $ref: '#/components/schemas/User' } } } } },
            },
          },
        },
      },
    },
    '/users/{id}': {
      get: {
        operationId: 'getUser',
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/User' } } } } },
      },
      put: {
        requestBody: { content: { 'application/json': { schema: { allOf: [{ $ref: '#/components/schemas/User' }] } } } },
        responses: { '204': { description: 'ok' } },
      },
    },
  },
  components: {
    schemas: {
      User: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          email: { type: 'string', deprecated: true },
          address: { $ref: '#/components/schemas/Address', deprecated: true },
        },
      },
      Address: { type: 'object', properties: { city: { type: 'string' } } },
    },
  },
};

const use = (consumer: string, uses: ConsumerUse['declaration']['uses']): ConsumerUse => ({
  consumer,
  version: '2.0.0',
  declaration: { consumer, provider: 'users', uses },
});

describe('deprecated parts still in use', () => {
  it('finds deprecated operations, parameters and fields each consumer uses, with sunset dates', () => {
    const found = findDeprecatedUses({ doc }, [
      use('web', [{ operation: 'getUser', response: ['id', 'email', 'address.city'] }]),
      use('batch', [{ operation: 'GET /users', params: ['page', 'limit'], response: ['items[].email'] }]),
      use('admin', [{ operation: 'PUT /users/{userId}', request: ['email', 'id'] }]),
      use('quiet', [{ operation: 'getUser', response: ['id'] }]),
    ]);
    expect(found.map((f) => [f.consumer, f.operation, f.part, f.sunset])).toEqual([
      ['admin', 'PUT /users/{id}', 'request field email', undefined],
      ['batch', 'GET /users', 'operation', '2027-01-31'],
      ['batch', 'GET /users', 'parameter page', '2027-01-31'],
      ['batch', 'GET /users', 'response field items[].email', '2027-01-31'],
      ['web', 'GET /users/{id}', 'response field address.city', undefined],
      ['web', 'GET /users/{id}', 'response field email', undefined],
    ]);
  });

  it('counts every deprecated part for a consumer that uses everything, as the gate does, and ignores unknown operations', () => {
    const found = findDeprecatedUses({ doc }, [use('all', '*'), use('typo', [{ operation: 'nope' }])]);
    expect(found.map((f) => [f.consumer, f.operation, f.part])).toEqual([
      ['all', 'GET /users', 'operation'],
      ['all', 'GET /users', 'parameter page'],
      ['all', 'GET /users', 'response field items[].address'],
      ['all', 'GET /users', 'response field items[].email'],
      ['all', 'GET /users/{id}', 'response field address'],
      ['all', 'GET /users/{id}', 'response field email'],
      ['all', 'PUT /users/{id}', 'request field address'],
      ['all', 'PUT /users/{id}', 'request field email'],
    ]);
  });
});
