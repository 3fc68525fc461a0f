// What an existing client does without reading the new contract: writes parameters the old way,
// authenticates the old way, reads properties it was given. Each case is one such change.
import { describe } from 'vitest';
import { api, json, obj, ok, type RuleCase, requestBody, responseBody, runRuleCases, withParameter } from './harness.js';

const list = { type: 'array', items: { type: 'string' } };
const secured = (scheme: Record<string, unknown>) =>
  api({ '/pets': { get: { security: [{ auth: [] }], responses: ok() } } }, { components: { securitySchemes: { auth: scheme } } });
const oauth = (flows: Record<string, unknown>) => secured({ type: 'oauth2', flows });
const flow = (refreshUrl: string) => ({ tokenUrl: 'https://id.example/token', refreshUrl, scopes: {} });

describe('parameter serialization', () => {
  const cases: RuleCase[] = [
    {
      name: 'style form -> spaceDelimited is breaking',
      base: withParameter({ name: 'tags', in: 'query', schema: list }),
      revision: withParameter({ name: 'tags', in: 'query', style: 'spaceDelimited', schema: list }),
      expect: [{ id: 'request-parameter-style-changed', level: 'breaking', message: ['`tags`', 'from form to spaceDelimited'] }],
    },
    {
      name: 'explode turned off for an array is breaking',
      base: withParameter({ name: 'tags', in: 'query', schema: list }),
      revision: withParameter({ name: 'tags', in: 'query', explode: false, schema: list }),
      expect: [{ id: 'request-parameter-explode-changed', level: 'breaking', message: ['from true to false'] }],
    },
    {
      name: 'explode on a plain string changes nothing on the wire',
      base: withParameter({ name: 'q', in: 'query', schema: { type: 'string' } }),
      revision: withParameter({ name: 'q', in: 'query', explode: false, schema: { type: 'string' } }),
      expect: 'none',
    },
    {
      name: 'explode on an array in a header (simple style) changes nothing on the wire: 3,4,5 either way',
      base: withParameter({ name: 'ids', in: 'header', schema: list }),
      revision: withParameter({ name: 'ids', in: 'header', explode: true, schema: list }),
      expect: 'none',
    },
    {
      name: 'explode on an object in a path (simple style) is breaking: role=admin,name=Alex instead of role,admin,name,Alex',
      base: withParameter({ name: 'filter', in: 'path', required: true, schema: { type: 'object' } }),
      revision: withParameter({ name: 'filter', in: 'path', required: true, explode: true, schema: { type: 'object' } }),
      expect: [{ id: 'request-parameter-explode-changed', level: 'breaking', message: ['from false to true'] }],
    },
    {
      name: 'the default style written out is no change',
      base: withParameter({ name: 'id', in: 'header', schema: { type: 'string' } }),
      revision: withParameter({ name: 'id', in: 'header', style: 'simple', schema: { type: 'string' } }),
      expect: 'none',
    },
    {
      name: 'allowEmptyValue dropped is breaking, allowReserved added is not',
      base: withParameter({ name: 'q', in: 'query', allowEmptyValue: true, schema: { type: 'string' } }),
      revision: withParameter({ name: 'q', in: 'query', allowReserved: true, schema: { type: 'string' } }),
      expect: [
        { id: 'request-parameter-allow-empty-value-removed', level: 'breaking' },
        { id: 'request-parameter-allow-reserved-added', level: 'info' },
      ],
    },
    {
      name: 'allowReserved dropped / allowEmptyValue added',
      base: withParameter({ name: 'q', in: 'query', allowReserved: true, schema: { type: 'string' } }),
      revision: withParameter({ name: 'q', in: 'query', allowEmptyValue: true, schema: { type: 'string' } }),
      expect: [
        { id: 'request-parameter-allow-reserved-removed', level: 'breaking' },
        { id: 'request-parameter-allow-empty-value-added', level: 'info' },
      ],
    },
  ];
  runRuleCases(cases);
});

describe('security schemes', () => {
  const key = (where: string, name: string) => secured({ type: 'apiKey', in: where, name });
  const cases: RuleCase[] = [
    {
      name: 'API key moved from header to query',
      base: key('header', 'X-Key'),
      revision: key('query', 'X-Key'),
      expect: [{ id: 'api-security-component-in-changed', level: 'breaking', message: ['from header to query'] }],
    },
    {
      name: 'API key renamed',
      base: key('header', 'X-Key'),
      revision: key('header', 'X-Api-Key'),
      expect: [{ id: 'api-security-component-name-changed', level: 'breaking' }],
    },
    {
      name: 'http scheme bearer -> basic',
      base: secured({ type: 'http', scheme: 'bearer' }),
      revision: secured({ type: 'http', scheme: 'basic' }),
      expect: [{ id: 'api-security-component-scheme-changed', level: 'breaking' }],
    },
    {
      name: 'http scheme spelled Bearer instead of bearer is the same scheme',
      base: secured({ type: 'http', scheme: 'bearer' }),
      revision: secured({ type: 'http', scheme: 'Bearer' }),
      expect: 'none',
    },
    {
      name: 'type http -> apiKey',
      base: secured({ type: 'http', scheme: 'basic' }),
      revision: key('header', 'X-Key'),
      expect: [{ id: 'api-security-component-type-changed', level: 'breaking' }],
    },
    {
      name: 'openIdConnectUrl changed',
      base: secured({ type: 'openIdConnect', openIdConnectUrl: 'https://a.example/.well-known/openid-configuration' }),
      revision: secured({ type: 'openIdConnect', openIdConnectUrl: 'https://b.example/.well-known/openid-configuration' }),
      expect: [{ id: 'api-security-component-open-id-connect-url-changed', level: 'breaking' }],
    },
    {
      name: 'refreshUrl changed, and a flow removed while another is added',
      base: oauth({ clientCredentials: flow('https://id.example/r1'), password: flow('https://id.example/r1') }),
      revision: oauth({ clientCredentials: flow('https://id.example/r2'), implicit: { authorizationUrl: 'https://id.example/auth', scopes: {} } }),
      expect: [
        { id: 'api-security-component-oauth-refresh-url-changed', level: 'breaking', message: ['(clientCredentials)'] },
        { id: 'api-security-component-oauth-flow-removed', level: 'breaking', message: ['password'] },
        { id: 'api-security-component-oauth-flow-added', level: 'info', message: ['implicit'] },
      ],
    },
  ];
  runRuleCases(cases);
});

describe('visibility and polymorphism', () => {
  const str = { type: 'string' };
  const cases: RuleCase[] = [
    {
      name: 'a required response property that becomes writeOnly is no longer returned: breaking',
      base: responseBody(obj({ id: str, secret: str }, ['id', 'secret'])),
      revision: responseBody(obj({ id: str, secret: { ...str, writeOnly: true } }, ['id', 'secret'])),
      expect: [{ id: 'response-required-property-became-write-only', level: 'breaking' }],
    },
    {
      name: 'an optional response property that becomes writeOnly: a warning, like its removal',
      base: responseBody(obj({ id: str, note: str })),
      revision: responseBody(obj({ id: str, note: { ...str, writeOnly: true } })),
      expect: [{ id: 'response-optional-property-became-write-only', level: 'warning' }],
    },
    {
      name: 'a required request property that becomes readOnly can no longer be sent: breaking',
      base: requestBody(obj({ name: str }, ['name'])),
      revision: requestBody(obj({ name: { ...str, readOnly: true } }, ['name'])),
      expect: [{ id: 'request-required-property-became-read-only', level: 'breaking' }],
    },
    {
      name: 'the discriminator property renamed: breaking for readers and writers',
      base: api({
        '/pets': {
          post: {
            requestBody: { content: json({ oneOf: [obj({ kind: str })], discriminator: { propertyName: 'kind' } }) },
            responses: ok(json({ oneOf: [obj({ kind: str })], discriminator: { propertyName: 'kind' } })),
          },
        },
      }),
      revision: api({
        '/pets': {
          post: {
            requestBody: { content: json({ oneOf: [obj({ kind: str })], discriminator: { propertyName: 'type' } }) },
            responses: ok(json({ oneOf: [obj({ kind: str })], discriminator: { propertyName: 'type' } })),
          },
        },
      }),
      expect: [
        { id: 'request-body-discriminator-property-name-changed', level: 'breaking' },
        { id: 'response-body-discriminator-property-name-changed', level: 'breaking' },
      ],
    },
  ];
  runRuleCases(cases);
});

describe('flags and lifecycle not covered elsewhere', () => {
  const str = { type: 'string' };
  const flagged = (flags: Record<string, Record<string, unknown>>, required: string[] = []) =>
    obj(Object.fromEntries(Object.entries(flags).map(([name, extra]) => [name, { ...str, ...extra }])), required);
  const both = (schema: Record<string, unknown>) => api({ '/pets': { post: { requestBody: { content: json(schema) }, responses: ok(json(schema)) } } });
  const users = (op: Record<string, unknown>, extra: Record<string, unknown> = {}) => api({ '/users/{id}': { ...op } }, extra);
  const get = { parameters: [{ name: 'id', in: 'path', required: true, schema: str }], responses: ok() };
  const cases: RuleCase[] = [
    {
      name: 'optional properties gain and lose readOnly and writeOnly, in requests and responses',
      base: both(flagged({ a: {}, b: { readOnly: true }, c: {}, d: { writeOnly: true } })),
      revision: both(flagged({ a: { readOnly: true }, b: {}, c: { writeOnly: true }, d: {} })),
      expect: [
        'request-optional-property-became-read-only',
        'request-optional-property-became-not-read-only',
        'request-optional-property-became-write-only',
        'request-optional-property-became-not-write-only',
        'response-optional-property-became-read-only',
        'response-optional-property-became-not-read-only',
        'response-optional-property-became-write-only',
        'response-optional-property-became-not-write-only',
      ],
      only: [
        'request-optional-property-became-read-only',
        'request-optional-property-became-not-read-only',
        'request-optional-property-became-write-only',
        'request-optional-property-became-not-write-only',
        'response-optional-property-became-read-only',
        'response-optional-property-became-not-read-only',
        'response-optional-property-became-write-only',
        'response-optional-property-became-not-write-only',
      ],
    },
    {
      name: 'a required response property that becomes readOnly is still returned',
      base: responseBody(flagged({ id: {} }, ['id'])),
      revision: responseBody(flagged({ id: { readOnly: true } }, ['id'])),
      expect: [{ id: 'response-required-property-became-read-only', level: 'info' }],
    },
    {
      name: 'writeOnly response properties that appear and disappear are not returned either way',
      base: responseBody(flagged({ id: {}, old: { writeOnly: true } })),
      revision: responseBody(flagged({ id: {}, pin: { writeOnly: true } }, ['pin'])),
      expect: ['response-optional-write-only-property-removed', 'response-required-write-only-property-added'],
    },
    {
      name: 'a new required property inside an object query parameter',
      base: withParameter({ name: 'filter', in: 'query', style: 'deepObject', schema: obj({ a: str }) }),
      revision: withParameter({ name: 'filter', in: 'query', style: 'deepObject', schema: obj({ a: str, b: str }, ['b']) }),
      expect: [{ id: 'new-required-request-parameter-property', level: 'breaking' }],
    },
    {
      name: 'a removed deprecated operation whose sunset date cannot be read',
      base: users({ get, delete: { ...get, deprecated: true, 'x-sunset': 'after the summer' } }),
      revision: users({ get }),
      expect: [{ id: 'api-deprecated-sunset-parse', level: 'breaking' }],
    },
    {
      name: 'an operationId given where there was none',
      base: users({ get }),
      revision: users({ get: { ...get, operationId: 'getUser' } }),
      expect: [{ id: 'api-operation-id-added', level: 'info' }],
    },
    {
      name: 'a path parameter added to an operation (the template keeps its shape)',
      base: api({ '/users/{id}': { get } }),
      revision: api({ '/users/{id}': { get: { ...get, parameters: [...get.parameters, { name: 'v', in: 'path', required: true, schema: str }] } } }),
      expect: [{ id: 'new-request-path-parameter', level: 'breaking' }],
    },
    {
      name: 'document-level security gains and loses scopes for an operation that inherits it',
      base: users({ get }, { security: [{ oauth: ['read', 'admin'] }], components: { securitySchemes: { oauth: { type: 'oauth2', flows: {} } } } }),
      revision: users({ get }, { security: [{ oauth: ['read', 'write'] }], components: { securitySchemes: { oauth: { type: 'oauth2', flows: {} } } } }),
      expect: [{ id: 'api-global-security-scope-added', level: 'breaking', message: ['oauth:write'] }],
    },
    {
      name: 'document-level security drops a scope for an operation that inherits it',
      base: users({ get }, { security: [{ oauth: ['read', 'admin'] }], components: { securitySchemes: { oauth: { type: 'oauth2', flows: {} } } } }),
      revision: users({ get }, { security: [{ oauth: ['read'] }], components: { securitySchemes: { oauth: { type: 'oauth2', flows: {} } } } }),
      expect: [{ id: 'api-global-security-scope-removed', level: 'info', message: ['oauth:admin'] }],
    },
  ];
  runRuleCases(cases);
});
