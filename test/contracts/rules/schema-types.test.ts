// Type rules on base/revision pairs, on the request and the response side.
import { describe } from 'vitest';
import { type Doc, in31, inRequest, inResponse, REQ_V, RES_V, type RuleCase, runRuleCases } from './harness.js';

describe('schema types', () => {
  const cases: RuleCase[] = [
    inRequest('string to integer breaks', { type: 'string' }, { type: 'integer' }, [
      {
        id: 'request-property-type-changed',
        level: 'breaking',
        operation: 'POST /pets',
        pointer: REQ_V,
        message: ['request property `v`', 'from string to integer'],
      },
    ]),
    inRequest('integer to number widens (info)', { type: 'integer' }, { type: 'number' }, [{ id: 'request-property-type-generalized', level: 'info' }]),
    inResponse('number to integer narrows (info)', { type: 'number' }, { type: 'integer' }, [
      { id: 'response-property-type-specialized', level: 'info', pointer: RES_V },
    ]),
    inResponse('integer to number widens what readers get (breaking)', { type: 'integer' }, { type: 'number' }, [
      { id: 'response-property-type-generalized', level: 'breaking' },
    ]),
    inRequest('format int32 to int64 accepts more (no change)', { type: 'integer', format: 'int32' }, { type: 'integer', format: 'int64' }, 'none'),
    inResponse('format int64 to int32 returns less (no change)', { type: 'integer', format: 'int64' }, { type: 'integer', format: 'int32' }, 'none'),
    inRequest('format date to date-time breaks', { type: 'string', format: 'date' }, { type: 'string', format: 'date-time' }, [
      { id: 'request-property-format-changed', level: 'breaking', message: ['from date to date-time'] },
    ]),
    inRequest('no longer nullable breaks', { type: 'string', nullable: true }, { type: 'string' }, [
      { id: 'request-property-became-not-nullable', level: 'breaking' },
    ]),
    inResponse('became nullable breaks readers', { type: 'string' }, { type: 'string', nullable: true }, [
      { id: 'response-property-became-nullable', level: 'breaking', message: ['may now be null'] },
    ]),
    inResponse('no longer nullable is info', { type: 'string', nullable: true }, { type: 'string' }, [
      { id: 'response-property-became-not-nullable', level: 'info' },
    ]),
    inRequest('an enum value removed breaks', { type: 'string', enum: ['a', 'b'] }, { type: 'string', enum: ['a'] }, [
      { id: 'request-property-enum-value-removed', level: 'breaking', pointer: `${REQ_V}/enum` },
    ]),
    inRequest('an enum value added is info', { type: 'string', enum: ['a'] }, { type: 'string', enum: ['a', 'b'] }, [
      { id: 'request-property-enum-value-added', level: 'info' },
    ]),
    inRequest('became an enum breaks', { type: 'string' }, { type: 'string', enum: ['a', 'b'] }, [
      { id: 'request-property-became-enum', level: 'breaking', message: ['"a", "b"'] },
    ]),
    inResponse('an enum value added: breaking, a value readers never saw', { type: 'string', enum: ['a'] }, { type: 'string', enum: ['a', 'b'] }, [
      { id: 'response-property-enum-value-added', level: 'breaking' },
    ]),
    inResponse('an enum value removed is info', { type: 'string', enum: ['a', 'b'] }, { type: 'string', enum: ['a'] }, [
      { id: 'response-property-enum-value-removed', level: 'info' },
    ]),
    in31(inRequest('const introduced breaks', { type: 'string' }, { type: 'string', const: 'x' }, [{ id: 'request-property-const-added', level: 'breaking' }])),
    in31(
      inResponse('const dropped breaks readers', { type: 'string', const: 'x' }, { type: 'string' }, [
        { id: 'response-property-const-removed', level: 'breaking' },
      ]),
    ),
    inResponse(
      'a list of types gained one (breaking) and lost one (info)',
      { oneOf: [{ type: 'string' }, { type: 'integer' }] },
      { anyOf: [{ type: 'string' }, { type: 'boolean' }] },
      [
        { id: 'response-property-list-of-types-widened', level: 'breaking', message: ['boolean'] },
        { id: 'response-property-list-of-types-narrowed', level: 'info', message: ['integer'] },
      ],
    ),
    inResponse(
      'a null alternative added to a list of types breaks readers',
      { oneOf: [{ type: 'string' }, { type: 'integer' }] },
      { oneOf: [{ type: 'string' }, { type: 'integer' }, { type: 'null' }] },
      [{ id: 'response-property-list-of-types-widened', level: 'breaking', message: ['null'] }],
    ),
    inResponse(
      '3.0 nullable rewritten as a null alternative: no change',
      { type: 'string', nullable: true },
      { oneOf: [{ type: 'string' }, { type: 'null' }] },
      'none',
    ),
    inRequest('a single type became a list of types including it (info)', { type: 'string' }, { oneOf: [{ type: 'string' }, { type: 'integer' }] }, [
      { id: 'request-property-list-of-types-widened', level: 'info' },
    ]),
    inRequest(
      'title, description and example changes: no change',
      { type: 'string', title: 'a', description: 'b', example: 'c' },
      { type: 'string', title: 'x', description: 'y', example: 'z' },
      'none',
    ),
  ];
  runRuleCases(cases);
});

/** A 3.1 schema whose type is null alone admits null alone: not "any type", which is what a schema with no type admits. */
describe('3.1: a type that names only null', () => {
  const v31 = (c: RuleCase): RuleCase => ({ ...c, base: { ...(c.base as Doc), openapi: '3.1.0' }, revision: { ...(c.revision as Doc), openapi: '3.1.0' } });
  runRuleCases([
    v31(
      inRequest('string to null refuses every string a client sent (breaking)', { type: 'string' }, { type: 'null' }, [
        { id: 'request-property-type-changed', level: 'breaking', message: ['from string to null'] },
        { id: 'request-property-became-nullable', level: 'info' },
      ]),
    ),
    v31(
      inRequest('string to an allOf whose only part is null: the same', { type: 'string' }, { allOf: [{ type: 'null' }] }, [
        { id: 'request-property-type-changed', level: 'breaking', message: ['from string to null'] },
        { id: 'request-property-became-nullable', level: 'info' },
        { id: 'request-property-became-all-of', level: 'info' },
      ]),
    ),
    v31(
      inResponse('string to null: readers get another type (breaking)', { type: 'string' }, { type: 'null' }, [
        { id: 'response-property-type-changed', level: 'breaking', message: ['from string to null'] },
        { id: 'response-property-became-nullable', level: 'breaking' },
      ]),
    ),
    v31(inResponse('no type to null: the server sends less (info)', {}, { type: 'null' }, [{ id: 'response-property-type-specialized', level: 'info' }])),
  ]);
  // 3.0 has no null type: Cloudflare writes an always-null `result` as a typed enum of null, first untyped, later typed.
  runRuleCases([
    inResponse(
      '3.0: an enum of null dropped beside a nullable object: said once, as the enum removed',
      { type: 'object', enum: [null], nullable: true },
      { type: 'object', nullable: true },
      [{ id: 'response-property-enum-removed', level: 'breaking', message: ['no longer limited to null'] }],
    ),
    inResponse(
      '3.0: an enum of null given a type still admits null alone: no change',
      { enum: [null], nullable: true },
      { type: 'object', enum: [null], nullable: true },
      'none',
    ),
  ]);
});
