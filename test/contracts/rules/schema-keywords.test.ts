// Rules on JSON Schema 2020's keywords, on base/revision pairs.
import { describe } from 'vitest';
import { type Doc, obj, type RuleCase, requestBody, responseBody, runRuleCases } from './harness.js';

// JSON Schema 2020 keywords (OpenAPI 3.1): a keyword that adds a constraint narrows a request.
const v31 = (doc: Doc): Doc => ({ ...doc, openapi: '3.1.0' });
const req = (name: string, from: Doc, to: Doc, expect: RuleCase['expect']): RuleCase => ({
  name: `request: ${name}`,
  base: v31(requestBody(obj({ v: from }))),
  revision: v31(requestBody(obj({ v: to }))),
  expect,
});
const res = (name: string, from: Doc, to: Doc, expect: RuleCase['expect']): RuleCase => ({
  name: `response: ${name}`,
  base: v31(responseBody(obj({ v: from }))),
  revision: v31(responseBody(obj({ v: to }))),
  expect,
});
const str = { type: 'string' };
const arr = (extra: Doc = {}): Doc => ({ type: 'array', items: str, ...extra });
const o = (extra: Doc = {}): Doc => ({ type: 'object', ...extra });

describe('JSON Schema 2020 keywords', () => {
  const cases: RuleCase[] = [
    req('contains introduced breaks', arr(), arr({ contains: { const: 'x' } }), [
      { id: 'request-property-contains-added', level: 'breaking', message: ['`v`', 'contains'] },
    ]),
    res('contains dropped breaks readers', arr({ contains: { const: 'x' } }), arr(), [{ id: 'response-property-contains-removed', level: 'breaking' }]),
    req(
      'minContains raised breaks; maxContains raised is info',
      arr({ contains: str, minContains: 1, maxContains: 3 }),
      arr({ contains: str, minContains: 2, maxContains: 4 }),
      [
        { id: 'request-property-min-contains-increased', level: 'breaking' },
        { id: 'request-property-max-contains-increased', level: 'info' },
      ],
    ),
    req('if/then/else introduced', o(), o({ if: o({ properties: { k: { const: 'a' } } }), then: o({ required: ['x'] }), else: o() }), [
      { id: 'request-property-if-added', level: 'breaking' },
      { id: 'request-property-then-added', level: 'breaking' },
      { id: 'request-property-else-added', level: 'breaking' },
    ]),
    req('a patternProperties entry added', o(), o({ patternProperties: { '^x-': str } }), [
      { id: 'request-property-pattern-property-added', level: 'breaking', message: ['"^x-"'] },
    ]),
    res('a patternProperties entry removed', o({ patternProperties: { '^x-': str } }), o(), [
      { id: 'response-property-pattern-property-removed', level: 'breaking' },
    ]),
    req('propertyNames introduced', o(), o({ propertyNames: { pattern: '^[a-z]' } }), [{ id: 'request-property-property-names-added', level: 'breaking' }]),
    req('unevaluatedProperties introduced', o(), o({ unevaluatedProperties: false }), [
      { id: 'request-property-unevaluated-properties-added', level: 'breaking' },
    ]),
    req('dependentRequired: an entry added, then changed', o({ dependentRequired: { a: ['b'] } }), o({ dependentRequired: { a: ['b', 'c'], d: ['e'] } }), [
      { id: 'request-property-dependent-required-changed', level: 'breaking', message: ['"a"'] },
      { id: 'request-property-dependent-required-added', level: 'breaking', message: ['"d"'] },
    ]),
    res('dependentRequired entry removed breaks readers', o({ dependentRequired: { a: ['b'] } }), o(), [
      { id: 'response-property-dependent-required-removed', level: 'breaking' },
    ]),
    req('a dependentSchemas entry added', o(), o({ dependentSchemas: { a: o({ required: ['b'] }) } }), [
      { id: 'request-property-dependent-schema-added', level: 'breaking' },
    ]),
    // Without `items` the positions after the entries take any value: an entry added narrows what may be sent there.
    req('prefixItems entry added breaks', { type: 'array', prefixItems: [str] }, { type: 'array', prefixItems: [str, { type: 'integer' }] }, [
      { id: 'request-property-prefix-items-added', level: 'breaking' },
    ]),
    res(
      'contentMediaType and contentEncoding changed; contentSchema added',
      { type: 'string', contentMediaType: 'application/json', contentEncoding: 'base64' },
      { type: 'string', contentMediaType: 'text/plain', contentEncoding: 'base64url', contentSchema: str },
      [
        { id: 'response-property-content-media-type-changed', level: 'breaking' },
        { id: 'response-property-content-encoding-changed', level: 'breaking' },
        { id: 'response-property-content-schema-added', level: 'info' },
      ],
    ),
    req(
      'a property inside a then-branch is compared too',
      o({ then: o({ properties: { x: { type: 'string', minLength: 1 } } }) }),
      o({ then: o({ properties: { x: { type: 'string', minLength: 3 } } }) }),
      [{ id: 'request-property-min-length-increased', level: 'breaking' }],
    ),
  ];
  runRuleCases(cases);
});
