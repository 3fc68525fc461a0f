// `additionalProperties` sees only the `properties` and `patternProperties` of its own schema object (JSON Schema
// 2020-12 Core 10.3.2.3; draft 4 5.4.4, which 3.0 and 2.0 build on): beside an `allOf` or a 3.1 `$ref`, `false` refuses
// every name the members declare and it does not, so those names can never be sent or returned, and changing them
// changes no value the schema admits; closing or opening such an object adds or removes them.
import { describe } from 'vitest';
import { api, type Doc, json, ok, type RuleCase, runRuleCases } from './harness.js';

const S = { type: 'string' };
const request = (schema: Doc, extra: Doc = {}): Doc =>
  api({ '/pets': { post: { requestBody: { required: true, content: json(schema) }, responses: ok() } } }, extra);
const response = (schema: Doc, extra: Doc = {}): Doc => api({ '/pets': { get: { responses: ok(json(schema)) } } }, extra);
/** An object whose properties all come from one `allOf` member, with `extra` beside the `allOf`. */
const composed = (memberProperties: Doc, extra: Doc = {}): Doc => ({ type: 'object', allOf: [{ properties: memberProperties }], ...extra });
const CLOSED = { additionalProperties: false };

/** The same mutation on a request body and on a response body. */
function bothSides(name: string, from: Doc, to: Doc, req: RuleCase['expect'], res: RuleCase['expect'], extra: Doc = {}): RuleCase[] {
  return [
    { name: `request: ${name}`, base: request(from, extra), revision: request(to, extra), expect: req },
    { name: `response: ${name}`, base: response(from, extra), revision: response(to, extra), expect: res },
  ];
}

describe('additionalProperties: false beside allOf closes over its own properties only', () => {
  runRuleCases([
    ...bothSides('a property added to a member (refused before and after)', composed({ a: S }, CLOSED), composed({ a: S, b: S }, CLOSED), 'none', 'none'),
    ...bothSides('a property removed from a member (refused before and after)', composed({ a: S, b: S }, CLOSED), composed({ a: S }, CLOSED), 'none', 'none'),
    ...bothSides(
      'a member property retyped (refused before and after)',
      composed({ a: S }, CLOSED),
      composed({ a: { type: 'integer' } }, CLOSED),
      'none',
      'none',
    ),
    ...bothSides(
      'the keyword added: the members’ properties are refused from now on',
      composed({ a: S }),
      composed({ a: S }, CLOSED),
      [
        { id: 'request-body-additional-properties-forbidden', level: 'breaking' },
        { id: 'request-property-removed', message: ['`a`'] },
      ],
      [
        { id: 'response-body-additional-properties-forbidden', level: 'info' },
        { id: 'response-optional-property-removed', message: ['`a`'] },
      ],
    ),
    ...bothSides(
      'the keyword removed: the members’ properties may appear from now on',
      composed({ a: S }, CLOSED),
      composed({ a: S }),
      [
        { id: 'request-body-additional-properties-allowed', level: 'info' },
        { id: 'new-optional-request-property', message: ['`a`'] },
      ],
      [
        { id: 'response-body-additional-properties-allowed', level: 'breaking' },
        { id: 'response-optional-property-added', message: ['`a`'] },
      ],
    ),
    ...bothSides(
      'a property the closing schema declares itself stays judged',
      composed({ b: S }, { ...CLOSED, properties: { a: S } }),
      composed({ b: S }, { ...CLOSED, properties: { a: { type: 'integer' } } }),
      [{ id: 'request-property-type-changed', level: 'breaking' }],
      [{ id: 'response-property-type-changed', level: 'breaking' }],
    ),
    ...bothSides(
      'a member property its patternProperties admit stays judged',
      composed({ 'x-a': S }, { ...CLOSED, patternProperties: { '^x-': {} } }),
      composed({}, { ...CLOSED, patternProperties: { '^x-': {} } }),
      [{ id: 'request-property-removed', message: ['`x-a`'] }],
      [{ id: 'response-optional-property-removed', message: ['`x-a`'] }],
    ),
    ...bothSides(
      'a member closed by its own additionalProperties refuses what another member declares',
      { type: 'object', allOf: [{ properties: { a: S }, ...CLOSED }, { properties: { b: S } }] },
      { type: 'object', allOf: [{ properties: { a: S }, ...CLOSED }, { properties: { b: S, c: S } }] },
      'none',
      'none',
    ),
    ...bothSides(
      'unevaluatedProperties: false sees through allOf: a member property removed is judged',
      composed({ a: S, b: S }, { unevaluatedProperties: false }),
      composed({ a: S }, { unevaluatedProperties: false }),
      [{ id: 'request-property-removed', message: ['`b`'] }],
      [{ id: 'response-optional-property-removed', message: ['`b`'] }],
    ),
  ]);
});

describe('additionalProperties: false beside a 3.1 $ref closes over its own properties only', () => {
  const at = (properties: Doc): Doc => ({ openapi: '3.1.0', components: { schemas: { Pet: { type: 'object', properties } } } });
  const use = { $ref: '#/components/schemas/Pet', ...CLOSED };
  runRuleCases([
    ...[
      ['a property added to the named schema', { a: S }, { a: S, b: S }],
      ['a property removed from the named schema', { a: S, b: S }, { a: S }],
    ].flatMap(([name, from, to]) => [
      { name: `request: ${name}`, base: request(use, at(from as Doc)), revision: request(use, at(to as Doc)), expect: 'none' as const },
      { name: `response: ${name}`, base: response(use, at(from as Doc)), revision: response(use, at(to as Doc)), expect: 'none' as const },
    ]),
  ]);
});
