// Every member of an `allOf` applies to the value (JSON Schema), so a bound two members set is the tighter one: a
// change to the looser member's bound changes nothing, a change to the tighter one is judged from the effective value.
import { describe } from 'vitest';
import { type Doc, obj, type RuleCase, requestBody, responseBody, runRuleCases } from './harness.js';

/** A `name` property that is a `Name` component (at most 50 characters) narrowed by an inline member. */
const named = (inline: Doc, name: Doc = { type: 'string', maxLength: 50 }) => ({
  schemas: { Name: name, Pet: obj({ name: { allOf: [{ $ref: '#/components/schemas/Name' }, inline] } }) },
});
const PET = { $ref: '#/components/schemas/Pet' };
const INLINE = '/components/schemas/Pet/properties/name/allOf/1';
const req = (name: string, from: Doc, to: Doc, expect: RuleCase['expect']): RuleCase => ({
  name: `request: ${name}`,
  base: requestBody(PET, from),
  revision: requestBody(PET, to),
  expect,
});
const res = (name: string, from: Doc, to: Doc, expect: RuleCase['expect']): RuleCase => ({
  name: `response: ${name}`,
  base: responseBody(PET, from),
  revision: responseBody(PET, to),
  expect,
});
/** An integer `count` whose bounds two inline members write. */
const counted = (first: Doc, second: Doc) => ({ schemas: { Pet: obj({ count: { allOf: [{ type: 'integer', ...first }, second] } }) } });

describe('allOf: the tightest bound of its members', () => {
  const cases: RuleCase[] = [
    req('the tighter second member lowered: narrowed from the effective bound, where it is written', named({ maxLength: 20 }), named({ maxLength: 10 }), [
      { id: 'request-property-max-length-decreased', level: 'breaking', pointer: `${INLINE}/maxLength`, message: ['from 20 to 10'] },
    ]),
    res('the tighter second member lowered: the response narrowed, info', named({ maxLength: 20 }), named({ maxLength: 10 }), [
      { id: 'response-property-max-length-decreased', level: 'info', pointer: `${INLINE}/maxLength` },
    ]),
    req(
      'the looser first member lowered, still above the tighter: nothing',
      named({ maxLength: 20 }),
      named({ maxLength: 20 }, { type: 'string', maxLength: 30 }),
      'none',
    ),
    res(
      'the looser first member raised: nothing, the tighter still applies',
      named({ maxLength: 20 }),
      named({ maxLength: 20 }, { type: 'string', maxLength: 80 }),
      'none',
    ),
    req('the tighter member dropped: the looser one now applies, a request widened (info)', named({ maxLength: 20 }), named({}), [
      { id: 'request-property-max-length-increased', level: 'info', message: ['from 20 to 50'] },
    ]),
    res('the tighter member dropped: a response that may be longer (breaking)', named({ maxLength: 20 }), named({}), [
      { id: 'response-property-max-length-increased', level: 'breaking', message: ['from 20 to 50'] },
    ]),
    req('a tighter bound added in a second member: narrowed', named({}), named({ maxLength: 10 }), [
      { id: 'request-property-max-length-decreased', level: 'breaking', pointer: `${INLINE}/maxLength`, message: ['from 50 to 10'] },
    ]),
    req('minimum: the higher wins', counted({ minimum: 1 }, { minimum: 5 }), counted({ minimum: 1 }, { minimum: 8 }), [
      { id: 'request-property-min-increased', level: 'breaking', message: ['from 5 to 8'] },
    ]),
    res(
      'maximum: a looser member changed under the tighter one: nothing',
      counted({ maximum: 100 }, { maximum: 10 }),
      counted({ maximum: 50 }, { maximum: 10 }),
      'none',
    ),
    req(
      "3.0's exclusiveMaximum follows the bound it qualifies: an exclusive flag on the looser member says nothing",
      counted({ maximum: 10 }, { maximum: 20 }),
      counted({ maximum: 10 }, { maximum: 20, exclusiveMaximum: true }),
      'none',
    ),
    req(
      "3.0's exclusiveMaximum on the tighter member: the bound itself is no longer accepted",
      counted({ maximum: 20 }, { maximum: 10 }),
      counted({ maximum: 20 }, { maximum: 10, exclusiveMaximum: true }),
      [{ id: 'request-property-max-became-exclusive', level: 'breaking' }],
    ),
    // The types two members name are intersected like bounds: an integer is a number, so integer and number is integer.
    req('integer beside number, written integer beside integer: the integer it was', counted({}, { type: 'number' }), counted({}, { type: 'integer' }), 'none'),
    req(
      'number beside integer, written integer beside integer: the integer it was',
      counted({ type: 'number' }, { type: 'integer' }),
      counted({}, { type: 'integer' }),
      'none',
    ),
    req('integer beside number, written number beside number: widened', counted({}, { type: 'number' }), counted({ type: 'number' }, { type: 'number' }), [
      { id: 'request-property-type-generalized', level: 'info' },
    ]),
  ];
  runRuleCases(cases);
});
