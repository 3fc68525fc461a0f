// readOnly, writeOnly and deprecated written through composition: beside an `allOf`, in one of its members, in the
// component an `allOf` names, beside a 3.1 `$ref`, and in `oneOf`/`anyOf` alternatives. Each is judged as the flag
// written on the property itself, in 3.0, 3.1 and (readOnly only) 2.0, in both directions.
import { describe, expect, it } from 'vitest';
import { diffContracts, parseContract } from '../../../contracts/index.js';
import { type Doc, json, obj, ok, type RuleCase, runRuleCases } from './harness.js';

type Flag = 'readOnly' | 'writeOnly';
const str = { type: 'string' };
const OWNER = { $ref: '#/components/schemas/Owner' };
const SCHEMAS = { Owner: obj({ name: str }), ReadOnlyOwner: obj({ name: str }, undefined, { readOnly: true }), Null: { type: 'null' } };

/** `POST /pets` sending a Pet and `GET /pets` returning one; the Pet's `owner` written as `owner`. */
const both = (version: string, owner: Doc, required: string[] = ['name', 'owner']): Doc => ({
  openapi: version,
  info: { title: 'pets', version: '1.0.0' },
  paths: {
    '/pets': {
      post: { requestBody: { content: json({ $ref: '#/components/schemas/Pet' }) }, responses: ok() },
      get: { responses: ok(json({ $ref: '#/components/schemas/Pet' })) },
    },
  },
  components: { schemas: { ...SCHEMAS, Pet: obj({ name: str, owner }, required) } },
});

/** The ways an author says "this property is `flag`" without writing it beside a 3.0 `$ref`. */
const FORMS: [name: string, versions: string[], write: (flag: string) => Doc][] = [
  ['beside an allOf', ['3.0.3', '3.1.0'], (flag) => ({ allOf: [OWNER], [flag]: true })],
  ['in an allOf member', ['3.0.3', '3.1.0'], (flag) => ({ allOf: [OWNER, { [flag]: true }] })],
  ['in a nested allOf member', ['3.0.3', '3.1.0'], (flag) => ({ allOf: [{ allOf: [OWNER, { [flag]: true }] }] })],
  ['beside a 3.1 $ref', ['3.1.0'], (flag) => ({ ...OWNER, [flag]: true })],
  [
    'in every oneOf alternative',
    ['3.0.3', '3.1.0'],
    (flag) => ({
      oneOf: [
        { allOf: [OWNER], [flag]: true },
        { type: 'string', [flag]: true },
      ],
    }),
  ],
  ['in the alternative that is not null', ['3.1.0'], (flag) => ({ anyOf: [{ ...OWNER, [flag]: true }, { type: 'null' }] })],
  ['in the alternative beside a $ref to a null schema', ['3.1.0'], (flag) => ({ oneOf: [{ $ref: '#/components/schemas/Null' }, { ...OWNER, [flag]: true }] })],
];

const word = (flag: Flag) => (flag === 'readOnly' ? 'read-only' : 'write-only');
/** What a reviewer says of each direction when the flag is set on a required (or optional) property. */
const LEVEL_SET = {
  readOnly: { request: { required: 'breaking', optional: 'warning' }, response: { required: 'info', optional: 'info' } },
  writeOnly: { request: { required: 'info', optional: 'info' }, response: { required: 'breaking', optional: 'warning' } },
} as const;

describe('a flag set or unset through composition is the flag on the property', () => {
  const cases: RuleCase[] = [];
  for (const [form, versions, write] of FORMS)
    for (const version of versions)
      for (const flag of ['readOnly', 'writeOnly'] as const)
        for (const req of ['required', 'optional'] as const) {
          const required = req === 'required' ? ['name', 'owner'] : ['name'];
          const ids = (prefix: string) => (['request', 'response'] as const).map((d) => `${d}-${req}-property-became-${prefix}${word(flag)}`);
          cases.push({
            name: `${version} ${flag} ${form}, ${req}: set`,
            base: both(version, OWNER, required),
            revision: both(version, write(flag), required),
            expect: ids('').map((id, i) => ({ id, level: LEVEL_SET[flag][i === 0 ? 'request' : 'response'][req] })),
            only: ids(''),
          });
          cases.push({
            name: `${version} ${flag} ${form}, ${req}: unset`,
            base: both(version, write(flag), required),
            revision: both(version, OWNER, required),
            expect: ids('not-'),
            only: ids('not-'),
          });
        }
  runRuleCases(cases);
});

describe('what a composed flag hides from a direction', () => {
  const member = (flag: Flag) => ({ allOf: [OWNER, { [flag]: true }] });
  const cases: RuleCase[] = [
    {
      name: 'a writeOnly-through-allOf property removed from a response was never returned: info, not a removal',
      base: both('3.0.3', member('writeOnly'), ['name']),
      revision: { ...both('3.0.3', str, ['name']), components: { schemas: { ...SCHEMAS, Pet: obj({ name: str }, ['name']) } } },
      expect: ['response-optional-write-only-property-removed', 'request-property-removed'],
    },
    {
      name: 'a readOnly-through-allOf property that becomes required is required of responses only',
      base: both('3.0.3', member('readOnly'), ['name']),
      revision: both('3.0.3', member('readOnly'), ['name', 'owner']),
      expect: [{ id: 'response-property-became-required', level: 'info' }],
    },
    {
      name: 'a component that is readOnly as a whole, named by an allOf: not part of a request',
      base: both('3.0.3', { allOf: [OWNER] }, ['name']),
      revision: both('3.0.3', { allOf: [{ $ref: '#/components/schemas/ReadOnlyOwner' }] }, ['name']),
      expect: [{ id: 'request-optional-property-became-read-only', level: 'warning' }, 'response-optional-property-became-read-only'],
    },
    {
      name: 'readOnly in only one oneOf alternative: the other can still be sent, so the property stays in the request',
      base: both('3.0.3', OWNER),
      revision: both('3.0.3', { oneOf: [{ allOf: [OWNER], readOnly: true }, str] }),
      expect: 'none',
      only: ['request-required-property-became-read-only', 'response-required-property-became-read-only', 'request-property-removed'],
    },
    {
      name: 'writeOnly in only one anyOf alternative: the other is still returned, no removal',
      base: both('3.1.0', OWNER),
      revision: both('3.1.0', { anyOf: [{ ...OWNER, writeOnly: true }, str] }),
      expect: 'none',
      only: ['response-required-property-became-write-only', 'response-required-property-removed', 'response-required-write-only-property-removed'],
    },
    {
      name: 'deprecated in an allOf member: the property was deprecated, in both directions',
      base: both('3.0.3', OWNER),
      revision: both('3.0.3', { allOf: [OWNER, { deprecated: true }] }),
      expect: [
        { id: 'request-property-deprecated', level: 'info' },
        { id: 'response-property-deprecated', level: 'info' },
      ],
      only: ['request-property-deprecated', 'response-property-deprecated'],
    },
    {
      name: 'deprecated beside an allOf taken away: reactivated',
      base: both('3.1.0', { allOf: [OWNER], deprecated: true }),
      revision: both('3.1.0', OWNER),
      expect: ['request-property-reactivated', 'response-property-reactivated'],
      only: ['request-property-reactivated', 'response-property-reactivated'],
    },
  ];
  runRuleCases(cases);
});

/** A 2.0 document posting and returning a Pet whose `owner` is written as `owner`. */
const swagger2 = (owner: Doc) =>
  JSON.stringify({
    swagger: '2.0',
    info: { title: 'pets', version: '1' },
    consumes: ['application/json'],
    produces: ['application/json'],
    paths: {
      '/pets': {
        post: { parameters: [{ in: 'body', name: 'pet', required: true, schema: { $ref: '#/definitions/Pet' } }], responses: { '201': { description: 'ok' } } },
        get: { responses: { '200': { description: 'ok', schema: { $ref: '#/definitions/Pet' } } } },
      },
    },
    definitions: { Owner: obj({ name: str }), Pet: obj({ name: str, owner }, ['name', 'owner']) },
  });
const ids2 = async (from: Doc, to: Doc) => {
  const diff = diffContracts(await parseContract(swagger2(from), 'base.json'), await parseContract(swagger2(to), 'revision.json'));
  // The `allOf` itself is a change of its own (`...-became-all-of`): only the visibility findings are the point here.
  return diff.changes
    .filter((c) => /read-only/.test(c.id))
    .map((c) => `${c.id} ${c.level}`)
    .sort();
};
const OWNER2 = { $ref: '#/definitions/Owner' };

describe('readOnly through allOf in 2.0 (2.0 has no writeOnly)', () => {
  it.each([
    ['beside an allOf', { allOf: [OWNER2], readOnly: true }],
    ['in an allOf member', { allOf: [OWNER2, { readOnly: true }] }],
  ])('%s: set breaks the request, unset too', async (_form, flagged) => {
    expect(await ids2(OWNER2, flagged)).toEqual(['request-required-property-became-read-only breaking', 'response-required-property-became-read-only info']);
    expect(await ids2(flagged, OWNER2)).toEqual([
      'request-required-property-became-not-read-only breaking',
      'response-required-property-became-not-read-only info',
    ]);
  });
});
