// Parameter rules on base/revision pairs: added, removed, required, moved, deprecated, their schemas.
import { describe } from 'vitest';
import { api, type Doc, in31, ok, type RuleCase, runRuleCases, withParameter } from './harness.js';

const query = (name: string, schema: Doc = { type: 'string' }, extra: Doc = {}): Doc => ({ name, in: 'query', schema, ...extra });
const none = api({ '/pets': { get: { responses: ok() } } });
const P0 = '/paths/~1pets/get/parameters/0';

describe('parameters: added, removed, required, moved', () => {
  const cases: RuleCase[] = [
    {
      name: 'a new required query parameter breaks every caller',
      base: none,
      revision: withParameter(query('limit', { type: 'integer' }, { required: true })),
      expect: [{ id: 'new-required-request-parameter', level: 'breaking', operation: 'GET /pets', pointer: P0, message: ['required query parameter `limit`'] }],
    },
    {
      name: 'a new optional query parameter is info',
      base: none,
      revision: withParameter(query('limit')),
      expect: [{ id: 'new-optional-request-parameter', level: 'info', pointer: P0 }],
    },
    {
      name: 'a required parameter added at path level applies to every operation of the path',
      base: api({ '/pets': { get: { responses: ok() } } }),
      revision: api({ '/pets': { parameters: [query('tenant', { type: 'string' }, { required: true })], get: { responses: ok() } } }),
      expect: [{ id: 'new-required-request-default-parameter-to-existing-path', level: 'breaking', pointer: '/paths/~1pets/parameters/0' }],
    },
    {
      name: 'a parameter removed: warning (callers still sending it may be rejected)',
      base: withParameter(query('limit')),
      revision: none,
      expect: [{ id: 'request-parameter-removed', level: 'warning', pointer: P0, message: ['query parameter `limit`', 'GET /pets'] }],
    },
    {
      name: 'a deprecated parameter removed after its sunset date: info',
      base: withParameter(query('limit', { type: 'string' }, { deprecated: true, 'x-sunset': '2020-01-01' })),
      revision: none,
      expect: [{ id: 'request-parameter-removed-with-deprecation', level: 'info' }],
    },
    {
      name: 'a deprecated parameter removed before its sunset date breaks',
      base: withParameter(query('limit', { type: 'string' }, { deprecated: true, 'x-sunset': '2099-01-01' })),
      revision: none,
      expect: [{ id: 'request-parameter-removed-before-sunset', level: 'breaking', message: ['2099-01-01'] }],
    },
    {
      name: 'became required breaks; became optional is info',
      base: api({ '/pets': { get: { parameters: [query('a'), query('b', { type: 'string' }, { required: true })], responses: ok() } } }),
      revision: api({ '/pets': { get: { parameters: [query('a', { type: 'string' }, { required: true }), query('b')], responses: ok() } } }),
      expect: [
        { id: 'request-parameter-became-required', level: 'breaking', message: ['`a`'] },
        { id: 'request-parameter-became-optional', level: 'info', message: ['`b`'] },
      ],
    },
    {
      name: 'moved from query to header breaks',
      base: withParameter(query('token')),
      revision: withParameter({ name: 'token', in: 'header', schema: { type: 'string' } }),
      expect: [{ id: 'request-parameter-in-changed', level: 'breaking', message: ['from query to header'] }],
    },
    {
      name: 'a header parameter whose name only changes case: no change',
      base: withParameter({ name: 'X-Request-Id', in: 'header', schema: { type: 'string' } }),
      revision: withParameter({ name: 'x-request-id', in: 'header', schema: { type: 'string' } }),
      expect: 'none',
    },
    {
      name: 'a parameter moved into components and referenced: no change',
      base: withParameter(query('limit', { type: 'integer', maximum: 100 })),
      revision: withParameter({ $ref: '#/components/parameters/Limit' }, { parameters: { Limit: query('limit', { type: 'integer', maximum: 100 }) } }),
      expect: 'none',
    },
    {
      name: 'parameters reordered: no change',
      base: api({ '/pets': { get: { parameters: [query('a'), query('b')], responses: ok() } } }),
      revision: api({ '/pets': { get: { parameters: [query('b'), query('a')], responses: ok() } } }),
      expect: 'none',
    },
  ];
  runRuleCases(cases);
});

describe('parameters: deprecation', () => {
  const cases: RuleCase[] = [
    {
      name: 'deprecated',
      base: withParameter(query('q')),
      revision: withParameter(query('q', { type: 'string' }, { deprecated: true })),
      expect: [{ id: 'request-parameter-deprecated', level: 'info', message: ['`q`'] }],
    },
    {
      name: 'deprecated with a sunset date that cannot be read: said at once, with the value and the forms read',
      base: withParameter(query('q')),
      revision: withParameter(query('q', { type: 'string' }, { deprecated: true, 'x-sunset': 'Q3' })),
      expect: [{ id: 'request-parameter-sunset-parse', level: 'breaking', message: ['`q` was deprecated', '"Q3"', '2027-06-30'] }],
    },
    {
      name: 'x-deprecated is not read as deprecated: a warning says how to write it',
      base: withParameter(query('q')),
      revision: withParameter(query('q', { type: 'string' }, { 'x-deprecated': true })),
      expect: [{ id: 'request-parameter-x-deprecated-unread', level: 'warning', message: ['`q` is marked x-deprecated', 'write `deprecated: true`'] }],
    },
    {
      name: 'reactivated',
      base: withParameter(query('q', { type: 'string' }, { deprecated: true })),
      revision: withParameter(query('q')),
      expect: [{ id: 'request-parameter-reactivated', level: 'info' }],
    },
    {
      name: 'sunset date dropped while still deprecated',
      base: withParameter(query('q', { type: 'string' }, { deprecated: true, 'x-sunset': '2027-01-01' })),
      revision: withParameter(query('q', { type: 'string' }, { deprecated: true })),
      expect: [{ id: 'request-parameter-sunset-deleted', level: 'breaking' }],
    },
  ];
  runRuleCases(cases);
});

describe('parameters: schemas', () => {
  const change = (name: string, from: Doc, to: Doc, expect: RuleCase['expect']): RuleCase => ({
    name,
    base: withParameter(query('q', from)),
    revision: withParameter(query('q', to)),
    expect,
  });
  const asJson = (name: string, from: Doc, to: Doc, expect: RuleCase['expect']): RuleCase => ({
    name,
    base: withParameter({ name: 'X-Q', in: 'header', content: { 'application/json': { schema: from } } }),
    revision: withParameter({ name: 'X-Q', in: 'header', content: { 'application/json': { schema: to } } }),
    expect,
  });
  const cases: RuleCase[] = [
    change('integer to number is a generalisation (info)', { type: 'integer' }, { type: 'number' }, [
      { id: 'request-parameter-type-generalized', level: 'info', pointer: `${P0}/schema`, message: ['parameter `q`', 'from integer to number'] },
    ]),
    change('number to integer narrows what is accepted (breaking)', { type: 'number' }, { type: 'integer' }, [
      { id: 'request-parameter-type-changed', level: 'breaking' },
    ]),
    change('an enum value removed breaks', { type: 'string', enum: ['a', 'b'] }, { type: 'string', enum: ['a'] }, [
      { id: 'request-parameter-enum-value-removed', level: 'breaking', message: ['"b"'] },
    ]),
    change('an enum value added is info', { type: 'string', enum: ['a'] }, { type: 'string', enum: ['a', 'b'] }, [
      { id: 'request-parameter-enum-value-added', level: 'info' },
    ]),
    change('enum values reordered: no change', { type: 'string', enum: ['a', 'b'] }, { type: 'string', enum: ['b', 'a'] }, 'none'),
    change('became an enum breaks', { type: 'string' }, { type: 'string', enum: ['a'] }, [{ id: 'request-parameter-became-enum', level: 'breaking' }]),
    change('maximum lowered breaks; minimum lowered is info', { type: 'integer', minimum: 5, maximum: 100 }, { type: 'integer', minimum: 1, maximum: 50 }, [
      { id: 'request-parameter-max-decreased', level: 'breaking', message: ['from 100 to 50'] },
      { id: 'request-parameter-min-decreased', level: 'info' },
    ]),
    change('maxLength introduced: breaking, values longer than it were valid', { type: 'string' }, { type: 'string', maxLength: 10 }, [
      { id: 'request-parameter-max-length-set', level: 'breaking' },
    ]),
    in31(
      change('exclusiveMinimum (3.1) raised breaks', { type: 'number', exclusiveMinimum: 0 }, { type: 'number', exclusiveMinimum: 1 }, [
        { id: 'request-parameter-exclusive-min-increased', level: 'breaking' },
      ]),
    ),
    change('pattern introduced breaks', { type: 'string' }, { type: 'string', pattern: '^[a-z]+$' }, [
      { id: 'request-parameter-pattern-added', level: 'breaking' },
    ]),
    change('pattern widened to any string: info', { type: 'string', pattern: '^[a-z]+$' }, { type: 'string', pattern: '.*' }, [
      { id: 'request-parameter-pattern-generalized', level: 'info' },
    ]),
    change('default value changed warns: callers who omit it now mean another value', { type: 'integer', default: 10 }, { type: 'integer', default: 20 }, [
      { id: 'request-parameter-default-value-changed', level: 'warning', message: ['from 10 to 20'] },
    ]),
    change('x-extensible-enum value removed breaks', { type: 'string', 'x-extensible-enum': ['a', 'b'] }, { type: 'string', 'x-extensible-enum': ['a'] }, [
      { id: 'request-parameter-x-extensible-enum-value-removed', level: 'breaking' },
    ]),
    // Sent as JSON: a parameter described by `schema` never writes null (RFC 6570), so null there is no change (wire-null.test.ts).
    asJson('became nullable is info; not nullable breaks (reverse)', { type: 'string' }, { type: 'string', nullable: true }, [
      { id: 'request-parameter-became-nullable', level: 'info' },
    ]),
    asJson('no longer nullable breaks', { type: 'string', nullable: true }, { type: 'string' }, [
      { id: 'request-parameter-became-not-nullable', level: 'breaking' },
    ]),
    change(
      "an array parameter: an enum value removed from its items is the parameter's",
      { type: 'array', items: { type: 'string', enum: ['a', 'b'] } },
      { type: 'array', items: { type: 'string', enum: ['a'] } },
      [{ id: 'request-parameter-enum-value-removed', level: 'breaking', pointer: `${P0}/schema/items/enum` }],
    ),
    change(
      'a property inside an object parameter became required',
      { type: 'object', properties: { a: { type: 'string' } } },
      { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] },
      [{ id: 'request-parameter-property-became-required', level: 'breaking' }],
    ),
    change(
      'description and example changes: no change',
      { type: 'string', description: 'old', example: 'x' },
      { type: 'string', description: 'new', example: 'y' },
      'none',
    ),
  ];
  runRuleCases(cases);
});

// oasdiff names three changes to the properties of a header parameter's object schema apart (request-header-property-*);
// the same changes in a query, path or cookie parameter keep the parameter-property ids, and a header's other
// property changes, which oasdiff does not name apart, keep them too.
describe('parameters: properties of an object-typed header parameter', () => {
  const object = (properties: Doc, required?: string[]): Doc => ({ type: 'object', properties, ...(required ? { required } : {}) });
  const header = (schema: Doc): Doc => withParameter({ name: 'X-Filter', in: 'header', schema });
  const cookie = (schema: Doc): Doc => withParameter({ name: 'filter', in: 'cookie', schema });
  const name = { name: { type: 'string' } };
  const named = { name: { type: 'string', enum: ['a', 'b'] } };
  const cases: RuleCase[] = [
    {
      name: 'a header property restricted to an enum: request-header-property-became-enum',
      base: header(object(name)),
      revision: header(object(named)),
      expect: [
        {
          id: 'request-header-property-became-enum',
          level: 'breaking',
          operation: 'GET /pets',
          pointer: `${P0}/schema/properties/name/enum`,
          message: ['request property `name` now only accepts "a", "b"'],
        },
      ],
    },
    {
      name: 'a header property became required: request-header-property-became-required',
      base: header(object(name)),
      revision: header(object(name, ['name'])),
      expect: [{ id: 'request-header-property-became-required', level: 'breaking', message: ['request property `name` became required'] }],
    },
    {
      name: 'a new required header property: new-required-request-header-property',
      base: header(object({})),
      revision: header(object(name, ['name'])),
      expect: [{ id: 'new-required-request-header-property', level: 'breaking', message: ['new required request property `name`'] }],
    },
    {
      name: 'a header property change oasdiff does not name apart keeps the parameter-property id',
      base: header(object({ name: { type: 'string', maxLength: 10 } })),
      revision: header(object({ name: { type: 'string', maxLength: 5 } })),
      expect: [{ id: 'request-parameter-property-max-length-decreased', level: 'breaking' }],
    },
    {
      name: "the header parameter's own schema keeps the parameter ids",
      base: header({ type: 'string' }),
      revision: header({ type: 'string', enum: ['a'] }),
      expect: [{ id: 'request-parameter-became-enum', level: 'breaking', message: ['parameter `X-Filter`'] }],
    },
    {
      name: 'a cookie parameter property restricted to an enum keeps request-parameter-property-became-enum',
      base: cookie(object(name)),
      revision: cookie(object(named)),
      expect: [{ id: 'request-parameter-property-became-enum', level: 'breaking' }],
    },
    {
      name: 'a cookie parameter property became required keeps request-parameter-property-became-required',
      base: cookie(object(name)),
      revision: cookie(object(name, ['name'])),
      expect: [{ id: 'request-parameter-property-became-required', level: 'breaking' }],
    },
  ];
  runRuleCases(cases);
});
