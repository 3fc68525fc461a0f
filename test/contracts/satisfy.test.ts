// checkSatisfies: whether a provider's contract offers what a consumer declares it uses.
import { describe, expect, it } from 'vitest';
import type { OpenApiDocument } from '../../contracts/load/load.js';
import type { Declaration, OperationUsage, VerdictReason } from '../../contracts/model.js';
import { checkSatisfies } from '../../contracts/satisfy.js';
import { revise, usersApi } from '../fixtures/impact/users-api.js';

const declare = (...uses: OperationUsage[]): Declaration => ({ consumer: 'web', provider: 'users-service', uses });
const summary = (reasons: VerdictReason[]) => reasons.map((r) => [r.code, r.operation, r.field ?? null]);
const check = (uses: OperationUsage[], doc: OpenApiDocument = usersApi()) => summary(checkSatisfies({ doc }, declare(...uses)));

/** GET /users/{id} answering with a composed schema: allOf, oneOf, a map and an open object. */
const composed = revise((doc) => {
  doc.components.schemas.Profile = {
    allOf: [
      { $ref: '#/components/schemas/User' },
      { type: 'object', properties: { plan: { oneOf: [{ $ref: '#/components/schemas/Free' }, { $ref: '#/components/schemas/Paid' }] } } },
    ],
  };
  doc.components.schemas.Free = { type: 'object', properties: { quota: { type: 'integer' } } };
  doc.components.schemas.Paid = {
    type: 'object',
    properties: { seats: { type: 'integer' }, invoices: { type: 'array', items: { type: 'object', properties: { total: { type: 'number' } } } } },
  };
  doc.components.schemas.User.properties.labels = { type: 'object', additionalProperties: { type: 'object', properties: { color: { type: 'string' } } } };
  doc.components.schemas.User.properties.extra = { type: 'object' };
  doc.components.schemas.User.properties.secret = { type: 'string', writeOnly: true };
  doc.paths['/users/{id}'].get.responses['200'].content['application/json'].schema = { $ref: '#/components/schemas/Profile' };
});

describe('checkSatisfies', () => {
  it('is satisfied by any contract when everything is used ("*")', () => {
    expect(
      checkSatisfies({ doc: { openapi: '3.0.3', info: { title: 't', version: '1' }, paths: {} } }, { consumer: 'web', provider: 'users-service', uses: '*' }),
    ).toEqual([]);
  });

  it.each([
    ['METHOD /path', 'GET /users/{id}'],
    ['other path parameter names', 'get /users/{userId}'],
    ['operationId', 'getUser'],
  ])('finds a whole operation named by %s', (_, operation) => {
    expect(check([{ operation }])).toEqual([]);
  });

  it('reports every operation the contract does not offer, with a message naming both services', () => {
    const reasons = checkSatisfies({ doc: usersApi() }, declare({ operation: 'PUT /users/{id}' }, { operation: 'archiveUser', response: ['id'] }));
    expect(summary(reasons)).toEqual([
      ['operation-missing', 'PUT /users/{id}', null],
      ['operation-missing', 'archiveUser', null],
    ]);
    expect(reasons[0]).toMatchObject({ severity: 'error', consumer: 'web', provider: 'users-service' });
    expect(reasons[0].message).toBe('users-service does not offer PUT /users/{id}, which web uses');
  });

  it('finds response fields through $ref, allOf, oneOf, array items and maps', () => {
    const response = ['id', 'name', 'address.city', 'plan.quota', 'plan.seats', 'plan.invoices[].total', 'labels.anything.color', 'extra.whatever'];
    expect(check([{ operation: 'GET /users/{id}', response }], composed)).toEqual([]);
    expect(check([{ operation: 'GET /users', response: ['items', 'items[].name', 'items[].address.zip'] }])).toEqual([]);
  });

  it('reports a response field the success response does not have', () => {
    const response = ['nickname', 'address.country', 'plan.quota.value', 'labels.x.size', 'secret', 'name[]'];
    expect(check([{ operation: 'GET /users/{id}', response }], composed)).toEqual(response.map((field) => ['field-missing', 'GET /users/{id}', field]));
    const [reason] = checkSatisfies({ doc: composed }, declare({ operation: 'GET /users/{id}', response: ['nickname'] }));
    expect(reason.message).toBe('GET /users/{id} of users-service does not return `nickname`, which web reads');
  });

  it('reads the success response, not an error one', () => {
    const doc = revise((d) => {
      d.paths['/users/{id}'].get.responses['404'] = {
        description: 'no',
        content: { 'application/json': { schema: { type: 'object', properties: { error: { type: 'string' } } } } },
      };
    });
    expect(check([{ operation: 'GET /users/{id}', response: ['error'] }], doc)).toEqual([['field-missing', 'GET /users/{id}', 'error']]);
  });

  it('counts a response header named in the response list as read', () => {
    expect(check([{ operation: 'GET /users/{id}', response: ['x-rate-limit'] }])).toEqual([]);
  });

  it('reports request fields the body does not name, readOnly ones too', () => {
    const request = ['name', 'nickname', 'address.country', 'address.city'];
    expect(check([{ operation: 'POST /users', request }])).toEqual([
      ['request-field-rejected', 'POST /users', 'nickname'],
      ['request-field-rejected', 'POST /users', 'address.country'],
    ]);
    const readOnlyId = revise((d) => (d.paths['/users'].post.requestBody.content['application/json'].schema = { $ref: '#/components/schemas/User' }));
    expect(check([{ operation: 'POST /users', request: ['id', 'name'] }], readOnlyId)).toEqual([['request-field-rejected', 'POST /users', 'id']]);
    // `id` is required of User, but being readOnly it is required of responses only.
    expect(check([{ operation: 'POST /users', request: ['name'] }], readOnlyId)).toEqual([]);
  });

  it('reads readOnly and writeOnly written in an allOf member as written on the property', () => {
    const composedFlags = revise((d) => {
      d.paths['/users'].post.requestBody.content['application/json'].schema = { $ref: '#/components/schemas/User' };
      d.components.schemas.User.properties.id = { allOf: [{ type: 'string' }, { readOnly: true }] };
      d.components.schemas.User.properties.secret = { allOf: [{ type: 'string' }, { writeOnly: true }] };
      d.components.schemas.User.required = ['id', 'name', 'secret'];
    });
    expect(check([{ operation: 'POST /users', request: ['id', 'name', 'secret'] }], composedFlags)).toEqual([['request-field-rejected', 'POST /users', 'id']]);
    // `id` is required of User, but being readOnly through its allOf it is required of responses only; `secret` of requests.
    expect(check([{ operation: 'POST /users', request: ['name'] }], composedFlags)).toEqual([['required-input-missing', 'POST /users', 'secret']]);
    expect(check([{ operation: 'GET /users/{id}', response: ['id', 'secret'] }], composedFlags)).toEqual([['field-missing', 'GET /users/{id}', 'secret']]);
  });

  it('accepts any request field into a body that describes none', () => {
    const open = revise((d) => (d.paths['/users'].post.requestBody.content['application/json'].schema = { type: 'object' }));
    expect(check([{ operation: 'POST /users', request: ['name', 'anything.at.all'] }], open)).toEqual([]);
  });

  it('rejects every request field of an operation that takes no body', () => {
    expect(check([{ operation: 'DELETE /users/{id}', request: ['reason'] }])).toEqual([['request-field-rejected', 'DELETE /users/{id}', 'reason']]);
  });

  it('reports required request fields the consumer does not send, also inside objects it sends into', () => {
    const doc = revise((d) => (d.components.schemas.Address.required = ['zip']));
    expect(check([{ operation: 'POST /users', request: ['email'] }], doc)).toEqual([['required-input-missing', 'POST /users', 'name']]);
    expect(check([{ operation: 'POST /users', request: ['name', 'address.city'] }], doc)).toEqual([['required-input-missing', 'POST /users', 'address.zip']]);
    expect(check([{ operation: 'POST /users', request: ['name', 'address'] }], doc)).toEqual([]);
    const [reason] = checkSatisfies({ doc }, declare({ operation: 'POST /users', request: ['email'] }));
    expect(reason.message).toBe('POST /users of users-service requires the request field `name`, which web does not send');
  });

  it('reports a required body when the consumer declares it sends no field', () => {
    expect(check([{ operation: 'POST /users', request: [] }])).toEqual([['required-input-missing', 'POST /users', null]]);
  });

  it('asks for required request fields only of a consumer that lists what it sends', () => {
    expect(check([{ operation: 'POST /users', response: ['id'] }])).toEqual([]);
  });

  it('reports required parameters the consumer does not send, never path ones; header names ignore case', () => {
    const doc = revise((d) => {
      const get = d.paths['/users/{id}'].get;
      get.parameters[1].required = true;
      get.parameters.push({ name: 'region', in: 'query', required: true, schema: { type: 'string' } });
    });
    expect(check([{ operation: 'GET /users/{id}', params: ['x-tenant'] }], doc)).toEqual([['required-input-missing', 'GET /users/{id}', 'region']]);
    expect(check([{ operation: 'GET /users/{id}', params: ['X-TENANT', 'region'] }], doc)).toEqual([]);
    expect(check([{ operation: 'GET /users/{id}', response: ['name'] }], doc)).toEqual([]);
    const [reason] = checkSatisfies({ doc }, declare({ operation: 'GET /users/{id}', params: [] }));
    expect(reason).toMatchObject({ code: 'required-input-missing', field: 'X-Tenant', consumer: 'web', provider: 'users-service' });
    expect(reason.message).toBe('GET /users/{id} of users-service requires the header parameter `X-Tenant`, which web does not send');
  });

  it('reports a parameter the consumer sends that the operation does not take, as the contract names it', () => {
    expect(check([{ operation: 'GET /users', params: ['limt'] }])).toEqual([['parameter-rejected', 'GET /users', 'limt']]);
    const [reason] = checkSatisfies({ doc: usersApi() }, declare({ operation: 'GET /users', params: ['limit', 'limt'] }));
    expect(reason.message).toBe('GET /users of users-service takes no parameter `limt`, which web sends: did you mean limit?');
    // Header names ignore case; a path parameter's name is the consumer's own (`{userId}`), or the contract's.
    expect(check([{ operation: 'GET /users/{userId}', params: ['x-tenant', 'fields', 'userId', 'id'] }])).toEqual([]);
  });

  it('takes the headers OpenAPI leaves out of parameters, an API key and a Swagger 2.0 form field as sent', () => {
    const doc = revise((d) => {
      d.components.securitySchemes = { key: { type: 'apiKey', in: 'query', name: 'api_key' } };
      d.paths['/users'].post.requestBody.content = {
        'application/x-www-form-urlencoded': { schema: { type: 'object', properties: { name: { type: 'string' } } } },
      };
    });
    expect(check([{ operation: 'GET /users', params: ['Authorization', 'accept', 'API_KEY'] }], doc)).toEqual([]);
    expect(check([{ operation: 'POST /users', params: ['name'] }], doc)).toEqual([]);
    expect(check([{ operation: 'POST /users', params: ['nickname'] }], doc)).toEqual([['parameter-rejected', 'POST /users', 'nickname']]);
  });

  it('names the operation as the contract writes it', () => {
    const doc = revise((d) => d.components.schemas.User.required.push('zip'));
    const reasons = checkSatisfies({ doc }, declare({ operation: 'get /users/{userId}', response: ['nope'] }));
    expect(summary(reasons)).toEqual([['field-missing', 'GET /users/{id}', 'nope']]);
  });

  it('judges a concrete path declared as written (a Pact call) against the operation whose template it fits, literal segments first', () => {
    const doc = revise((d) => {
      d.paths['/users/{id}/{part}'] = { get: { responses: { '200': { description: 'a part' } } } };
      d.paths['/users/{id}/avatar'] = { get: { responses: { '200': { description: 'the avatar' } } } };
    });
    expect(check([{ operation: 'GET /users/7', params: ['fields'], response: ['email'] }], doc)).toEqual([]);
    expect(check([{ operation: 'GET /users/7', params: ['limt'], response: ['nope'] }], doc)).toEqual([
      ['field-missing', 'GET /users/{id}', 'nope'],
      ['parameter-rejected', 'GET /users/{id}', 'limt'],
    ]);
    expect(check([{ operation: 'GET /users/7/avatar', response: ['url'] }], doc)).toEqual([['field-missing', 'GET /users/{id}/avatar', 'url']]);
    expect(check([{ operation: 'GET /users/7/tags', response: ['url'] }], doc)).toEqual([['field-missing', 'GET /users/{id}/{part}', 'url']]);
    expect(check([{ operation: 'PUT /users/7' }], doc)).toEqual([['operation-missing', 'PUT /users/7', null]]);
  });
});
