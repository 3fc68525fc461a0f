// Pairs written from the OpenAPI 3.1 and JSON Schema 2020-12 texts for keywords that are easy to miss, each judged as a
// careful reviewer of an existing client would: narrowing what a request may hold or widening what a response may
// hold is flagged, the opposite is not, and annotations (`examples`) change nothing.
import { describe } from 'vitest';
import { type Doc, inRequest, inResponse, REQ_V, RES_V, type RuleCase, runRuleCases, withParameter } from './harness.js';

/** The same case in an OpenAPI 3.1 document, where these keywords are JSON Schema 2020-12's. */
const v31 = (c: RuleCase): RuleCase => ({ ...c, base: { ...c.base, openapi: '3.1.0' }, revision: { ...c.revision, openapi: '3.1.0' } });
const S = { type: 'string' };
const P0 = '/paths/~1pets/get/parameters/0';
const query = (schema: Doc, extra: Doc = {}): Doc => withParameter({ name: 'q', in: 'query', schema, ...extra });

describe('keywords read from the specifications: const, tuples, dependencies, content, names, contains', () => {
  const cases: RuleCase[] = [
    inRequest('const changed: what was sent is refused', { ...S, const: 'a' }, { ...S, const: 'b' }, [
      { id: 'request-property-const-changed', level: 'breaking', pointer: `${REQ_V}/const`, message: ['from "a" to "b"'] },
    ]),
    inResponse('const changed: a reader expecting the old value gets another', { ...S, const: 'a' }, { ...S, const: 'b' }, [
      { id: 'response-property-const-changed', level: 'breaking' },
    ]),
    inRequest('const added: every other value is refused', S, { ...S, const: 'a' }, [{ id: 'request-property-const-added', level: 'breaking' }]),
    inResponse('const added: fewer values are returned', S, { ...S, const: 'a' }, [{ id: 'response-property-const-added', level: 'info' }]),
    {
      name: 'const added to a query parameter: a caller sending another value is refused',
      base: query(S),
      revision: query({ ...S, const: 'v2' }),
      expect: [{ id: 'request-parameter-const-added', level: 'breaking', pointer: `${P0}/schema/const`, message: ['parameter `q` must now be "v2"'] }],
    },
    inRequest(
      'prefixItems: the second position changed type',
      { type: 'array', prefixItems: [S, { type: 'integer' }] },
      { type: 'array', prefixItems: [S, S] },
      [{ id: 'request-property-type-changed', level: 'breaking', pointer: `${REQ_V}/prefixItems/1`, message: ['from integer to string'] }],
    ),
    inResponse(
      'prefixItems: the second position changed type',
      { type: 'array', prefixItems: [S, { type: 'integer' }] },
      { type: 'array', prefixItems: [S, S] },
      [{ id: 'response-property-type-changed', level: 'breaking', pointer: `${RES_V}/prefixItems/1` }],
    ),
    inRequest(
      'dependentRequired added: a sender of `a` alone is refused',
      { type: 'object', properties: { a: S, b: S } },
      { type: 'object', properties: { a: S, b: S }, dependentRequired: { a: ['b'] } },
      [{ id: 'request-property-dependent-required-added', level: 'breaking', message: ['"a" now requires ["b"]'] }],
    ),
    inResponse(
      'dependentRequired added: responses only become more regular',
      { type: 'object', properties: { a: S, b: S } },
      { type: 'object', properties: { a: S, b: S }, dependentRequired: { a: ['b'] } },
      [{ id: 'response-property-dependent-required-added', level: 'info' }],
    ),
    inRequest(
      'unevaluatedProperties: false added: undeclared properties a sender added are refused',
      { type: 'object', properties: { a: S } },
      { type: 'object', properties: { a: S }, unevaluatedProperties: false },
      [{ id: 'request-property-unevaluated-properties-added', level: 'breaking', message: ['now has unevaluatedProperties: false'] }],
    ),
    inResponse(
      'unevaluatedProperties: false added: responses hold fewer shapes',
      { type: 'object', properties: { a: S } },
      { type: 'object', properties: { a: S }, unevaluatedProperties: false },
      [{ id: 'response-property-unevaluated-properties-added', level: 'info' }],
    ),
    inRequest('contentMediaType changed: the sender encodes the old type', { ...S, contentMediaType: 'image/png' }, { ...S, contentMediaType: 'image/jpeg' }, [
      { id: 'request-property-content-media-type-changed', level: 'breaking' },
    ]),
    inResponse('contentEncoding changed: the reader decodes the old way', { ...S, contentEncoding: 'base64' }, { ...S, contentEncoding: 'base32' }, [
      { id: 'response-property-content-encoding-changed', level: 'breaking', message: ['from "base64" to "base32"'] },
    ]),
    inRequest(
      'propertyNames pattern added to a map: keys a sender used are refused',
      { type: 'object', additionalProperties: S },
      { type: 'object', additionalProperties: S, propertyNames: { pattern: '^[a-z]+$' } },
      [{ id: 'request-property-property-names-added', level: 'breaking', message: ['now has propertyNames: {"pattern":"^[a-z]+$"}'] }],
    ),
    inResponse(
      'propertyNames pattern added to a map: responses hold fewer keys',
      { type: 'object', additionalProperties: S },
      { type: 'object', additionalProperties: S, propertyNames: { pattern: '^[a-z]+$' } },
      [{ id: 'response-property-property-names-added', level: 'info' }],
    ),
    inRequest('minContains raised', { type: 'array', contains: S, minContains: 1 }, { type: 'array', contains: S, minContains: 2 }, [
      { id: 'request-property-min-contains-increased', level: 'breaking', message: ['from 1 to 2'] },
    ]),
    inResponse('maxContains dropped: a response may hold more matching items', { type: 'array', contains: S, maxContains: 3 }, { type: 'array', contains: S }, [
      { id: 'response-property-max-contains-increased', level: 'breaking', message: ['from 3 to no limit'] },
    ]),
    inResponse('maxContains set: fewer matching items are returned', { type: 'array', contains: S }, { type: 'array', contains: S, maxContains: 3 }, [
      { id: 'response-property-max-contains-decreased', level: 'info' },
    ]),
    inRequest(
      'minContains without contains asserts nothing (JSON Schema 2020-12 Validation 6.4.5)',
      { type: 'array' },
      { type: 'array', minContains: 2 },
      'none',
    ),
    inRequest(
      'an if without then or else asserts nothing (JSON Schema 2020-12 Core 10.2.2.1)',
      { type: 'object' },
      { type: 'object', if: { required: ['a'] } },
      'none',
    ),
    inResponse(
      'a then without an if asserts nothing, so dropping it widens nothing',
      { type: 'object', then: { required: ['b'] } },
      { type: 'object' },
      'none',
    ),
    inRequest(
      'an if changed with neither then nor else: nothing',
      { type: 'object', if: { required: ['a'] } },
      { type: 'object', if: { required: ['c'] } },
      'none',
    ),
    inRequest(
      'a then added beside an existing if: a sender meeting the if must now meet it',
      { type: 'object', if: { required: ['a'] } },
      { type: 'object', if: { required: ['a'] }, then: { required: ['b'] } },
      [{ id: 'request-property-then-added', level: 'breaking' }],
    ),
    inRequest(
      'a $ref into $defs whose target lowered maxLength',
      { $defs: { Code: { ...S, maxLength: 10 } }, $ref: `${'#'}${REQ_V}/$defs/Code` },
      { $defs: { Code: { ...S, maxLength: 5 } }, $ref: `${'#'}${REQ_V}/$defs/Code` },
      [{ id: 'request-property-max-length-decreased', level: 'breaking', pointer: `${REQ_V}/$defs/Code/maxLength` }],
    ),
    inRequest('type [string, "null"] narrowed to string: a sender of null is refused', { type: ['string', 'null'] }, S, [
      { id: 'request-property-became-not-nullable', level: 'breaking' },
    ]),
    inResponse('type [string, "null"] narrowed to string: a reader no longer meets null', { type: ['string', 'null'] }, S, [
      { id: 'response-property-became-not-nullable', level: 'info' },
    ]),
    inRequest(
      'null dropped from the enum of a type that still lists null: null is refused (the enum decides)',
      { type: ['string', 'null'], enum: ['a', null] },
      { type: ['string', 'null'], enum: ['a'] },
      [{ id: 'request-property-enum-value-removed', level: 'breaking', message: ['enum value null was removed'] }],
    ),
    inRequest(
      'null dropped from the enum of a type without null: null was never valid, no finding',
      { ...S, enum: ['a', null] },
      { ...S, enum: ['a'] },
      'none',
    ),
    inRequest('examples changed: an annotation, no finding', { ...S, examples: ['a'] }, { ...S, examples: ['b', 'c'] }, 'none'),
    inResponse('examples added: an annotation, no finding', S, { ...S, examples: ['b'] }, 'none'),
    {
      name: 'a parameter deprecated: info, callers keep working',
      base: query(S),
      revision: query(S, { deprecated: true }),
      expect: [{ id: 'request-parameter-deprecated', level: 'info', message: ['`q`'] }],
    },
  ];
  runRuleCases(cases.map(v31));
});
