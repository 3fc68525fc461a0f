// `unevaluatedProperties` (JSON Schema 2020-12, OpenAPI 3.1) sees only the properties nothing else evaluated: beside
// `additionalProperties` it sees none, and in an object with no in-place applicator (allOf, anyOf, oneOf, if/then/else,
// dependentSchemas, $ref) `unevaluatedProperties: false` refuses exactly the names `additionalProperties: false` does.
// Trading one for the other, or adding one where the other already closes the object, admits the same values.
import { describe } from 'vitest';
import { bodyCases, type Doc, runRuleCases } from './harness.js';

const S = { type: 'string' };
const V31 = { openapi: '3.1.0' };
const pet = (extra: Doc = {}): Doc => ({ type: 'object', properties: { a: S }, ...extra });

const bothSides = bodyCases(V31);

describe('objects closed by additionalProperties or unevaluatedProperties', () => {
  runRuleCases([
    ...bothSides(
      'unevaluatedProperties: false added beside additionalProperties: false',
      pet({ additionalProperties: false }),
      pet({ additionalProperties: false, unevaluatedProperties: false }),
      'none',
      'none',
    ),
    ...bothSides(
      'unevaluatedProperties: false traded for additionalProperties: false',
      pet({ unevaluatedProperties: false }),
      pet({ additionalProperties: false }),
      'none',
      'none',
    ),
    ...bothSides(
      'additionalProperties: false traded for unevaluatedProperties: false',
      pet({ additionalProperties: false }),
      pet({ unevaluatedProperties: false }),
      'none',
      'none',
    ),
    ...bothSides(
      'unevaluatedProperties: false added beside an additionalProperties schema',
      pet({ additionalProperties: S }),
      pet({ additionalProperties: S, unevaluatedProperties: false }),
      'none',
      'none',
    ),
    ...bothSides(
      'unevaluatedItems: false added beside items (items evaluates every item)',
      { type: 'array', items: S },
      { type: 'array', items: S, unevaluatedItems: false },
      'none',
      'none',
    ),
    // Still judged: closing an open object, and a trade where allOf's properties make the two differ.
    ...bothSides(
      'unevaluatedProperties: false added to an open object',
      pet(),
      pet({ unevaluatedProperties: false }),
      [{ id: 'request-body-unevaluated-properties-added', level: 'breaking' }],
      [{ id: 'response-body-unevaluated-properties-added', level: 'info' }],
    ),
    ...bothSides(
      'unevaluatedProperties: false traded for additionalProperties: false beside allOf (allOf-declared names now refused)',
      { allOf: [pet()], properties: { b: S }, unevaluatedProperties: false },
      { allOf: [pet()], properties: { b: S }, additionalProperties: false },
      [
        { id: 'request-body-unevaluated-properties-removed', level: 'info' },
        { id: 'request-body-additional-properties-forbidden', level: 'breaking' },
      ],
      [
        { id: 'response-body-unevaluated-properties-removed', level: 'breaking' },
        { id: 'response-body-additional-properties-forbidden', level: 'info' },
      ],
    ),
  ]);
});
