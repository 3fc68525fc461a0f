// One dependency written three ways: `dependentRequired: {a: [b]}`, `dependentSchemas: {a: {required: [b]}}` (JSON Schema
// 2020-12 Validation 6.5.4, Core 10.2.2.4) and the older `dependencies` they were split from (draft 4 5.4.5, still in the
// 2020-12 meta-schema, deprecated), array or schema. Trading one form for another admits the same values; a real change
// across forms is judged as dependentRequired's.
import { describe } from 'vitest';
import { api, type Doc, json, ok, type RuleCase, runRuleCases } from './harness.js';

const S = { type: 'string' };
const object = (extra: Doc): Doc => ({ type: 'object', properties: { a: S, b: S, c: S }, ...extra });
const request = (schema: Doc, openapi: string): Doc =>
  api({ '/pets': { post: { requestBody: { required: true, content: json(schema) }, responses: ok() } } }, { openapi });
const response = (schema: Doc, openapi: string): Doc => api({ '/pets': { get: { responses: ok(json(schema)) } } }, { openapi });

/** The same change on a request body and on a response body; `from` may be written in another OpenAPI version. */
function bothSides(name: string, from: Doc, to: Doc, req: RuleCase['expect'], res: RuleCase['expect'], fromVersion = '3.1.0'): RuleCase[] {
  return [
    { name: `request: ${name}`, base: request(object(from), fromVersion), revision: request(object(to), '3.1.0'), expect: req },
    { name: `response: ${name}`, base: response(object(from), fromVersion), revision: response(object(to), '3.1.0'), expect: res },
  ];
}

const REQUIRED_B = { a: { required: ['b'] } };

describe('dependentRequired, dependentSchemas and dependencies written as one another', () => {
  runRuleCases([
    ...bothSides('dependentSchemas required-only -> dependentRequired', { dependentSchemas: REQUIRED_B }, { dependentRequired: { a: ['b'] } }, 'none', 'none'),
    ...bothSides('dependentRequired -> dependentSchemas required-only', { dependentRequired: { a: ['b'] } }, { dependentSchemas: REQUIRED_B }, 'none', 'none'),
    ...bothSides('dependencies array -> dependentRequired', { dependencies: { a: ['b'] } }, { dependentRequired: { a: ['b'] } }, 'none', 'none'),
    ...bothSides(
      'a 3.0 document’s dependencies array -> 3.1 dependentRequired',
      { dependencies: { a: ['b'] } },
      { dependentRequired: { a: ['b'] } },
      'none',
      'none',
      '3.0.3',
    ),
    ...bothSides('dependencies schema -> dependentSchemas', { dependencies: REQUIRED_B }, { dependentSchemas: REQUIRED_B }, 'none', 'none'),
    ...bothSides(
      'dependencies schema with properties -> the same dependentSchemas entry',
      { dependencies: { a: { properties: { b: { maxLength: 3 } } } } },
      { dependentSchemas: { a: { properties: { b: { maxLength: 3 } } } } },
      'none',
      'none',
    ),
    ...bothSides(
      'dependentSchemas required-only -> dependentRequired naming one more',
      { dependentSchemas: REQUIRED_B },
      { dependentRequired: { a: ['b', 'c'] } },
      [{ id: 'request-body-dependent-required-changed', level: 'breaking' }],
      [{ id: 'response-body-dependent-required-added', level: 'info' }],
    ),
    ...bothSides(
      'dependencies array dropped',
      { dependencies: { a: ['b'] } },
      {},
      [{ id: 'request-body-dependent-required-removed', level: 'info' }],
      [{ id: 'response-body-dependent-required-removed', level: 'breaking' }],
    ),
  ]);
});
