// A 3.1 schema written `oneOf: [{type: "null"}, X]` is X or null: wrapping X so, or unwrapping it, changes only whether
// null is valid. One finding says so, whatever X restricts its values by (an enum, or alternatives of its own). A 3.0
// enum beside `nullable: true` admits null (3.0.0's reading), so the same enum written "or null" in 3.1 is no change.
import { describe } from 'vitest';
import { type Doc, type RuleCase, requestBody, responseBody, runRuleCases } from './harness.js';

const STYLE = { $ref: '#/components/schemas/Style' };
const orNull = (x: Doc, keyword = 'oneOf'): Doc => ({ [keyword]: [{ type: 'null' }, x] });
const v31 = (doc: Doc): Doc => ({ ...doc, openapi: '3.1.0' });
/** Style as an enum, or as Discord writes its widget styles: a string type beside a oneOf of consts. */
const AS_ENUM = { schemas: { Style: { type: 'string', enum: ['shield', 'banner'] } } };
const AS_CONSTS = { schemas: { Style: { type: 'string', oneOf: [{ const: 'shield' }, { const: 'banner' }] } } };

const both = (name: string, from: Doc, to: Doc, components: Doc, req: RuleCase['expect'], res: RuleCase['expect']): RuleCase[] => [
  { name: `request body: ${name}`, base: v31(requestBody(from, components)), revision: v31(requestBody(to, components)), expect: req },
  { name: `response body: ${name}`, base: v31(responseBody(from, components)), revision: v31(responseBody(to, components)), expect: res },
];

describe('X wrapped as X or null', () => {
  runRuleCases([
    ...both(
      'an enum component wrapped: null is newly valid',
      STYLE,
      orNull(STYLE),
      AS_ENUM,
      [{ id: 'request-body-became-nullable', level: 'info' }],
      [{ id: 'response-body-became-nullable', level: 'breaking' }],
    ),
    ...both(
      'an enum component unwrapped: null no longer valid',
      orNull(STYLE),
      STYLE,
      AS_ENUM,
      [{ id: 'request-body-became-not-nullable', level: 'breaking' }],
      [{ id: 'response-body-became-not-nullable', level: 'info' }],
    ),
    ...both(
      'an inline enum wrapped in anyOf: null is newly valid',
      { type: 'string', enum: ['a', 'b'] },
      orNull({ type: 'string', enum: ['a', 'b'] }, 'anyOf'),
      AS_ENUM,
      [{ id: 'request-body-became-nullable', level: 'info' }],
      [{ id: 'response-body-became-nullable', level: 'breaking' }],
    ),
    ...both(
      'a component with alternatives of its own wrapped: null is newly valid, its alternatives unchanged',
      STYLE,
      orNull(STYLE),
      AS_CONSTS,
      [{ id: 'request-body-became-nullable', level: 'info' }],
      [{ id: 'response-body-became-nullable', level: 'breaking' }],
    ),
    ...both(
      'a component with alternatives of its own unwrapped: null no longer valid',
      orNull(STYLE),
      STYLE,
      AS_CONSTS,
      [{ id: 'request-body-became-not-nullable', level: 'breaking' }],
      [{ id: 'response-body-became-not-nullable', level: 'info' }],
    ),
    ...both(
      'a value dropped from the enum while it is wrapped is still judged',
      { type: 'string', enum: ['a', 'b'] },
      orNull({ type: 'string', enum: ['a'] }),
      AS_ENUM,
      [
        { id: 'request-body-became-nullable', level: 'info' },
        { id: 'request-body-enum-value-removed', level: 'breaking' },
      ],
      [
        { id: 'response-body-became-nullable', level: 'breaking' },
        { id: 'response-mediatype-enum-value-removed', level: 'info' },
      ],
    ),
  ]);
});

/** A 3.0 base and a 3.1 revision of the same body. */
const moved = (name: string, from: Doc, to: Doc, req: RuleCase['expect'], res: RuleCase['expect']): RuleCase[] => [
  { name: `request body: ${name}`, base: requestBody(from), revision: v31(requestBody(to)), expect: req },
  { name: `response body: ${name}`, base: responseBody(from), revision: v31(responseBody(to)), expect: res },
];
const NULLABLE_ENUM = { type: 'string', enum: ['auto', 'concise'], nullable: true };

describe('a 3.0 nullable enum moved to 3.1', () => {
  runRuleCases([
    // As OpenAI's Reasoning.summary went from 2025-04 to 2026-05.
    ...moved('written anyOf [X, null]', NULLABLE_ENUM, { anyOf: [{ type: 'string', enum: ['auto', 'concise'] }, { type: 'null' }] }, 'none', 'none'),
    ...moved('written with null in its type and its enum', NULLABLE_ENUM, { type: ['string', 'null'], enum: ['auto', 'concise', null] }, 'none', 'none'),
    ...moved(
      'written with null in its type only: the enum now refuses null, the value it dropped',
      NULLABLE_ENUM,
      { type: ['string', 'null'], enum: ['auto', 'concise'] },
      [{ id: 'request-body-enum-value-removed', level: 'breaking', message: ['enum value null was removed'] }],
      [{ id: 'response-mediatype-enum-value-removed', level: 'info' }],
    ),
    ...moved(
      'a value dropped on the way is still judged',
      NULLABLE_ENUM,
      { anyOf: [{ type: 'string', enum: ['auto'] }, { type: 'null' }] },
      [{ id: 'request-body-enum-value-removed', level: 'breaking' }],
      [{ id: 'response-mediatype-enum-value-removed', level: 'info' }],
    ),
  ]);
});

const X = { $ref: '#/components/schemas/X' };
/** A component with alternatives of its own, wrapped as Stripe writes "or null" in 3.0. */
const OWN_ANY_OF = { schemas: { X: { anyOf: [{ type: 'string' }, { type: 'integer' }] } } };
const both30 = (name: string, from: Doc, to: Doc, req: RuleCase['expect'], res: RuleCase['expect']): RuleCase[] => [
  { name: `request body: ${name}`, base: requestBody(from, OWN_ANY_OF), revision: requestBody(to, OWN_ANY_OF), expect: req },
  { name: `response body: ${name}`, base: responseBody(from, OWN_ANY_OF), revision: responseBody(to, OWN_ANY_OF), expect: res },
];

describe('3.0: X wrapped as anyOf [X] with nullable', () => {
  runRuleCases([
    ...both30(
      // X's alternatives are bare types, read as one list of types (string, integer) that now also admits null.
      'a component with alternatives of its own wrapped: null is newly valid, its alternatives unchanged',
      X,
      { anyOf: [X], nullable: true },
      [{ id: 'request-body-list-of-types-widened', level: 'info', message: ['null'] }],
      [{ id: 'response-body-list-of-types-widened', level: 'breaking', message: ['null'] }],
    ),
    ...both30(
      'unwrapped: null no longer valid',
      { anyOf: [X], nullable: true },
      X,
      [{ id: 'request-body-list-of-types-narrowed', level: 'breaking', message: ['null'] }],
      [{ id: 'response-body-list-of-types-narrowed', level: 'info', message: ['null'] }],
    ),
  ]);
});

/** 3.0 has no null type: its documents write a null alternative as a typed enum of null, which admits null alone. */
const OWNER = { schemas: { Owner: { type: 'object', properties: { name: { type: 'string' } } } } };
const OWNER_REF = { $ref: '#/components/schemas/Owner' };
const NULL_30 = { type: 'string', enum: [null], nullable: true };

describe('3.0: X wrapped as oneOf [X, {type: string, enum: [null], nullable: true}]', () => {
  runRuleCases([
    {
      name: 'response body: null is newly valid, and no string alternative was added',
      base: responseBody(OWNER_REF, OWNER),
      revision: responseBody({ oneOf: [OWNER_REF, NULL_30] }, OWNER),
      expect: [{ id: 'response-body-became-nullable', level: 'breaking' }],
    },
    {
      name: 'request body: unwrapped, null no longer valid, and no string alternative was removed',
      base: requestBody({ oneOf: [OWNER_REF, NULL_30] }, OWNER),
      revision: requestBody(OWNER_REF, OWNER),
      expect: [{ id: 'request-body-became-not-nullable', level: 'breaking' }],
    },
  ]);
});
