// oneOf written as anyOf (or back): alternatives no value matches twice accept the same values either way, and
// overlapping ones widen (oneOf -> anyOf) or narrow (anyOf -> oneOf) what is valid, said once for the list.
import { describe } from 'vitest';
import { bodyCases, type Doc, type RuleCase, runRuleCases } from './harness.js';

const S = { type: 'string' };
const tagged = (kind: string, field: string): Doc => ({ type: 'object', required: ['kind'], properties: { kind: { const: kind }, [field]: S } });
const loose = (field: string): Doc => ({ type: 'object', properties: { kind: S, [field]: S } });
const schemas = {
  Cat: tagged('cat', 'meow'),
  Dog: tagged('dog', 'bark'),
  LooseCat: loose('meow'),
  LooseDog: loose('bark'),
  LooseFox: loose('yip'),
  LooseOwl: loose('hoot'),
};
const refs = (keyword: string, ...names: string[]): Doc => ({ [keyword]: names.map((n) => ({ $ref: `#/components/schemas/${n}` })) });
const v31 = bodyCases({ openapi: '3.1.0', components: { schemas } });
const v30 = bodyCases({ components: { schemas } });

/** Both directions of one swap: `from` under oneOf becoming anyOf, then the reverse. */
const swaps = (name: string, list: unknown[], cases = v31, extra: Doc = {}) => ({
  widened: (req: RuleCase['expect'], res: RuleCase['expect']) =>
    cases(`${name}: oneOf -> anyOf`, { oneOf: list, ...extra }, { anyOf: list, ...extra }, req, res),
  narrowed: (req: RuleCase['expect'], res: RuleCase['expect']) =>
    cases(`${name}: anyOf -> oneOf`, { anyOf: list, ...extra }, { oneOf: list, ...extra }, req, res),
});

const constOrNull = swaps('a const or null', [{ type: 'null' }, { const: 'a' }]);
const enums = swaps('enums with no value in common', [{ enum: ['a', 'b'] }, { enum: ['c'] }]);
const tags = swaps('objects whose required tag property has values apart', refs('x', 'Cat', 'Dog').x);
const discriminated = swaps('members selected by a discriminator value each', refs('x', 'LooseCat', 'LooseDog').x, v31, {
  discriminator: { propertyName: 'kind' },
});
const overlapping = swaps('objects some value matches both of', refs('x', 'LooseCat', 'LooseDog').x);
const numbers = swaps('an integer and a number', [{ type: 'integer' }, { type: 'number', minimum: 1 }]);
const bothNullable = swaps(
  'two types both nullable (3.0)',
  [
    { ...S, nullable: true },
    { type: 'integer', nullable: true },
  ],
  v30,
);
const oneNullable = swaps('two types one nullable (3.0)', [{ ...S, nullable: true }, { type: 'integer' }], v30);

const widened = (place: string) => [
  { id: `${place}-one-of-became-any-of`, message: ['oneOf became anyOf', 'LooseCat and LooseDog may both match', 'now valid'] },
];
const narrowed = (place: string) => [{ id: `${place}-any-of-became-one-of`, message: ['anyOf became oneOf', 'no longer valid'] }];

describe('oneOf traded for anyOf', () => {
  runRuleCases([
    // The lead of the round: the same set of values, which was reported as two oneOf alternatives removed.
    ...v31('a const or null, reordered', { oneOf: [{ type: 'null' }, { const: 'a' }] }, { anyOf: [{ const: 'a' }, { type: 'null' }] }, 'none', 'none'),
    ...constOrNull.narrowed('none', 'none'),
    ...enums.widened('none', 'none'),
    ...enums.narrowed('none', 'none'),
    ...tags.widened('none', 'none'),
    ...tags.narrowed('none', 'none'),
    ...discriminated.widened('none', 'none'),
    ...oneNullable.widened('none', 'none'),
    ...overlapping.widened(
      [{ ...widened('request-body')[0], level: 'info', pointer: '/paths/~1pets/post/requestBody/content/application~1json/schema/anyOf' }],
      [{ ...widened('response-body')[0], level: 'breaking' }],
    ),
    ...overlapping.narrowed([{ ...narrowed('request-body')[0], level: 'breaking' }], [{ ...narrowed('response-body')[0], level: 'info' }]),
    // 1 is an integer and a number: it matched both.
    ...numbers.widened([{ id: 'request-body-one-of-became-any-of', message: ['#0 and #1'] }], ['response-body-one-of-became-any-of']),
    // null matches both: bare types, so the list of types says which one moved.
    ...bothNullable.narrowed(
      [{ id: 'request-body-list-of-types-narrowed', level: 'breaking', message: ['no longer allows null (now integer, string)'] }],
      [{ id: 'response-body-list-of-types-narrowed', level: 'info', message: ['no longer allows null'] }],
    ),
    ...bothNullable.widened(
      [{ id: 'request-body-list-of-types-widened', level: 'info', message: ['now also allows null (was integer, string)'] }],
      [{ id: 'response-body-list-of-types-widened', level: 'breaking', message: ['now also allows null'] }],
    ),
    ...v31(
      'a property of overlapping alternatives',
      { type: 'object', properties: { pet: refs('oneOf', 'LooseCat', 'LooseDog') } },
      { type: 'object', properties: { pet: refs('anyOf', 'LooseCat', 'LooseDog') } },
      [{ id: 'request-property-one-of-became-any-of', pointer: '/paths/~1pets/post/requestBody/content/application~1json/schema/properties/pet/anyOf' }],
      ['response-property-one-of-became-any-of'],
    ),
    // "X or null" around the other version's whole list is no trade of members: the list is not paired member by member
    // with [X, null] (which compared A with the list and B with null: "type changed to any", "may now be null" on a member).
    ...v31(
      'a list wrapped as one alternative beside null (OpenAI)',
      {
        oneOf: [
          { ...S, enum: ['auto'] },
          { type: 'object', properties: { t: S } },
        ],
      },
      {
        anyOf: [
          {
            oneOf: [
              { ...S, enum: ['auto'] },
              { type: 'object', properties: { t: S } },
            ],
          },
          { type: 'null' },
        ],
      },
      ['request-body-became-nullable'],
      ['response-body-became-nullable'],
    ).map((c) => ({
      ...c,
      only: [
        `${c.name.split(':')[0]}-body-became-nullable`,
        ...['one-of-became-any-of', 'type-generalized', 'type-changed'].map((x) => `${c.name.split(':')[0]}-body-${x}`),
      ],
    })),
    // The alternatives are paired across the two lists: what changed inside one is reported, at the revision's place.
    ...v31(
      'a member tightened while the list is swapped',
      { oneOf: [{ ...S, maxLength: 5 }, { type: 'integer' }] },
      { anyOf: [{ ...S, maxLength: 3 }, { type: 'integer' }] },
      [{ id: 'request-body-max-length-decreased', pointer: '/paths/~1pets/post/requestBody/content/application~1json/schema/anyOf/0/maxLength' }],
      ['response-body-max-length-decreased'],
    ),
    // Two unrelated lists: no alternative is kept, so no value is judged by both keywords. What changed is said by the
    // alternatives removed and added; "LooseFox and LooseOwl may both match ... now valid" would name two the base never had.
    ...v31(
      'one list traded for an unrelated one',
      refs('oneOf', 'LooseCat', 'LooseDog'),
      refs('anyOf', 'LooseFox', 'LooseOwl'),
      ['request-body-one-of-removed', 'request-body-one-of-removed', 'request-body-any-of-added', 'request-body-any-of-added'],
      ['response-body-one-of-removed', 'response-body-one-of-removed', 'response-body-any-of-added', 'response-body-any-of-added'],
    ),
    ...v31(
      'one list traded for an unrelated one, the other way',
      refs('anyOf', 'LooseCat', 'LooseDog'),
      refs('oneOf', 'LooseFox', 'LooseOwl'),
      ['request-body-any-of-removed', 'request-body-any-of-removed', 'request-body-one-of-added', 'request-body-one-of-added'],
      ['response-body-any-of-removed', 'response-body-any-of-removed', 'response-body-one-of-added', 'response-body-one-of-added'],
    ),
    // A member added is one of the revision's list; it overlaps an old one, so the swap narrows as well.
    ...v31(
      'a member added while the list is swapped',
      refs('anyOf', 'Cat', 'Dog'),
      refs('oneOf', 'Cat', 'Dog', 'LooseCat'),
      [
        { id: 'request-body-one-of-added', level: 'info', message: ['oneOf alternative LooseCat was added'] },
        { id: 'request-body-any-of-became-one-of', message: ['Cat and LooseCat'] },
      ],
      ['response-body-one-of-added', 'response-body-any-of-became-one-of'],
    ),
  ]);
});
