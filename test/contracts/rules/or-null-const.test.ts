// `oneOf: [{type: "null"}, {const: a}]` is a or null: the null folded into the partner must not be refused by its
// `const` (JSON Schema applies every keyword), as it is not by an `enum` since or-null-wrap.test.ts.
import { describe } from 'vitest';
import { type Doc, type RuleCase, requestBody, responseBody, runRuleCases } from './harness.js';

const orNull = (x: Doc, keyword = 'oneOf'): Doc => ({ [keyword]: [{ type: 'null' }, x] });
const v31 = (doc: Doc): Doc => ({ ...doc, openapi: '3.1.0' });

const both = (name: string, from: Doc, to: Doc, req: RuleCase['expect'], res: RuleCase['expect']): RuleCase[] => [
  { name: `request body: ${name}`, base: v31(requestBody(from, {})), revision: v31(requestBody(to, {})), expect: req },
  { name: `response body: ${name}`, base: v31(responseBody(from, {})), revision: v31(responseBody(to, {})), expect: res },
];

describe('a const or null', () => {
  runRuleCases([
    ...both(
      'a const wrapped: null is newly valid',
      { const: 'a' },
      orNull({ const: 'a' }),
      [{ id: 'request-body-became-nullable', level: 'info' }],
      [{ id: 'response-body-became-nullable', level: 'breaking' }],
    ),
    ...both(
      'a typed const unwrapped from anyOf: null no longer valid',
      orNull({ type: 'string', const: 'a' }, 'anyOf'),
      { type: 'string', const: 'a' },
      [{ id: 'request-body-became-not-nullable', level: 'breaking' }],
      [{ id: 'response-body-became-not-nullable', level: 'info' }],
    ),
    ...both('the same const or null written as an enum with null', orNull({ const: 'a' }), { enum: ['a', null] }, 'none', 'none'),
  ]);
});
