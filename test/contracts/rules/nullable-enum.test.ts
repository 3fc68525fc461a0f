// An `enum` beside a 3.1 type that lists "null" restricts it (JSON Schema applies both): null is valid only where the enum
// lists it, so adding or dropping "null" from the type while the enum leaves it out changes no value the schema admits.
// (3.0's `nullable` beside an enum is read as 3.0.0 wrote it, admitting null: nullable-versions.test.ts.)
import { describe } from 'vitest';
import { api, type Doc, json, ok, type RuleCase, runRuleCases } from './harness.js';

const request = (schema: Doc, openapi: string): Doc =>
  api({ '/pets': { post: { requestBody: { required: true, content: json(schema) }, responses: ok() } } }, { openapi });
const response = (schema: Doc, openapi: string): Doc => api({ '/pets': { get: { responses: ok(json(schema)) } } }, { openapi });

/** The same change on a request body and on a response body. */
function bothSides(name: string, openapi: string, from: Doc, to: Doc, req: RuleCase['expect'], res: RuleCase['expect']): RuleCase[] {
  return [
    { name: `request: ${name}`, base: request(from, openapi), revision: request(to, openapi), expect: req },
    { name: `response: ${name}`, base: response(from, openapi), revision: response(to, openapi), expect: res },
  ];
}

describe('null through the type, refused by the enum', () => {
  runRuleCases([
    ...bothSides(
      '3.1: "null" dropped from the type, the enum never listed it',
      '3.1.0',
      { type: ['string', 'null'], enum: ['a'] },
      { type: 'string', enum: ['a'] },
      'none',
      'none',
    ),
    ...bothSides(
      '3.1: "null" added to the type, the enum does not list it',
      '3.1.0',
      { type: 'string', enum: ['a'] },
      { type: ['string', 'null'], enum: ['a'] },
      'none',
      'none',
    ),
    ...bothSides(
      // `nullable: true` beside the enum admitted null already (3.0.0's reading, which the engine keeps: docs/ENGINE.md).
      '3.0: null listed in the enum of a nullable string adds no value',
      '3.0.3',
      { type: 'string', nullable: true, enum: ['a'] },
      { type: 'string', nullable: true, enum: ['a', null] },
      'none',
      'none',
    ),
    ...bothSides(
      '3.1: the type admits null where the enum already listed it',
      '3.1.0',
      { type: 'string', enum: ['a', null] },
      { type: ['string', 'null'], enum: ['a', null] },
      [{ id: 'request-body-became-nullable', level: 'info' }],
      [{ id: 'response-body-became-nullable', level: 'breaking' }],
    ),
    ...bothSides(
      '3.1: nullable string without an enum, null dropped',
      '3.1.0',
      { type: ['string', 'null'] },
      { type: 'string' },
      [{ id: 'request-body-became-not-nullable', level: 'breaking' }],
      [{ id: 'response-body-became-not-nullable', level: 'info' }],
    ),
  ]);
});
