// Null on a parameter described by `schema` expands to nothing (RFC 6570, wire-null.test.ts), wherever the schema says
// null is valid: through a `$ref`, through a null-only `oneOf`/`anyOf` alternative, or for the items of an array, which
// RFC 6570 skips as it skips any undefined member. Query, cookie, header and path parameters alike; the same schema in a
// body still reports it.
import { describe } from 'vitest';
import { api, type Doc, json, ok, type RuleCase, runRuleCases, withParameter } from './harness.js';

const v31 = (doc: Doc): Doc => ({ ...doc, openapi: '3.1.0' });
const param = (where: string, schema: Doc, extra: Doc = {}): Doc => ({ name: 'q', in: where, schema, ...extra });
// As Discord writes its widget styles: a string type beside a oneOf of consts.
const STYLE = { type: 'string', oneOf: [{ const: 'shield' }, { const: 'banner' }] };
const ref = (name: string): Doc => ({ $ref: `#/components/schemas/${name}` });
const pair31 = (name: string, base: Doc, revision: Doc, expect: RuleCase['expect'], components?: Doc): RuleCase => ({
  name,
  base: v31(withParameter(base, components)),
  revision: v31(withParameter(revision, components)),
  expect,
});
const pair30 = (name: string, base: Doc, revision: Doc, expect: RuleCase['expect'], components: [Doc?, Doc?] = []): RuleCase => ({
  name,
  base: withParameter(base, components[0]),
  revision: withParameter(revision, components[1] ?? components[0]),
  expect,
});

/** GET /pets takes `$ref Date` as query parameter `q` and POST /pets takes it as its request body. */
const queryAndBody = (date: Doc): Doc =>
  api(
    {
      '/pets': {
        get: { parameters: [param('query', ref('Date'))], responses: ok() },
        post: { requestBody: { content: json(ref('Date')) }, responses: ok() },
      },
    },
    { components: { schemas: { Date: date } } },
  );

describe('null on a parameter, wherever it is written', () => {
  runRuleCases([
    pair31(
      '3.1 query: a null-only oneOf alternative dropped, the other kept by $ref',
      param('query', { oneOf: [{ type: 'null' }, ref('Style')] }),
      param('query', ref('Style')),
      'none',
      { schemas: { Style: STYLE } },
    ),
    // Before, each of these gave six breaking findings one way (became-not-nullable twice, type-changed, const-added,
    // one-of-removed twice) and nine infos the other, for a parameter whose values a client may send are the same.
    pair31(
      '3.1 path: a null-only oneOf alternative dropped, the other kept by $ref',
      param('path', { oneOf: [{ type: 'null' }, ref('Style')] }, { required: true }),
      param('path', ref('Style'), { required: true }),
      'none',
      { schemas: { Style: STYLE } },
    ),
    pair31(
      '3.1 header: a null-only oneOf alternative written before the $ref',
      param('header', ref('Style')),
      param('header', { oneOf: [{ type: 'null' }, ref('Style')] }),
      'none',
      { schemas: { Style: STYLE } },
    ),
    pair31(
      '3.1 path: a value dropped behind the null-only alternative is still judged',
      param('path', { oneOf: [{ type: 'null' }, { type: 'string', enum: ['shield', 'banner'] }] }, { required: true }),
      param('path', { type: 'string', enum: ['shield'] }, { required: true }),
      [{ id: 'request-parameter-enum-value-removed', level: 'breaking' }],
    ),
    pair31(
      '3.1 query: a null-only anyOf alternative written beside two types',
      param('query', { anyOf: [{ type: 'string' }, { type: 'integer' }] }),
      param('query', { anyOf: [{ type: 'string' }, { type: 'integer' }, { type: 'null' }] }),
      'none',
    ),
    pair30('3.0 query: nullable dropped in the component its $ref names', param('query', ref('Date')), param('query', ref('Date')), 'none', [
      { schemas: { Date: { type: 'string', nullable: true } } },
      { schemas: { Date: { type: 'string' } } },
    ]),
    pair30(
      '3.0 query array: nullable dropped from its items',
      param('query', { type: 'array', items: { type: 'string', nullable: true } }),
      param('query', { type: 'array', items: { type: 'string' } }),
      'none',
    ),
    pair31(
      '3.1 query array: "null" added to the types of its items',
      param('query', { type: 'array', items: { type: 'string' } }, { explode: false }),
      param('query', { type: 'array', items: { type: ['string', 'null'] } }, { explode: false }),
      'none',
    ),
    pair30(
      '3.0 deepObject query: nullable dropped from a property (RFC 6570 skips a member whose value is undefined)',
      param('query', { type: 'object', properties: { from: { type: 'string', nullable: true } } }, { style: 'deepObject' }),
      param('query', { type: 'object', properties: { from: { type: 'string' } } }, { style: 'deepObject' }),
      'none',
    ),
    pair30(
      '3.0 header object: nullable dropped from a property sends the same (simple leaves out an undefined member)',
      param('header', { type: 'object', properties: { from: { type: 'string', nullable: true } } }),
      param('header', { type: 'object', properties: { from: { type: 'string' } } }),
      'none',
    ),
    pair30('3.0 cookie: nullable dropped sends the same', param('cookie', { type: 'string', nullable: true }), param('cookie', { type: 'string' }), 'none'),
    pair30(
      '3.0 header array: nullable dropped from its items sends the same',
      param('header', { type: 'array', items: { type: 'string', nullable: true } }),
      param('header', { type: 'array', items: { type: 'string' } }),
      'none',
    ),
    pair30(
      '3.0 path: nullable dropped in the component its $ref names sends the same',
      param('path', ref('Date'), { required: true }),
      param('path', ref('Date'), { required: true }),
      'none',
      [{ schemas: { Date: { type: 'string', nullable: true } } }, { schemas: { Date: { type: 'string' } } }],
    ),
    {
      // The allOf part itself is an info finding of its own; only null is the point here.
      ...pair30(
        '3.0 query: nullable moved into an allOf member of the component sends the same',
        param('query', ref('Id')),
        param('query', ref('Id')),
        'none',
        [{ schemas: { Id: { type: 'integer', nullable: true } } }, { schemas: { Id: { type: 'integer', allOf: [{ nullable: true }] } } }],
      ),
      only: ['request-parameter-became-nullable', 'request-parameter-became-not-nullable'],
    },
    pair30(
      '3.0 query array: items wrapped in an anyOf of themselves, nullable both times, send the same',
      param('query', { type: 'array', items: { type: 'integer', nullable: true } }),
      param('query', { type: 'array', items: { anyOf: [{ type: 'integer', nullable: true }] } }),
      'none',
    ),
    pair30(
      '3.0 query array: a property removed from the nullable component its items name is located in the component',
      param('query', { type: 'array', items: ref('Filter') }),
      param('query', { type: 'array', items: ref('Filter') }),
      [{ id: 'request-parameter-property-removed', pointer: '/components/schemas/Filter/properties/from' }],
      [
        { schemas: { Filter: { type: 'object', nullable: true, properties: { from: { type: 'string' } } } } },
        { schemas: { Filter: { type: 'object', nullable: true, properties: {} } } },
      ],
    ),
    pair30(
      '3.0 deepObject query: an enum value added to the nullable component a property names is located in the component',
      param('query', { type: 'object', properties: { id: ref('Kind') } }, { style: 'deepObject' }),
      param('query', { type: 'object', properties: { id: ref('Kind') } }, { style: 'deepObject' }),
      [{ id: 'request-parameter-property-enum-value-added', pointer: '/components/schemas/Kind/enum' }],
      [{ schemas: { Kind: { type: 'integer', enum: [0], nullable: true } } }, { schemas: { Kind: { type: 'integer', enum: [0, 99], nullable: true } } }],
    ),
    {
      name: '3.0: null dropped from a schema both a query parameter and a body use is reported for the body only',
      base: queryAndBody({ type: 'string', nullable: true }),
      revision: queryAndBody({ type: 'string' }),
      expect: [{ id: 'request-body-became-not-nullable', operation: 'POST /pets' }],
    },
  ]);
});
