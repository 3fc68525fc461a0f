// A `not` that forbids property names (`not: {required: [x]}`, or `not: {anyOf: [{required: [x]}, ...]}`) as a user
// reads it: the name that may no longer be sent (breaking, on that field) or is no longer returned (info), and the
// reverse; any other `not`, or one on a schema that admits more than objects, stays the `not` rules' finding.
import { describe } from 'vitest';
import { bodyCases, in31, obj, type RuleCase, requestBody, responseBody, runRuleCases } from './harness.js';

const S = { type: 'string' };
const order = (extra = {}) => obj({ id: S, note: S, coupon: S }, undefined, extra);
const BODY = '/paths/~1pets/post/requestBody/content/application~1json/schema';
const NOT_IDS = [
  'request-property-became-forbidden',
  'request-property-became-allowed',
  'response-property-became-forbidden',
  'response-property-became-allowed',
  'request-body-not-added',
  'request-body-not-removed',
  'request-body-not-changed',
  'request-body-not-excludes-more',
  'request-body-not-excludes-fewer',
  'response-body-not-added',
  'response-body-not-removed',
  'request-property-not-added',
];
const only = (c: RuleCase): RuleCase => ({ ...c, only: NOT_IDS });
const both = bodyCases();

describe('a `not` forbidding property names', () => {
  const cases: RuleCase[] = [
    {
      name: '`not: {required: [id]}` added to a request body: `id` may no longer be sent (breaking, on `id`)',
      base: requestBody(order()),
      revision: requestBody(order({ not: { required: ['id'] } })),
      expect: [
        {
          id: 'request-property-became-forbidden',
          level: 'breaking',
          operation: 'POST /pets',
          pointer: `${BODY}/not/required`,
          message: ["request property `id` may no longer be sent: its object's `not` schema forbids it"],
        },
      ],
    },
    ...both(
      'dropped: the name is allowed again (info on both sides)',
      order({ not: { required: ['id'] } }),
      order(),
      [{ id: 'request-property-became-allowed', level: 'info', message: ['request property `id` may now be sent'] }],
      [{ id: 'response-property-became-allowed', level: 'info', message: ['response property `id` may now be returned'] }],
    ),
    {
      name: 'added to a response body: `id` is no longer returned (info)',
      base: responseBody(order()),
      revision: responseBody(order({ not: { required: ['id'] } })),
      expect: [{ id: 'response-property-became-forbidden', level: 'info', message: ['response property `id` is no longer returned'] }],
    },
    {
      name: 'on a nested object: the finding names the field by its path',
      base: requestBody(obj({ address: obj({ zip: S, box: S }) })),
      revision: requestBody(obj({ address: obj({ zip: S, box: S }, undefined, { not: { required: ['zip', 'box'] } }) })),
      expect: [
        {
          id: 'request-property-became-forbidden',
          level: 'breaking',
          pointer: `${BODY}/properties/address/not/required`,
          message: ['request property `address.zip` may no longer be sent together with `box`'],
        },
      ],
    },
    {
      name: '`not: {anyOf: [{required: [id]}, {required: [note]}]}`: each name forbidden alone',
      base: requestBody(order()),
      revision: requestBody(order({ not: { anyOf: [{ required: ['id'] }, { required: ['note'] }] } })),
      expect: [
        { id: 'request-property-became-forbidden', pointer: `${BODY}/not/anyOf/0/required`, message: ['request property `id` may no longer be sent:'] },
        { id: 'request-property-became-forbidden', pointer: `${BODY}/not/anyOf/1/required`, message: ['request property `note` may no longer be sent:'] },
      ],
    },
    {
      // Forbidding [id, note] together refuses only requests with both; forbidding [id] refuses those with id at all.
      name: 'forbidden together became forbidden alone: more requests refused (breaking)',
      base: requestBody(order({ not: { required: ['id', 'note'] } })),
      revision: requestBody(order({ not: { required: ['id'] } })),
      expect: [
        {
          id: 'request-property-became-forbidden',
          level: 'breaking',
          pointer: `${BODY}/not/required`,
          message: ['request property `id` may no longer be sent:'],
        },
      ],
    },
    {
      name: 'forbidden alone became forbidden together: fewer requests refused (info only)',
      base: requestBody(order({ not: { required: ['id'] } })),
      revision: requestBody(order({ not: { required: ['id', 'note'] } })),
      expect: [{ id: 'request-property-became-allowed', level: 'info', pointer: `${BODY}/not/required`, message: ['request property `id` may now be sent:'] }],
    },
    {
      name: 'the same names written in another order: nothing',
      base: requestBody(order({ not: { required: ['id', 'note'] } })),
      revision: requestBody(order({ not: { required: ['note', 'id'] } })),
      expect: 'none',
    },
    {
      name: 'a `not` that also constrains values is not a names shape: still `request-body-not-added`',
      base: requestBody(order()),
      revision: requestBody(order({ not: { required: ['id'], properties: { id: { const: 'x' } } } })),
      expect: [{ id: 'request-body-not-added', level: 'breaking' }],
    },
    {
      // `required` holds for any value that is no object: `not` of it refuses every string as well.
      name: 'on a schema that admits strings too, it refuses every string: still `request-body-not-added`',
      base: requestBody({ type: ['object', 'string'], properties: { id: S } }),
      revision: requestBody({ type: ['object', 'string'], properties: { id: S }, not: { required: ['id'] } }),
      expect: [{ id: 'request-body-not-added', level: 'breaking' }],
    },
  ];
  runRuleCases(cases.map(only).flatMap((c) => (c.name.includes('admits strings') ? [in31(c)] : [c, { ...in31(c), name: `${c.name} (3.1)` }])));
});
