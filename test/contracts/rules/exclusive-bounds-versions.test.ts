// OpenAPI 3.0's `exclusiveMinimum: true` beside `minimum: 0` (JSON Schema draft 4 5.1.3) and 3.1's `exclusiveMinimum: 0`
// (2020-12 Validation 6.2.5) admit the same numbers: a contract moved from one spelling to the other is no change, and a
// bound moved while it changes spelling is judged as the numeric bound's move.
import { describe } from 'vitest';
import { api, type Doc, json, ok, type RuleCase, runRuleCases } from './harness.js';

const request = (schema: Doc, openapi: string): Doc =>
  api({ '/pets': { post: { requestBody: { required: true, content: json(schema) }, responses: ok() } } }, { openapi });
const response = (schema: Doc, openapi: string): Doc => api({ '/pets': { get: { responses: ok(json(schema)) } } }, { openapi });
const n = (extra: Doc): Doc => ({ type: 'number', ...extra });

/** The same change on a request body and on a response body, `from` in one OpenAPI version and `to` in another. */
function bothSides(name: string, versions: [string, string], from: Doc, to: Doc, req: RuleCase['expect'], res: RuleCase['expect']): RuleCase[] {
  return [
    { name: `request: ${name}`, base: request(n(from), versions[0]), revision: request(n(to), versions[1]), expect: req },
    { name: `response: ${name}`, base: response(n(from), versions[0]), revision: response(n(to), versions[1]), expect: res },
  ];
}

const UP: [string, string] = ['3.0.3', '3.1.0'];
const DOWN: [string, string] = ['3.1.0', '3.0.3'];

describe('exclusive bounds written as 3.0 booleans and as 3.1 numbers', () => {
  runRuleCases([
    ...bothSides(
      '3.0 minimum + exclusiveMinimum: true -> 3.1 exclusiveMinimum',
      UP,
      { minimum: 0, exclusiveMinimum: true },
      { exclusiveMinimum: 0 },
      'none',
      'none',
    ),
    ...bothSides(
      '3.0 maximum + exclusiveMaximum: true -> 3.1 exclusiveMaximum',
      UP,
      { maximum: 10, exclusiveMaximum: true },
      { exclusiveMaximum: 10 },
      'none',
      'none',
    ),
    ...bothSides(
      '3.1 exclusiveMinimum -> 3.0 minimum + exclusiveMinimum: true',
      DOWN,
      { exclusiveMinimum: 0 },
      { minimum: 0, exclusiveMinimum: true },
      'none',
      'none',
    ),
    ...bothSides(
      'the exclusive lower bound raised while changing spelling',
      UP,
      { minimum: 0, exclusiveMinimum: true },
      { exclusiveMinimum: 1 },
      [{ id: 'request-body-exclusive-min-increased', level: 'breaking' }],
      [{ id: 'response-body-exclusive-min-increased', level: 'info' }],
    ),
    ...bothSides(
      'the exclusive upper bound raised while changing spelling',
      UP,
      { maximum: 10, exclusiveMaximum: true },
      { exclusiveMaximum: 11 },
      [{ id: 'request-body-exclusive-max-increased', level: 'info' }],
      [{ id: 'response-body-exclusive-max-increased', level: 'breaking' }],
    ),
    ...bothSides(
      '3.0 exclusive minimum -> 3.1 exclusive minimum with a looser inclusive one beside it',
      UP,
      { minimum: 0, exclusiveMinimum: true },
      { minimum: -5, exclusiveMinimum: 0 },
      'none',
      'none',
    ),
    ...bothSides(
      '3.0 exclusive minimum -> 3.1 inclusive minimum (the bound itself admitted)',
      UP,
      { minimum: 0, exclusiveMinimum: true },
      { minimum: 0 },
      [{ id: 'request-body-min-became-inclusive', level: 'info' }],
      [{ id: 'response-body-min-became-inclusive', level: 'breaking' }],
    ),
    // The flag kept as written: 3.1 reads no boolean there, so the bound is inclusive, and the finding says why itself.
    ...bothSides(
      '3.0 exclusive minimum -> 3.1 with the boolean kept (no keyword there)',
      UP,
      { minimum: 0, exclusiveMinimum: true },
      { minimum: 0, exclusiveMinimum: true },
      [
        {
          id: 'request-body-min-became-inclusive',
          level: 'info',
          message: ['no longer exclusive', 'moved from an earlier version to 3.1', 'boolean `exclusiveMinimum`'],
        },
        { id: 'schema-keyword-ignored', level: 'info' },
      ],
      [
        {
          id: 'response-body-min-became-inclusive',
          level: 'breaking',
          message: ['no longer exclusive', 'moved from an earlier version to 3.1', 'makes no bound exclusive'],
        },
        { id: 'schema-keyword-ignored', level: 'info' },
      ],
    ),
    ...bothSides(
      '3.1 with a boolean exclusive maximum (no keyword there) -> 3.0, where it applies',
      DOWN,
      { maximum: 9, exclusiveMaximum: true },
      { maximum: 9, exclusiveMaximum: true },
      [{ id: 'request-body-max-became-exclusive', level: 'breaking', message: ['now exclusive', 'moved from 3.1 to an earlier version'] }],
      [{ id: 'response-body-max-became-exclusive', level: 'info', message: ['now exclusive', 'moved from 3.1 to an earlier version'] }],
    ),
  ]);
});
