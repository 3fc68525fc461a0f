// OpenAPI 3.0's `dependencies` (JSON Schema draft 4/5) holds, per property name, either the names that property requires
// or a schema the object must also match when it is present: 2020-12's dependentSchemas in the older spelling. A schema
// entry kept under the same name is compared keyword by keyword, as a dependentSchemas entry is; before, only its name
// was (round 21's list: "3.0 dependencies with a full schema compared by names").
import { describe } from 'vitest';
import { bodyCases, type Doc, runRuleCases } from './harness.js';

const V30 = { openapi: '3.0.3' };
const S = { type: 'string' };
const pet = (dependencies: Doc): Doc => ({ type: 'object', properties: { a: S, b: S }, dependencies });

const bothSides = bodyCases(V30);

describe('3.0 dependencies: a schema entry kept is compared', () => {
  runRuleCases([
    ...bothSides(
      'maxLength lowered inside the entry',
      pet({ a: { properties: { b: { maxLength: 5 } } } }),
      pet({ a: { properties: { b: { maxLength: 2 } } } }),
      [{ id: 'request-property-max-length-decreased', level: 'breaking' }],
      [{ id: 'response-property-max-length-decreased', level: 'info' }],
    ),
    ...bothSides(
      'a property made required inside the entry',
      pet({ a: { properties: { b: S } } }),
      pet({ a: { properties: { b: S }, required: ['b'] } }),
      [{ id: 'request-property-became-required', level: 'breaking' }],
      [{ id: 'response-property-became-required', level: 'info' }],
    ),
    // The names form is judged as names (dependentRequired), as before.
    ...bothSides('a names entry kept', pet({ a: ['b'] }), pet({ a: ['b'] }), 'none', 'none'),
    ...bothSides('a schema entry kept unchanged', pet({ a: { properties: { b: S } } }), pet({ a: { properties: { b: S } } }), 'none', 'none'),
  ]);
});
