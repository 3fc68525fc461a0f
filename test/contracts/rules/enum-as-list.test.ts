// An enum rewritten as a oneOf/anyOf of consts (and back) admits what it admitted: judged by the values, not as
// alternatives added beside an enum removed.
import { describe } from 'vitest';
import { inRequest, inResponse, REQ_V, RES_V, type RuleCase, runRuleCases, withParameter } from './harness.js';

const v31 = (s: Record<string, unknown>) => s;
const AB = { type: 'string', enum: ['a', 'b'] };
const consts = (keyword: string, ...values: unknown[]) => ({ type: 'string', [keyword]: values.map((v) => ({ const: v, title: `the ${v}` })) });

/** The same change on both sides, each side's expectation apart; documents in 3.1, where `const` is a keyword. */
const both = (name: string, from: Record<string, unknown>, to: Record<string, unknown>, req: RuleCase['expect'], res: RuleCase['expect']): RuleCase[] =>
  [inRequest(name, v31(from), v31(to), req), inResponse(name, v31(from), v31(to), res)].map((c) => ({
    ...c,
    base: { ...c.base, openapi: '3.1.0' },
    revision: { ...c.revision, openapi: '3.1.0' },
  }));

describe('an enum written as a list of consts', () => {
  runRuleCases([
    ...both('enum -> anyOf of the same consts', AB, consts('anyOf', 'a', 'b'), 'none', 'none'),
    ...both('anyOf of consts -> the same enum', consts('anyOf', 'a', 'b'), AB, 'none', 'none'),
    ...both('enum -> oneOf of the same consts, reordered', AB, consts('oneOf', 'b', 'a'), 'none', 'none'),
    ...both('oneOf of consts -> anyOf of enums with the same values', consts('oneOf', 'a', 'b'), { anyOf: [{ enum: ['a'] }, { enum: ['b'] }] }, 'none', 'none'),
    ...both(
      'enum -> anyOf of consts with one value more',
      AB,
      consts('anyOf', 'a', 'b', 'c'),
      [{ id: 'request-property-enum-value-added', level: 'info', pointer: `${REQ_V}/anyOf`, message: ['"c" was added'] }],
      [{ id: 'response-property-enum-value-added', level: 'breaking', pointer: `${RES_V}/anyOf`, message: ['"c" was added'] }],
    ),
    ...both(
      'anyOf of consts -> enum with one value fewer',
      consts('anyOf', 'a', 'b', 'c'),
      AB,
      [{ id: 'request-property-enum-value-removed', level: 'breaking', message: ['"c" was removed'] }],
      [{ id: 'response-property-enum-value-removed', level: 'info', message: ['"c" was removed'] }],
    ),
    ...both(
      'a const -> oneOf of it and another',
      { type: 'string', const: 'a' },
      consts('oneOf', 'a', 'b'),
      [{ id: 'request-property-enum-value-added', level: 'info', message: ['"b" was added'] }],
      [{ id: 'response-property-enum-value-added', level: 'breaking', message: ['"b" was added'] }],
    ),
    // Any string limited to a list of consts: a request that sent another string is refused, as for an enum introduced.
    ...both(
      'any string -> anyOf of consts',
      { type: 'string' },
      consts('anyOf', 'a', 'b'),
      [{ id: 'request-property-became-enum', level: 'breaking', message: ['now only accepts "a", "b"'] }],
      'none',
    ),
    ...both(
      'oneOf of consts -> any string',
      consts('oneOf', 'a', 'b'),
      { type: 'string' },
      [{ id: 'request-property-enum-removed', level: 'info' }],
      [{ id: 'response-property-enum-removed', level: 'breaking', message: ['no longer limited to "a", "b"'] }],
    ),
    // Two lists of values that differ keep their alternatives as written: each titled group is one alternative.
    ...both(
      'oneOf of titled consts gains one',
      consts('oneOf', 'a', 'b'),
      consts('oneOf', 'a', 'b', 'c'),
      [{ id: 'request-property-one-of-added', level: 'info' }],
      [{ id: 'response-property-one-of-added', level: 'breaking' }],
    ),
    // A query parameter is a value a client sends as well: limited to the list's values, its other values are refused.
    {
      name: 'query parameter: any string -> oneOf of consts',
      base: { ...withParameter({ name: 'kind', in: 'query', schema: { type: 'string' } }), openapi: '3.1.0' },
      revision: { ...withParameter({ name: 'kind', in: 'query', schema: consts('oneOf', 'a', 'b') }), openapi: '3.1.0' },
      expect: [{ id: 'request-parameter-became-enum', level: 'breaking', message: ['now only accepts "a", "b"'] }],
    },
    // An alternative whose own type refuses its value admits nothing: the list admits "a" alone, as the enum did.
    ...both('a const its type refuses', { type: 'string', enum: ['a'] }, { anyOf: [{ const: 'a' }, { type: 'integer', const: 'b' }] }, 'none', 'none'),
    // oneOf refuses a value two alternatives match: not a list of values, so its alternatives are judged as written.
    ...both(
      'oneOf listing a value twice',
      AB,
      { oneOf: [{ enum: ['a', 'b'] }, { const: 'b' }] },
      ['request-property-one-of-added', 'request-property-one-of-added', 'request-property-enum-removed'],
      ['response-property-one-of-added', 'response-property-one-of-added', 'response-property-enum-removed'],
    ),
  ]);
});
