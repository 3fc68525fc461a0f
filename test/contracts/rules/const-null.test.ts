// `const: null` and `type: "null"` admit the same one value (JSON Schema 2020-12, OpenAPI 3.1): trading one for the
// other changes nothing a client sends or reads. Left from round 21's list of judgements to check.
import { describe } from 'vitest';
import { bodyCases, type Doc, runRuleCases } from './harness.js';

const V31 = { openapi: '3.1.0' };
const prop = (schema: Doc): Doc => ({ type: 'object', properties: { a: schema } });

const bothSides = bodyCases(V31);

describe('const: null against type: "null"', () => {
  runRuleCases([
    ...bothSides('const: null traded for type: "null"', { const: null }, { type: 'null' }, 'none', 'none'),
    ...bothSides('type: "null" traded for const: null', { type: 'null' }, { const: null }, 'none', 'none'),
    ...bothSides('a property: const: null traded for type: ["null"]', prop({ const: null }), prop({ type: ['null'] }), 'none', 'none'),
    ...bothSides('const: null written beside type: "null"', { type: 'null' }, { type: 'null', const: null }, 'none', 'none'),
    // Still judged: null against a type that admits more than null. Null stays valid and strings join it: a request
    // accepts more, a response may carry a string its readers never saw. The const's rule says so, once (no "type
    // changed from any": a const of null is no schema of any type).
    ...bothSides(
      'const: null traded for type: ["string", "null"]',
      { const: null },
      { type: ['string', 'null'] },
      ['request-body-const-removed'],
      ['response-body-const-removed'],
    ),
  ]);
});
