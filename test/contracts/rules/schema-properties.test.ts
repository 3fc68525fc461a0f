// Property rules on base/revision pairs: added, removed, readOnly/writeOnly, deprecated, shared schemas.
import { describe, expect, it } from 'vitest';
import { diffDocuments } from '../../../contracts/diff.js';
import { api, type Doc, json, obj, ok, type RuleCase, requestBody, responseBody, runRuleCases } from './harness.js';

const str = { type: 'string' };
const req = (name: string, from: Doc, to: Doc, expect: RuleCase['expect'], only?: string[]): RuleCase => ({
  name: `request: ${name}`,
  base: requestBody(from),
  revision: requestBody(to),
  expect,
  ...(only ? { only } : {}),
});
const res = (name: string, from: Doc, to: Doc, expect: RuleCase['expect'], only?: string[]): RuleCase => ({
  name: `response: ${name}`,
  base: responseBody(from),
  revision: responseBody(to),
  expect,
  ...(only ? { only } : {}),
});
const REQ = '/paths/~1pets/post/requestBody/content/application~1json/schema';
const RES = '/paths/~1pets/get/responses/200/content/application~1json/schema';

describe('object properties', () => {
  const cases: RuleCase[] = [
    req('a property removed: warning', obj({ a: str, b: str }), obj({ a: str }), [
      { id: 'request-property-removed', level: 'warning', pointer: `${REQ}/properties/b`, message: ['request property `b`'] },
    ]),
    req('a new required property breaks', obj({ a: str }), obj({ a: str, b: str }, ['b']), [
      { id: 'new-required-request-property', level: 'breaking', pointer: `${REQ}/properties/b` },
    ]),
    req('a new required property with a default still breaks (its own id)', obj({ a: str }), obj({ a: str, b: { type: 'string', default: 'x' } }, ['b']), [
      { id: 'new-required-request-property-with-default', level: 'breaking' },
    ]),
    req('a new optional property is info', obj({ a: str }), obj({ a: str, b: str }), [{ id: 'new-optional-request-property', level: 'info' }]),
    req('became required breaks; became optional is info', obj({ a: str, b: str }, ['b']), obj({ a: str, b: str }, ['a']), [
      { id: 'request-property-became-required', level: 'breaking', message: ['`a`'] },
      { id: 'request-property-became-optional', level: 'info', message: ['`b`'] },
    ]),
    req('a nested property names its whole path', obj({ address: obj({ city: str }) }), obj({ address: obj({ city: str, zip: str }, ['zip']) }), [
      { id: 'new-required-request-property', message: ['`address.zip`'] },
    ]),
    req(
      'a property of array items names its path with []',
      obj({ items: { type: 'array', items: obj({ sku: str }) } }),
      obj({ items: { type: 'array', items: obj({ sku: str, qty: { type: 'integer' } }, ['qty']) } }),
      [{ id: 'new-required-request-property', message: ['`items[].qty`'] }],
    ),
    req(
      'a new required readOnly property is not part of a request (no change)',
      obj({ a: str }),
      obj({ a: str, id: { type: 'string', readOnly: true } }, ['id']),
      'none',
    ),
    req('properties reordered and required reordered: no change', obj({ a: str, b: str }, ['a', 'b']), obj({ b: str, a: str }, ['b', 'a']), 'none'),
    res('a required property removed breaks', obj({ a: str, b: str }, ['b']), obj({ a: str }), [
      { id: 'response-required-property-removed', level: 'breaking', pointer: `${RES}/properties/b` },
    ]),
    res('an optional property removed: warning', obj({ a: str, b: str }), obj({ a: str }), [{ id: 'response-optional-property-removed', level: 'warning' }]),
    res('became optional breaks readers; became required is info', obj({ a: str, b: str }, ['a']), obj({ a: str, b: str }, ['b']), [
      { id: 'response-property-became-optional', level: 'breaking', message: ['`a`'] },
      { id: 'response-property-became-required', level: 'info', message: ['`b`'] },
    ]),
    res('properties added are info', obj({ a: str }), obj({ a: str, b: str, c: str }, ['c']), [
      { id: 'response-optional-property-added', level: 'info' },
      { id: 'response-required-property-added', level: 'info' },
    ]),
    res('a writeOnly property added is never returned', obj({ a: str }), obj({ a: str, secret: { type: 'string', writeOnly: true } }), [
      { id: 'response-optional-write-only-property-added', level: 'info' },
    ]),
  ];
  runRuleCases(cases);
});

describe('readOnly and writeOnly transitions', () => {
  const shared = (test: Doc) => ({ schemas: { Pet: obj({ name: str, test }, ['name', 'test']) } });
  const both = (components: Doc) =>
    api(
      {
        '/pets': { post: { requestBody: { content: json({ $ref: '#/components/schemas/Pet' }) }, responses: ok(json({ $ref: '#/components/schemas/Pet' })) } },
      },
      { components },
    );
  const cases: RuleCase[] = [
    {
      name: 'a required property became writeOnly: it leaves the response, which is a removal (breaking)',
      base: both(shared({ type: 'string' })),
      revision: both(shared({ type: 'string', writeOnly: true })),
      expect: [
        { id: 'request-required-property-became-write-only', level: 'info' },
        { id: 'response-required-property-became-write-only', level: 'breaking', message: ['`test`'] },
      ],
    },
    {
      name: 'a required property no longer writeOnly comes back in responses: warning',
      base: both(shared({ type: 'string', writeOnly: true })),
      revision: both(shared({ type: 'string' })),
      expect: [
        { id: 'request-required-property-became-not-write-only', level: 'info' },
        { id: 'response-required-property-became-not-write-only', level: 'warning' },
      ],
    },
    {
      name: 'a required property that was readOnly must now be sent: breaking for requests',
      base: both(shared({ type: 'string', readOnly: true })),
      revision: both(shared({ type: 'string' })),
      expect: [
        { id: 'request-required-property-became-not-read-only', level: 'breaking', message: ['`test`'] },
        { id: 'response-required-property-became-not-read-only', level: 'info' },
      ],
    },
  ];
  runRuleCases(cases);
});

describe('property deprecation', () => {
  const cases: RuleCase[] = [
    req('deprecated with a sunset date', obj({ a: str }), obj({ a: { type: 'string', deprecated: true, 'x-sunset': '2027-01-01' } }), [
      { id: 'request-property-deprecated-with-sunset', level: 'info', message: ['`a`', '2027-01-01'] },
    ]),
    res('deprecated without a sunset date', obj({ a: str }), obj({ a: { type: 'string', deprecated: true } }), [
      { id: 'response-property-deprecated', level: 'info' },
    ]),
    res('deprecated with an unreadable sunset date', obj({ a: str }), obj({ a: { type: 'string', deprecated: true, 'x-sunset': 'soon' } }), [
      { id: 'response-property-deprecated-sunset-invalid', level: 'breaking' },
    ]),
    req('reactivated', obj({ a: { type: 'string', deprecated: true } }), obj({ a: str }), [{ id: 'request-property-reactivated', level: 'info' }]),
    // x-deprecated is not read as deprecated, as for operations and parameters: said, so the author writes the real word.
    req('marked x-deprecated only', obj({ a: str }), obj({ a: { type: 'string', 'x-deprecated': true } }), [
      { id: 'request-property-x-deprecated-unread', level: 'warning', message: ['`a` is marked x-deprecated', 'write `deprecated: true`'] },
    ]),
    {
      name: 'response: marked x-deprecated through the schema its $ref names',
      base: responseBody(obj({ a: str }), { schemas: { Code: { type: 'string', 'x-deprecated': true } } }),
      revision: responseBody(obj({ a: { $ref: '#/components/schemas/Code' } }), { schemas: { Code: { type: 'string', 'x-deprecated': true } } }),
      expect: [{ id: 'response-property-x-deprecated-unread', level: 'warning', message: ['`a` is marked x-deprecated'] }],
      only: ['response-property-x-deprecated-unread'],
    },
    res(
      'marked x-deprecated beside deprecated: only the deprecation',
      obj({ a: str }),
      obj({ a: { type: 'string', deprecated: true, 'x-deprecated': true } }),
      [{ id: 'response-property-deprecated', level: 'info' }],
    ),
    res('x-deprecated already', obj({ a: { type: 'string', 'x-deprecated': true } }), obj({ a: { type: 'string', 'x-deprecated': true } }), []),
  ];
  runRuleCases(cases);
});

describe('a schema shared by several operations', () => {
  it('reports a change once, naming every operation that reaches it', () => {
    const doc = (pet: Doc) =>
      api(
        {
          '/pets': { get: { responses: ok(json({ $ref: '#/components/schemas/Pet' })) } },
          '/pets/{id}': { get: { responses: ok(json({ $ref: '#/components/schemas/Pet' })) } },
        },
        { components: { schemas: { Pet: pet } } },
      );
    const { findings } = diffDocuments(doc(obj({ id: str, name: str }, ['id'])), doc(obj({ name: str })), { today: '2026-11-23' });
    expect(findings.map((f) => [f.id, f.pointer, f.operations])).toEqual([
      ['response-required-property-removed', '/components/schemas/Pet/properties/id', ['GET /pets', 'GET /pets/{id}']],
    ]);
  });
});
