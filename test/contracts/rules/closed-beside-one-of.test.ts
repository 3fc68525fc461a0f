// `additionalProperties: false` beside `oneOf`/`anyOf` is read as closing the object over its own properties and those
// of its alternatives, as beside `allOf` (closed-beside-all-of.test.ts). By JSON Schema's letter it sees only its own
// `properties`, so a property declared only in an alternative is refused whatever the alternative says, and a change to
// it would change nothing; but such a contract's server sends and takes those properties (else no alternative could
// hold a required one), so a client is broken by a change there exactly as by one to a property of the object itself.
// Read by the letter, retyping a property every client reads would be no finding. docs/ENGINE.md says so.
import { describe } from 'vitest';
import { api, type Doc, json, ok, type RuleCase, runRuleCases } from './harness.js';

const S = { type: 'string' };
const request = (schema: Doc): Doc => api({ '/pets': { post: { requestBody: { required: true, content: json(schema) }, responses: ok() } } });
const response = (schema: Doc): Doc => api({ '/pets': { get: { responses: ok(json(schema)) } } });
const closed = (keyword: 'oneOf' | 'anyOf', ...alternatives: Doc[]): Doc => ({
  type: 'object',
  properties: { a: S },
  additionalProperties: false,
  [keyword]: alternatives,
});

function bothSides(name: string, from: Doc, to: Doc, req: RuleCase['expect'], res: RuleCase['expect']): RuleCase[] {
  return [
    { name: `request: ${name}`, base: request(from), revision: request(to), expect: req },
    { name: `response: ${name}`, base: response(from), revision: response(to), expect: res },
  ];
}

for (const keyword of ['oneOf', 'anyOf'] as const) {
  const b = { properties: { b: S } };
  const c = { properties: { c: S } };
  describe(`additionalProperties: false beside ${keyword} closes over the alternatives`, () => {
    runRuleCases([
      ...bothSides(
        'a property only an alternative declares, retyped: judged as the property it is on the wire',
        closed(keyword, b, c),
        closed(keyword, { properties: { b: { type: 'integer' } } }, c),
        [{ id: 'request-property-type-changed', level: 'breaking', message: ['`b`'] }],
        [{ id: 'response-property-type-changed', level: 'breaking', message: ['`b`'] }],
      ),
      ...bothSides(
        'an alternative property removed',
        closed(keyword, b, c),
        closed(keyword, { properties: {} }, c),
        [{ id: 'request-property-removed', level: 'warning', message: ['`b`'] }],
        [{ id: 'response-optional-property-removed', level: 'warning', message: ['`b`'] }],
      ),
      ...bothSides(
        'an alternative property added',
        closed(keyword, b, c),
        closed(keyword, { properties: { b: S, d: S } }, c),
        [{ id: 'new-optional-request-property', level: 'info' }],
        [{ id: 'response-optional-property-added', level: 'info' }],
      ),
      ...bothSides(
        'an alternative property became required',
        closed(keyword, b, c),
        closed(keyword, { properties: { b: S }, required: ['b'] }, c),
        [{ id: 'request-property-became-required', level: 'breaking' }],
        [{ id: 'response-property-became-required', level: 'info' }],
      ),
      ...bothSides(
        'the object closed beside its alternatives: a name neither declares is refused',
        { type: 'object', properties: { a: S }, [keyword]: [b] },
        closed(keyword, b),
        [{ id: 'request-body-additional-properties-forbidden', level: 'breaking' }],
        [{ id: 'response-body-additional-properties-forbidden', level: 'info' }],
      ),
    ]);
  });
}
