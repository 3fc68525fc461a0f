// Request body rules on base/revision pairs: presence, required, media types, the top-level schema.
import { describe } from 'vitest';
import { api, type Doc, in31, json, obj, ok, type RuleCase, requestBody, runRuleCases } from './harness.js';

const post = (requestBody?: Doc) => api({ '/pets': { post: { ...(requestBody ? { requestBody } : {}), responses: ok() } } });
const pet = obj({ name: { type: 'string' } });
const RB = '/paths/~1pets/post/requestBody';

describe('request body: presence, required, media types', () => {
  const cases: RuleCase[] = [
    {
      name: 'a required body where there was none breaks every caller',
      base: post(),
      revision: post({ required: true, content: json(pet) }),
      expect: [{ id: 'request-body-added-required', level: 'breaking', operation: 'POST /pets', pointer: RB }],
    },
    {
      name: 'an optional body where there was none is info',
      base: post(),
      revision: post({ content: json(pet) }),
      expect: [{ id: 'request-body-added-optional', level: 'info' }],
    },
    {
      name: 'the body removed breaks',
      base: post({ content: json(pet) }),
      revision: post(),
      expect: [{ id: 'request-body-removed', level: 'breaking', pointer: RB }],
    },
    {
      name: 'became required breaks; became optional is info',
      base: post({ content: json(pet) }),
      revision: post({ required: true, content: json(pet) }),
      expect: [{ id: 'request-body-became-required', level: 'breaking', message: ['became required'] }],
    },
    {
      name: 'became optional',
      base: post({ required: true, content: json(pet) }),
      revision: post({ content: json(pet) }),
      expect: [{ id: 'request-body-became-optional', level: 'info' }],
    },
    {
      name: 'a media type no longer accepted breaks; a new one is info',
      base: post({ content: json(pet) }),
      revision: post({ content: { 'application/xml': { schema: pet } } }),
      expect: [
        { id: 'request-body-media-type-removed', level: 'breaking', pointer: `${RB}/content/application~1json`, message: ['application/json'] },
        { id: 'request-body-media-type-added', level: 'info', message: ['application/xml'] },
      ],
    },
    {
      name: 'a charset parameter on the media type is the same media type (no change)',
      base: post({ content: json(pet) }),
      revision: post({ content: { 'application/json; charset=utf-8': { schema: pet } } }),
      expect: 'none',
    },
    {
      name: 'a media type that took anything gains a schema: breaking',
      base: post({ content: { 'application/json': {} } }),
      revision: post({ content: json(pet) }),
      expect: [{ id: 'request-body-media-type-schema-added', level: 'breaking' }],
    },
    {
      name: 'a media type loses its schema: info',
      base: post({ content: json(pet) }),
      revision: post({ content: { 'application/json': {} } }),
      expect: [{ id: 'request-body-media-type-schema-removed', level: 'info' }],
    },
    {
      name: 'the body moved into components/requestBodies and referenced: no change',
      base: post({ required: true, content: json(pet) }),
      revision: api(
        { '/pets': { post: { requestBody: { $ref: '#/components/requestBodies/Pet' }, responses: ok() } } },
        { components: { requestBodies: { Pet: { required: true, content: json(pet) } } } },
      ),
      expect: 'none',
    },
  ];
  runRuleCases(cases);
});

describe('request body: the top-level schema', () => {
  const body = (from: Doc, to: Doc, name: string, expect: RuleCase['expect']): RuleCase => ({
    name,
    base: requestBody(from),
    revision: requestBody(to),
    expect,
  });
  const S = `${RB}/content/application~1json/schema`;
  const cases: RuleCase[] = [
    body({ type: 'object' }, { type: 'array', items: {} }, 'object to array breaks', [
      { id: 'request-body-type-changed', level: 'breaking', pointer: S, message: ['the request body', 'from object to array'] },
    ]),
    body({ type: 'integer' }, { type: 'number' }, 'integer to number widens a request (info)', [{ id: 'request-body-type-generalized', level: 'info' }]),
    body({ type: 'string' }, { type: 'string', enum: ['a'] }, 'became an enum breaks', [
      { id: 'request-body-became-enum', level: 'breaking', pointer: `${S}/enum` },
    ]),
    body({ type: 'string', enum: ['a', 'b'] }, { type: 'string', enum: ['a'] }, 'enum value removed breaks', [
      { id: 'request-body-enum-value-removed', level: 'breaking' },
    ]),
    body({ type: 'array', items: { type: 'string' }, maxItems: 10 }, { type: 'array', items: { type: 'string' }, maxItems: 5 }, 'maxItems lowered breaks', [
      { id: 'request-body-max-items-decreased', level: 'breaking' },
    ]),
    body(
      { type: 'array', items: { type: 'string' } },
      { type: 'array', items: { type: 'string' }, minItems: 1 },
      'minItems introduced: breaking, an empty list was valid',
      [{ id: 'request-body-min-items-set', level: 'breaking' }],
    ),
    body(pet, { ...pet, default: { name: 'rex' } }, 'a default added warns', [{ id: 'request-body-default-value-added', level: 'warning' }]),
    in31(
      body({ type: 'string', const: 'a' }, { type: 'string', const: 'b' }, 'const changed breaks', [
        { id: 'request-body-const-changed', level: 'breaking', message: ['from "a" to "b"'] },
      ]),
    ),
    body(pet, { oneOf: [pet, obj({ id: { type: 'integer' } })] }, 'an object wrapped into oneOf breaks, once', [
      { id: 'request-body-wrapped-in-one-of', level: 'breaking', message: ['wrapped in oneOf (2 alternatives)'] },
    ]),
    body(pet, { ...pet, nullable: true }, 'became nullable: info for a request', [{ id: 'request-body-became-nullable', level: 'info' }]),
  ];
  runRuleCases(cases);
});
