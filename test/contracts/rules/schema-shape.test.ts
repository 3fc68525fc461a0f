// The schema-shape family as a user reads it: uniqueItems, additionalProperties: false, `not`, a format or an enum
// introduced or dropped, flagged where it narrows a request or widens a response and not the other way round.
import { describe } from 'vitest';
import { obj, type RuleCase, requestBody, responseBody, runRuleCases, withParameter } from './harness.js';

const S = { type: 'string' };
const tags = (extra = {}) => obj({ tags: { type: 'array', items: S, ...extra } });

describe('schema shape', () => {
  const cases: RuleCase[] = [
    {
      name: 'uniqueItems introduced on a request property breaks senders of repeated items',
      base: requestBody(tags()),
      revision: requestBody(tags({ uniqueItems: true })),
      expect: [
        {
          id: 'request-property-unique-items-set',
          level: 'breaking',
          operation: 'POST /pets',
          pointer: '/paths/~1pets/post/requestBody/content/application~1json/schema/properties/tags/uniqueItems',
          message: ['request property `tags` must now hold unique items'],
        },
      ],
    },
    {
      name: 'uniqueItems introduced on a response property is info',
      base: responseBody(tags()),
      revision: responseBody(tags({ uniqueItems: true })),
      expect: [{ id: 'response-property-unique-items-set', level: 'info' }],
    },
    {
      name: 'additionalProperties: false on a request body refuses what clients sent beyond the declared fields',
      base: requestBody(obj({ name: S })),
      revision: requestBody(obj({ name: S }, undefined, { additionalProperties: false })),
      expect: [{ id: 'request-body-additional-properties-forbidden', level: 'breaking', message: ['the request body no longer admits undeclared properties'] }],
    },
    {
      name: 'additionalProperties: false dropped from a response breaks strict readers, as forbidding them breaks a request',
      base: responseBody(obj({ name: S }, undefined, { additionalProperties: false })),
      revision: responseBody(obj({ name: S })),
      expect: [{ id: 'response-body-additional-properties-allowed', level: 'breaking', message: ['the response body may now hold undeclared properties'] }],
    },
    {
      name: 'a `not` added to a parameter breaks callers sending what it excludes',
      base: withParameter({ name: 'q', in: 'query', schema: S }),
      revision: withParameter({ name: 'q', in: 'query', schema: { ...S, not: { enum: ['all'] } } }),
      expect: [{ id: 'request-parameter-not-added', level: 'breaking', message: ['parameter `q` now excludes what its `not` schema matches'] }],
    },
    {
      name: 'a format introduced on a request property breaks; the same on a response is info',
      base: requestBody(obj({ id: S })),
      revision: requestBody(obj({ id: { ...S, format: 'uuid' } })),
      expect: [{ id: 'request-property-format-added', level: 'breaking', message: ['request property `id` must now have format uuid'] }],
    },
    {
      name: 'a format dropped from a response property breaks readers that parse it, as a format introduced breaks a request',
      base: responseBody(obj({ at: { ...S, format: 'date-time' } })),
      revision: responseBody(obj({ at: S })),
      expect: [{ id: 'response-property-format-removed', level: 'breaking', message: ['response property `at` no longer has format date-time'] }],
    },
    {
      name: 'an enum list dropped from a response property breaks readers with a case per value',
      base: responseBody(obj({ status: { ...S, enum: ['on', 'off'] } })),
      revision: responseBody(obj({ status: S })),
      expect: [{ id: 'response-property-enum-removed', level: 'breaking', message: ['response property `status` is no longer limited to "on", "off"'] }],
    },
    {
      name: 'an enum listing both booleans dropped from a response property restricts nothing: no change',
      base: responseBody(obj({ shared: { type: 'boolean', enum: [true, false] } })),
      revision: responseBody(obj({ shared: { type: 'boolean' } })),
      expect: 'none',
    },
    {
      name: 'an enum of one boolean dropped from a response property breaks readers',
      base: responseBody(obj({ shared: { type: 'boolean', enum: [true] } })),
      revision: responseBody(obj({ shared: { type: 'boolean' } })),
      expect: [{ id: 'response-property-enum-removed', level: 'breaking', message: ['no longer limited to true'] }],
    },
    {
      name: 'an enum listing both booleans introduced on a request property restricts nothing: no change',
      base: requestBody(obj({ flag: { type: 'boolean' } })),
      revision: requestBody(obj({ flag: { type: 'boolean', enum: [false, true] } })),
      expect: 'none',
    },
    {
      name: 'an enum list dropped from a request property is info',
      base: requestBody(obj({ s: { ...S, enum: ['a'] } })),
      revision: requestBody(obj({ s: S })),
      expect: [{ id: 'request-property-enum-removed', level: 'info' }],
    },
    {
      name: 'a map parameter that becomes a boolean is a type change, not also its values freed (the revision has no map values)',
      base: withParameter({ name: 'filter', in: 'query', schema: { type: 'object', additionalProperties: { type: 'integer' } } }),
      revision: withParameter({ name: 'filter', in: 'query', schema: { type: 'boolean' } }),
      only: ['request-parameter-property-type-generalized', 'request-parameter-property-type-changed'],
      expect: 'none',
    },
    {
      name: 'the format changing along with the type is the type rule alone',
      base: requestBody(obj({ n: { type: 'integer' } })),
      revision: requestBody(obj({ n: { ...S, format: 'uuid' } })),
      only: ['request-property-format-added'],
      expect: 'none',
    },
  ];
  runRuleCases(cases);
});
