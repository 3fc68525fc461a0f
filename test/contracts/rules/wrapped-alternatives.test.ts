// A schema wrapped in oneOf/anyOf alternatives of which it stays one (or unwrapped): one change, one finding per
// alternative really added or removed, at the level of its side; the schema itself is compared with its alternative.
import { describe } from 'vitest';
import { type Doc, inRequest, inResponse, REQ_V, RES_V, type RuleCase, requestBody, responseBody, runRuleCases } from './harness.js';

const BODY_REQ = '/paths/~1pets/post/requestBody/content/application~1json/schema';
const BODY_RES = '/paths/~1pets/get/responses/200/content/application~1json/schema';
const date = { type: 'string', format: 'date' };
const int = { type: 'integer' };
const A = { $ref: '#/components/schemas/A' };
const B = { $ref: '#/components/schemas/B' };
const components = { schemas: { A: { type: 'object', properties: { a: { type: 'string' } } }, B: { type: 'object', properties: { b: { type: 'integer' } } } } };
const body = (side: 'request' | 'response', name: string, from: Doc, to: Doc, expect: RuleCase['expect'], version = '3.0.3'): RuleCase => {
  const make = side === 'request' ? requestBody : responseBody;
  return { name: `${side} ${name}`, base: { ...make(from, components), openapi: version }, revision: { ...make(to, components), openapi: version }, expect };
};

describe('a schema wrapped in alternatives, or taken out of them', () => {
  const cases: RuleCase[] = [];
  for (const keyword of ['anyOf', 'oneOf'] as const) {
    const id = keyword === 'anyOf' ? 'any-of' : 'one-of';
    cases.push(
      body('request', `${keyword}: wrapped, with an integer beside it: accepts more (info)`, date, { [keyword]: [date, int] }, [
        {
          id: `request-body-${id}-added`,
          level: 'info',
          pointer: `${BODY_REQ}/${keyword}/1`,
          message: [`the request body was wrapped in ${keyword}, with alternative #1 (integer)`],
        },
      ]),
      body('response', `${keyword}: wrapped, with an integer beside it: a reader of a string may get an integer (breaking)`, date, { [keyword]: [date, int] }, [
        { id: `response-body-${id}-added`, level: 'breaking', pointer: `${BODY_RES}/${keyword}/1` },
      ]),
      body('request', `${keyword}: unwrapped, the integer gone: no longer accepted (breaking)`, { [keyword]: [date, int] }, date, [
        { id: `request-body-${id}-removed`, level: 'breaking', message: [`the request body was taken out of ${keyword}, without alternative #1 (integer)`] },
      ]),
      body('response', `${keyword}: unwrapped, the integer gone: readers get less (info)`, { [keyword]: [date, int] }, date, [
        { id: `response-body-${id}-removed`, level: 'info' },
      ]),
      body('request', `${keyword}: a $ref wrapped beside an integer (info)`, A, { [keyword]: [A, int] }, [{ id: `request-body-${id}-added`, level: 'info' }]),
      body('response', `${keyword}: a $ref wrapped beside an integer (breaking)`, A, { [keyword]: [A, int] }, [
        { id: `response-body-${id}-added`, level: 'breaking' },
      ]),
      body('response', `${keyword}: a $ref unwrapped (info)`, { [keyword]: [int, A] }, A, [
        { id: `response-body-${id}-removed`, level: 'info', pointer: `${BODY_RES}/${keyword}/0` },
      ]),
      body('request', `${keyword}: a $ref alone in the list, then unwrapped: no change`, { [keyword]: [A] }, A, 'none'),
      body(
        'response',
        `${keyword}: the wrapped schema changed too: both`,
        { type: 'string', maxLength: 5 },
        { [keyword]: [{ type: 'string', maxLength: 10 }, int] },
        [
          { id: `response-body-${id}-added`, level: 'breaking' },
          { id: 'response-body-max-length-increased', level: 'breaking', pointer: `${BODY_RES}/${keyword}/0/maxLength` },
        ],
      ),
      inRequest(`${keyword}: a property wrapped (info)`, date, { [keyword]: [date, int] }, [
        { id: `request-property-${id}-added`, level: 'info', pointer: `${REQ_V}/${keyword}/1`, message: ['request property `v` was wrapped in'] },
      ]),
      inResponse(`${keyword}: a property wrapped (breaking)`, date, { [keyword]: [date, int] }, [
        { id: `response-property-${id}-added`, level: 'breaking', pointer: `${RES_V}/${keyword}/1` },
      ]),
      body(
        'response',
        `3.1 ${keyword}: a null alternative beside a $ref: may now be null, nothing else`,
        A,
        { [keyword]: [A, { type: 'null' }] },
        [{ id: 'response-body-became-nullable', level: 'breaking', pointer: BODY_RES }],
        '3.1.0',
      ),
      body(
        'request',
        `3.1 ${keyword}: a null alternative beside a $ref (info)`,
        A,
        { [keyword]: [A, { type: 'null' }] },
        [{ id: 'request-body-became-nullable', level: 'info', pointer: BODY_REQ }],
        '3.1.0',
      ),
      body(
        'request',
        `3.1 ${keyword}: "or null" said by a null alternative instead of the type: no change`,
        { type: ['string', 'null'], format: 'date' },
        {
          [keyword]: [date, { type: 'null' }],
        },
        'none',
        '3.1.0',
      ),
    );
  }
  cases.push(
    body('response', 'anyOf: a $ref wrapped beside another object: that object added, once (breaking)', A, { anyOf: [A, B] }, [
      { id: 'response-body-any-of-added', level: 'breaking', message: ['with alternative B (object)'] },
    ]),
    // Under oneOf a value must match one alternative only: one that matches A may match B too, and is refused.
    body('request', 'oneOf: a $ref wrapped beside another object: a value may now match two (breaking)', A, { oneOf: [A, B] }, [
      { id: 'request-body-wrapped-in-one-of', level: 'breaking' },
    ]),
    body('response', '3.0: a $ref made nullable the way Stripe writes it: may now be null, nothing else', A, { anyOf: [A], nullable: true }, [
      { id: 'response-body-became-nullable', level: 'breaking', pointer: BODY_RES },
    ]),
  );
  runRuleCases(cases);
});

describe("a wrap that cannot be paired: the list's type is what its alternatives say together", () => {
  const C = { $ref: '#/components/schemas/C' };
  const more = { schemas: { ...components.schemas, C: { type: 'object', properties: { c: { type: 'string' } } } } };
  const unpaired = (side: 'request' | 'response', name: string, from: Doc, to: Doc, expect: RuleCase['expect'], only?: string[]): RuleCase => {
    const make = side === 'request' ? requestBody : responseBody;
    return { name: `${side} ${name}`, base: make(from, more), revision: make(to, more), expect, ...(only ? { only } : {}) };
  };
  const TYPE_IDS = ['request', 'response'].flatMap((side) =>
    ['generalized', 'specialized', 'changed', 'declared', 'undeclared'].map((change) => `${side}-body-type-${change}`),
  );
  const cases: RuleCase[] = [
    // Discord's invites: an object became anyOf three object components, none of them the old one. Every value is still an object.
    unpaired('response', 'an object into anyOf objects, none its own: no type change', A, { anyOf: [B, C] }, 'none', TYPE_IDS),
    unpaired('request', 'an object into anyOf objects, none its own: no type change', A, { anyOf: [B, C] }, 'none', TYPE_IDS),
    unpaired(
      'response',
      'a string into oneOf two strings that overlap: no type change',
      date,
      { oneOf: [{ type: 'string', maxLength: 5 }, date] },
      'none',
      TYPE_IDS,
    ),
    unpaired(
      'response',
      'a string into anyOf an enum of strings and an integer: string|integer, named',
      date,
      { anyOf: [{ enum: ['a', 'b'] }, int, { ...date, maxLength: 3 }] },
      [{ id: 'response-body-type-generalized', level: 'breaking', message: ['from string to integer|string'] }],
      TYPE_IDS,
    ),
    unpaired(
      'response',
      'an object into anyOf an object and an untyped schema: any type, as before',
      A,
      { anyOf: [B, { description: 'anything' }] },
      [{ id: 'response-body-type-generalized', message: ['to any'] }],
      TYPE_IDS,
    ),
    unpaired('response', 'unwrapped: anyOf objects into one object not among them, no type change', { anyOf: [B, C] }, A, 'none', TYPE_IDS),
  ];
  runRuleCases(cases);
});
