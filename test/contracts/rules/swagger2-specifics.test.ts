// What only Swagger 2.0 says, mutated one keyword at a time: collectionFormat, formData fields, consumes/produces at the
// document and the operation, host/basePath/schemes, global security and securityDefinitions, x-nullable. Each pair is
// read the way `overseer diff` reads a 2.0 file (converted to 3.0) and the user sees the rule id and level asserted.
import { describe, expect, it } from 'vitest';
import { diffContracts, parseContract } from '../../../contracts/index.js';

type Doc = Record<string, any>;
const str = { type: 'string' };
const ok = { '200': { description: 'ok' } };

const swagger = (paths: Doc, extra: Doc = {}): Doc => ({ swagger: '2.0', info: { title: 'pets', version: '1.0.0' }, paths, ...extra });
/** `POST /pets` taking `parameters`. */
const post = (parameters: Doc[], op: Doc = {}, extra: Doc = {}) => swagger({ '/pets': { post: { parameters, responses: ok, ...op } } }, extra);
/** `GET /pets` answering 200 with `response`. */
const get = (response: Doc = {}, op: Doc = {}, extra: Doc = {}) =>
  swagger({ '/pets': { get: { responses: { '200': { description: 'ok', ...response } }, ...op } } }, extra);
const ids = (format?: string) => ({ name: 'ids', in: 'query', type: 'array', items: str, ...(format ? { collectionFormat: format } : {}) });
const FORM = { consumes: ['application/x-www-form-urlencoded'] };
const field = (extra: Doc = {}) => ({ name: 'name', in: 'formData', type: 'string', ...extra });
const body = (schema: Doc) => ({ name: 'pet', in: 'body', schema });
const KEY = (where: string) => ({ securityDefinitions: { key: { type: 'apiKey', name: 'X-Key', in: where } } });
const pet = (v: Doc) => ({ type: 'object', properties: { v } });

/** name, base, revision, every change the user sees as `id level`. */
const CASES: [string, Doc, Doc, string[]][] = [
  ['query collectionFormat csv -> multi: ids=a,b becomes ids=a&ids=b', post([ids()]), post([ids('multi')]), ['request-parameter-explode-changed breaking']],
  ['query collectionFormat csv -> pipes', post([ids()]), post([ids('pipes')]), ['request-parameter-style-changed breaking']],
  ['query collectionFormat csv written out: the default', post([ids()]), post([ids('csv')]), []],
  [
    'formData: a new required field',
    post([field()], {}, FORM),
    post([field(), field({ name: 'age', required: true })], {}, FORM),
    ['new-required-request-property breaking'],
  ],
  ['formData: a new optional field', post([field()], {}, FORM), post([field(), field({ name: 'age' })], {}, FORM), ['new-optional-request-property info']],
  ['formData: a field dropped', post([field(), field({ name: 'age' })], {}, FORM), post([field()], {}, FORM), ['request-property-removed warning']],
  ['formData: maxLength written', post([field()], {}, FORM), post([field({ maxLength: 3 })], {}, FORM), ['request-property-max-length-set breaking']],
  ['formData: maxLength dropped', post([field({ maxLength: 3 })], {}, FORM), post([field()], {}, FORM), ['request-property-max-length-unset info']],
  [
    'document consumes json -> xml',
    post([body(str)], {}, { consumes: ['application/json'] }),
    post([body(str)], {}, { consumes: ['application/xml'] }),
    ['request-body-media-type-removed breaking', 'request-body-media-type-added info'],
  ],
  [
    'operation consumes overriding the document',
    post([body(str)], {}, { consumes: ['application/json'] }),
    post([body(str)], { consumes: ['application/xml'] }, { consumes: ['application/json'] }),
    ['request-body-media-type-removed breaking', 'request-body-media-type-added info'],
  ],
  [
    'document produces gains xml',
    get({ schema: str }, {}, { produces: ['application/json'] }),
    get({ schema: str }, {}, { produces: ['application/json', 'application/xml'] }),
    ['response-media-type-added info'],
  ],
  [
    'operation produces overriding the document with another type',
    get({ schema: str }, {}, { produces: ['application/json'] }),
    get({ schema: str }, { produces: ['application/xml'] }, { produces: ['application/json'] }),
    ['response-media-type-removed breaking', 'response-media-type-added info'],
  ],
  ['host changed', get({}, {}, { host: 'a.example.com' }), get({}, {}, { host: 'b.example.com' }), ['api-server-removed info', 'api-server-added info']],
  [
    'basePath changed',
    get({}, {}, { host: 'a.example.com', basePath: '/v1' }),
    get({}, {}, { host: 'a.example.com', basePath: '/v2' }),
    ['api-server-base-path-changed warning', 'api-server-added info'],
  ],
  [
    'schemes: http dropped',
    get({}, {}, { host: 'a.example.com', schemes: ['http', 'https'] }),
    get({}, {}, { host: 'a.example.com', schemes: ['https'] }),
    ['api-server-removed info'],
  ],
  ['global security added', get({}, {}, KEY('header')), get({}, {}, { ...KEY('header'), security: [{ key: [] }] }), ['api-global-security-added breaking']],
  [
    'global security added where the operation opts out with []',
    get({}, { security: [] }, KEY('header')),
    get({}, { security: [] }, { ...KEY('header'), security: [{ key: [] }] }),
    [],
  ],
  [
    'an operation opting out of global security',
    get({}, {}, { ...KEY('header'), security: [{ key: [] }] }),
    get({}, { security: [] }, { ...KEY('header'), security: [{ key: [] }] }),
    ['api-security-removed info'],
  ],
  [
    'securityDefinitions: an API key moved from header to query',
    get({}, {}, { ...KEY('header'), security: [{ key: [] }] }),
    get({}, {}, { ...KEY('query'), security: [{ key: [] }] }),
    ['api-security-component-in-changed breaking'],
  ],
  [
    'securityDefinitions: basic replaced by an API key under the same name',
    get({}, {}, { securityDefinitions: { key: { type: 'basic' } }, security: [{ key: [] }] }),
    get({}, {}, { ...KEY('header'), security: [{ key: [] }] }),
    ['api-security-component-type-changed breaking'],
  ],
  [
    'securityDefinitions: oauth2 flow implicit -> accessCode',
    get(
      {},
      {},
      { securityDefinitions: { o: { type: 'oauth2', flow: 'implicit', authorizationUrl: 'https://id.example/auth', scopes: {} } }, security: [{ o: [] }] },
    ),
    get(
      {},
      {},
      {
        securityDefinitions: {
          o: { type: 'oauth2', flow: 'accessCode', authorizationUrl: 'https://id.example/auth', tokenUrl: 'https://id.example/token', scopes: {} },
        },
        security: [{ o: [] }],
      },
    ),
    ['api-security-component-oauth-flow-removed breaking', 'api-security-component-oauth-flow-added info'],
  ],
  [
    'x-nullable written on a response property',
    get({ schema: pet(str) }),
    get({ schema: pet({ ...str, 'x-nullable': true }) }),
    ['response-property-became-nullable breaking'],
  ],
  [
    'x-nullable dropped from a request property',
    post([body(pet({ ...str, 'x-nullable': true }))]),
    post([body(pet(str))]),
    ['request-property-became-not-nullable breaking'],
  ],
  [
    'x-nullable beside a $ref: 2.0 ignores what sits beside a reference',
    get({ schema: pet({ $ref: '#/definitions/S' }) }, {}, { definitions: { S: str } }),
    get({ schema: pet({ $ref: '#/definitions/S', 'x-nullable': true }) }, {}, { definitions: { S: str } }),
    [],
  ],
  [
    'a response header retyped',
    get({ headers: { 'X-Rate': { type: 'integer' } } }),
    get({ headers: { 'X-Rate': { type: 'string' } } }),
    ['response-header-type-changed breaking'],
  ],
];

async function seen(base: Doc, revision: Doc): Promise<string[]> {
  const diff = diffContracts(await parseContract(JSON.stringify(base), 'base.json'), await parseContract(JSON.stringify(revision), 'revision.json'));
  return diff.changes.map((c) => `${c.id} ${c.level}`).sort();
}

describe('Swagger 2.0 keywords, mutated one at a time', () => {
  it.each(CASES)('%s', async (_name, base, revision, expected) => {
    expect(await seen(base, revision)).toEqual([...expected].sort());
  });
});
