// `additionalProperties: false` beside an `allOf` or a 3.1 `$ref` is read as closing the object over the members'
// properties, as its authors mean it, not as JSON Schema's letter (where it sees only its own `properties`). Read by the
// letter, every property a member declares is refused, any member's required property makes the schema unsatisfiable,
// and a removed or retyped property that every client reads from the server's real answers would be no finding: a
// "deployable" the gate has not earned. docs/ENGINE.md says so.
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

describe('additionalProperties: false beside allOf closes over the members', () => {
  runRuleCases([
    ...bothSides(
      'a member property removed is judged as a property removed from a closed object (closed-object-names.test.ts)',
      composed({ a: S, b: S }, CLOSED),
      composed({ a: S }, CLOSED),
      [
        { id: 'request-property-removed', message: ['`b`'] },
        { id: 'request-body-additional-properties-forbidden', level: 'breaking', message: ['`b`'] },
      ],
      [{ id: 'response-optional-property-removed', message: ['`b`'] }],
    ),
    ...bothSides(
      'a member property retyped is judged',
      composed({ a: S }, CLOSED),
      composed({ a: { type: 'integer' } }, CLOSED),
      [{ id: 'request-property-type-changed', level: 'breaking' }],
      [{ id: 'response-property-type-changed', level: 'breaking' }],
    ),
    ...bothSides(
      'the keyword added refuses what no member declares, and nothing a member declares',
      composed({ a: S }),
      composed({ a: S }, CLOSED),
      [{ id: 'request-body-additional-properties-forbidden', level: 'breaking' }],
      [{ id: 'response-body-additional-properties-forbidden', level: 'info' }],
    ),
  ]);
});

describe('additionalProperties: false beside a 3.1 $ref closes over the named schema', () => {
  const at = (properties: Doc): Doc => ({ openapi: '3.1.0', components: { schemas: { Pet: { type: 'object', properties } } } });
  const use = { $ref: '#/components/schemas/Pet', ...CLOSED };
  runRuleCases([
    {
      name: 'response: a property removed from the named schema',
      base: response(use, at({ a: S, b: S })),
      revision: response(use, at({ a: S })),
      expect: [{ id: 'response-optional-property-removed', message: ['`b`'] }],
    },
  ]);
});
