// OpenAPI 3.1 schemas are JSON Schema 2020-12: keywords beside a `$ref` apply as well as what it names, so one added,
// removed or changed there is judged like the same keyword written in the schema; 3.0 and 2.0 ignore them by their spec.
import { describe } from 'vitest';
import { type Doc, json, obj, ok, type RuleCase, runRuleCases } from './harness.js';

const SCHEMAS = { Name: { type: 'string' }, Limit: { type: 'integer' }, Status: { type: 'string', enum: ['active', 'paused', 'gone'] } };
const doc = (version: string, paths: Doc, schemas: Doc = SCHEMAS, extra: Doc = {}): Doc => ({
  openapi: version,
  info: { title: 'pets', version: '1.0.0' },
  paths,
  components: { schemas, ...extra },
});
/** `POST /pets` sending `{ name }` and `GET /pets` returning it, `name` written as `field`. */
const both = (field: Doc, version = '3.1.0'): Doc =>
  doc(version, {
    '/pets': {
      post: { requestBody: { content: json(obj({ name: field })) }, responses: ok() },
      get: { responses: ok(json(obj({ name: field }))) },
    },
  });
const request = (field: Doc, version = '3.1.0', schemas: Doc = SCHEMAS): Doc =>
  doc(version, { '/pets': { post: { requestBody: { content: json(obj({ name: field })) }, responses: ok() } } }, schemas);
const response = (field: Doc, version = '3.1.0', schemas: Doc = SCHEMAS): Doc =>
  doc(version, { '/pets': { get: { responses: ok(json(obj({ name: field }))) } } }, schemas);
const NAME = { $ref: '#/components/schemas/Name' };
const REQUEST_NAME = '/paths/~1pets/post/requestBody/content/application~1json/schema/properties/name';
const RESPONSE_NAME = '/paths/~1pets/get/responses/200/content/application~1json/schema/properties/name';

describe('keywords beside a schema $ref (3.1)', () => {
  const cases: RuleCase[] = [
    {
      name: 'maxLength added beside a $ref in a request: a request narrowed, where it is written',
      base: request(NAME),
      revision: request({ ...NAME, maxLength: 10 }),
      expect: [{ id: 'request-property-max-length-set', level: 'breaking', operation: 'POST /pets', pointer: `${REQUEST_NAME}/maxLength` }],
    },
    {
      name: 'the same in 3.0, where siblings of $ref are ignored: nothing',
      base: request(NAME, '3.0.3'),
      revision: request({ ...NAME, maxLength: 10 }, '3.0.3'),
      expect: 'none',
    },
    {
      name: 'maxLength lowered beside a $ref: breaking for the request, info for the response',
      base: both({ ...NAME, maxLength: 10 }),
      revision: both({ ...NAME, maxLength: 5 }),
      expect: [
        { id: 'request-property-max-length-decreased', level: 'breaking', pointer: `${REQUEST_NAME}/maxLength` },
        { id: 'response-property-max-length-decreased', level: 'info', pointer: `${RESPONSE_NAME}/maxLength` },
      ],
    },
    {
      name: 'a bound beside a $ref removed from a response: the response may now be longer',
      base: response({ ...NAME, maxLength: 10 }),
      revision: response(NAME),
      expect: [{ id: 'response-property-max-length-unset', pointer: `${RESPONSE_NAME}/maxLength` }],
    },
    {
      name: 'a looser bound beside a tighter one in the target removed: both applied, the tighter still does, nothing',
      base: response({ ...NAME, maxLength: 10 }, '3.1.0', { ...SCHEMAS, Name: { type: 'string', maxLength: 5 } }),
      revision: response(NAME, '3.1.0', { ...SCHEMAS, Name: { type: 'string', maxLength: 5 } }),
      expect: 'none',
    },
    {
      name: 'an enum beside a $ref that narrows the target removed: the response returns more values',
      base: response({ $ref: '#/components/schemas/Status', enum: ['active', 'paused'] }),
      revision: response({ $ref: '#/components/schemas/Status' }),
      expect: [{ id: 'response-property-enum-value-added', message: ['gone'] }],
    },
    {
      name: 'the target changed under a $ref that has siblings: still judged, once',
      base: request({ ...NAME, maxLength: 10 }),
      revision: request({ ...NAME, maxLength: 10 }, '3.1.0', { ...SCHEMAS, Name: { type: 'integer' } }),
      expect: [{ id: 'request-property-type-changed', level: 'breaking' }],
    },
    {
      name: 'readOnly added beside a $ref: the property can no longer be sent',
      base: request(NAME),
      revision: request({ ...NAME, readOnly: true }),
      expect: [{ id: 'request-optional-property-became-read-only', pointer: REQUEST_NAME }],
    },
    {
      name: 'writeOnly added beside a $ref in a response: no longer returned',
      base: response(NAME),
      revision: response({ ...NAME, writeOnly: true }),
      expect: [{ id: 'response-optional-property-became-write-only' }],
    },
    {
      name: 'readOnly beside a $ref in 3.0: ignored, nothing',
      base: request(NAME, '3.0.3'),
      revision: request({ ...NAME, readOnly: true }, '3.0.3'),
      expect: 'none',
    },
    {
      name: 'a description beside a $ref changed: documentation, nothing',
      base: both({ ...NAME, description: 'the name' }),
      revision: both({ ...NAME, description: 'what the pet is called' }),
      expect: 'none',
    },
    {
      name: "3.0's `nullable` beside a 3.1 $ref: no keyword of 2020-12, nothing",
      base: response(NAME),
      revision: response({ ...NAME, nullable: true }),
      expect: 'none',
    },
    {
      name: "a change inside the target below a $ref with a constraint beside it points at the target's lines",
      base: response({ $ref: '#/components/schemas/Item', type: 'object' }, '3.1.0', { Item: { oneOf: [{ $ref: '#/components/schemas/A' }] }, A: obj({}) }),
      revision: response({ $ref: '#/components/schemas/Item', type: 'object' }, '3.1.0', {
        Item: { oneOf: [{ $ref: '#/components/schemas/A' }, { $ref: '#/components/schemas/B' }] },
        A: obj({}),
        B: obj({}),
      }),
      expect: [{ id: 'response-property-one-of-added', pointer: '/components/schemas/Item/oneOf/1' }],
    },
    {
      name: 'a sibling on a $ref chain link (a component that is a $ref with a bound) counts too',
      base: request({ $ref: '#/components/schemas/ShortName' }, '3.1.0', { ...SCHEMAS, ShortName: { ...NAME, maxLength: 20 } }),
      revision: request({ $ref: '#/components/schemas/ShortName' }, '3.1.0', { ...SCHEMAS, ShortName: { ...NAME, maxLength: 8 } }),
      expect: [{ id: 'request-property-max-length-decreased', level: 'breaking', pointer: '/components/schemas/ShortName/maxLength' }],
    },
    {
      name: '3.0 to 3.1 with a bound beside a $ref written the same: 3.1 applies what 3.0 ignored, the request narrowed',
      base: both({ ...NAME, maxLength: 10 }, '3.0.3'),
      revision: both({ ...NAME, maxLength: 10 }, '3.1.0'),
      expect: [
        { id: 'request-property-max-length-set', level: 'breaking', pointer: `${REQUEST_NAME}/maxLength` },
        { id: 'response-property-max-length-set', level: 'info', pointer: `${RESPONSE_NAME}/maxLength` },
      ],
    },
    {
      name: '3.1 to 3.0 with the same bound beside a $ref: 3.0 ignores it, the response may now be longer',
      base: both({ ...NAME, maxLength: 10 }, '3.1.0'),
      revision: both({ ...NAME, maxLength: 10 }, '3.0.3'),
      expect: [
        { id: 'request-property-max-length-unset', level: 'info', pointer: `${REQUEST_NAME}/maxLength` },
        { id: 'response-property-max-length-unset', pointer: `${RESPONSE_NAME}/maxLength` },
      ],
    },
    {
      name: '3.0 to 3.1 with readOnly beside a $ref in a request: 3.1 reads it, the property can no longer be sent',
      base: request({ ...NAME, readOnly: true }, '3.0.3'),
      revision: request({ ...NAME, readOnly: true }, '3.1.0'),
      expect: [{ id: 'request-optional-property-became-read-only', pointer: REQUEST_NAME }],
    },
    {
      name: '3.0 to 3.1 with a bound beside a $ref inside a component: judged where the component writes it',
      base: request({ $ref: '#/components/schemas/ShortName' }, '3.0.3', { ...SCHEMAS, ShortName: { ...NAME, maxLength: 8 } }),
      revision: request({ $ref: '#/components/schemas/ShortName' }, '3.1.0', { ...SCHEMAS, ShortName: { ...NAME, maxLength: 8 } }),
      expect: [{ id: 'request-property-max-length-set', level: 'breaking', pointer: '/components/schemas/ShortName/maxLength' }],
    },
    {
      name: '3.0 to 3.1 with only a description beside a $ref: documentation in both, nothing',
      base: both({ ...NAME, description: 'the name' }, '3.0.3'),
      revision: both({ ...NAME, description: 'the name' }, '3.1.0'),
      expect: 'none',
    },
  ];
  runRuleCases(cases);
});

/** `GET /pets` with one parameter, written as `parameter`, and the `Limit` component parameter. */
const withParameter = (parameter: Doc, limit: Doc = { name: 'limit', in: 'query', schema: { $ref: '#/components/schemas/Limit' } }): Doc =>
  doc('3.1.0', { '/pets': { get: { parameters: [parameter], responses: ok() } } }, SCHEMAS, { parameters: { Limit: limit } });

describe('keywords beside a $ref in parameters (3.1)', () => {
  const LIMIT = { $ref: '#/components/schemas/Limit' };
  const query = (schema: Doc) => ({ name: 'limit', in: 'query', schema });
  const cases: RuleCase[] = [
    {
      name: 'a maximum beside a parameter schema $ref lowered: breaking',
      base: withParameter(query({ ...LIMIT, maximum: 100 })),
      revision: withParameter(query({ ...LIMIT, maximum: 50 })),
      expect: [{ id: 'request-parameter-max-decreased', level: 'breaking', pointer: '/paths/~1pets/get/parameters/0/schema/maximum' }],
    },
    {
      name: "a Reference Object's summary and description override only documentation: nothing",
      base: withParameter({ $ref: '#/components/parameters/Limit', summary: 'page size', description: 'how many' }),
      revision: withParameter({ $ref: '#/components/parameters/Limit', summary: 'page length', description: 'how many, at most' }),
      expect: 'none',
    },
    {
      name: 'a Reference Object with other siblings: ignored, as 3.1 says (only summary and description may override)',
      base: withParameter({ $ref: '#/components/parameters/Limit' }),
      revision: withParameter({ $ref: '#/components/parameters/Limit', required: true }),
      expect: 'none',
    },
  ];
  runRuleCases(cases);
});
