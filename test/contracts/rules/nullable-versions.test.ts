// `nullable` is OpenAPI 3.0's word. 2.0 says it as the `x-nullable` extension, and 3.1 (JSON Schema 2020-12) has no
// such keyword: null is valid there only when `type` lists it. Each version is judged by what its own spec reads.
import { describe, expect, it } from 'vitest';
import { diffContracts, parseContract } from '../../../contracts/index.js';
import { type Doc, obj, REQ_V, RES_V, type RuleCase, requestBody, responseBody, runRuleCases } from './harness.js';

const as = (version: string, doc: Doc): Doc => ({ ...doc, openapi: version });
const inRequest = (name: string, from: [string, Doc], to: [string, Doc], expect: RuleCase['expect']): RuleCase => ({
  name: `request: ${name}`,
  base: as(from[0], requestBody(obj({ v: from[1] }))),
  revision: as(to[0], requestBody(obj({ v: to[1] }))),
  expect,
});
const inResponse = (name: string, from: [string, Doc], to: [string, Doc], expect: RuleCase['expect']): RuleCase => ({
  name: `response: ${name}`,
  base: as(from[0], responseBody(obj({ v: from[1] }))),
  revision: as(to[0], responseBody(obj({ v: to[1] }))),
  expect,
});
const str = { type: 'string' };
const nullable = { type: 'string', nullable: true };
const orNull = { type: ['string', 'null'] };

describe('nullable in 3.0 and 3.1', () => {
  const cases: RuleCase[] = [
    inResponse(
      '3.0: nullable added, null may now be returned (breaking)',
      ['3.0.3', str],
      ['3.0.3', nullable],
      [{ id: 'response-property-became-nullable', level: 'breaking', pointer: RES_V }],
    ),
    inRequest(
      '3.0: nullable removed, null no longer accepted (breaking)',
      ['3.0.3', nullable],
      ['3.0.3', str],
      [{ id: 'request-property-became-not-nullable', level: 'breaking', pointer: REQ_V }],
    ),
    inResponse(
      '3.1: nullable added changes nothing; an info says it is no keyword there',
      ['3.1.0', str],
      ['3.1.0', nullable],
      [{ id: 'schema-nullable-ignored', level: 'info', pointer: `${RES_V}/nullable`, message: ['no keyword of OpenAPI 3.1', '"null"'] }],
    ),
    inRequest('3.1: nullable removed: it never applied, nothing', ['3.1.0', nullable], ['3.1.0', str], 'none'),
    inResponse(
      '3.1: "null" added to type: null may now be returned (breaking)',
      ['3.1.0', str],
      ['3.1.0', orNull],
      [{ id: 'response-property-became-nullable', level: 'breaking', pointer: RES_V }],
    ),
    inResponse(
      '3.1: nullable beside a type that lists null already: null was and is valid, only the info',
      ['3.1.0', orNull],
      ['3.1.0', { ...orNull, nullable: true }],
      ['schema-nullable-ignored'],
    ),
    inRequest('3.0 to 3.1, nullable rewritten as a type listing null: nothing', ['3.0.3', nullable], ['3.1.0', orNull], 'none'),
    inRequest(
      '3.0 to 3.1, nullable kept as written: null no longer accepted, and the message says why',
      ['3.0.3', nullable],
      ['3.1.0', nullable],
      [
        {
          id: 'request-property-became-not-nullable',
          level: 'breaking',
          message: ['may no longer be null', 'no keyword of OpenAPI 3.1', 'type: [..., "null"]'],
        },
      ],
    ),
    inResponse('3.1 to 3.0, a type listing null rewritten as nullable: nothing', ['3.1.0', orNull], ['3.0.3', nullable], 'none'),
    inRequest(
      '3.0: a nullable alternative of a list of types made not nullable: null is no longer accepted',
      ['3.0.3', { oneOf: [nullable, { type: 'integer' }] }],
      ['3.0.3', { oneOf: [str, { type: 'integer' }] }],
      [{ id: 'request-property-list-of-types-narrowed', level: 'breaking', message: ['null'] }],
    ),
    inRequest(
      '3.1: the same alternative says nullable, which 3.1 does not read: nothing',
      ['3.1.0', { oneOf: [nullable, { type: 'integer' }] }],
      ['3.1.0', { oneOf: [str, { type: 'integer' }] }],
      'none',
    ),
    // 3.0.3 (a clarification of every 3.0.x): `nullable` adds null to the `type` written beside it, and does nothing
    // where none is; a schema without `type` admits null already, unless another keyword (an enum) vetoes it.
    inRequest('3.0: nullable without type removed: null was and is valid, nothing', ['3.0.3', { nullable: true }], ['3.0.3', {}], 'none'),
    inResponse(
      '3.0: nullable without type added: nothing',
      ['3.0.3', { description: 'any value' }],
      ['3.0.3', { description: 'any value', nullable: true }],
      'none',
    ),
    inResponse(
      '3.0: an untyped value given a nullable type: the response narrowed, only the type change (info)',
      ['3.0.3', {}],
      ['3.0.3', nullable],
      [{ id: 'response-property-type-specialized', level: 'info', pointer: RES_V }],
    ),
    inRequest(
      '3.0: an untyped value given a type: the type change says null (and the rest) is rejected',
      ['3.0.3', { nullable: true }],
      ['3.0.3', str],
      [{ id: 'request-property-type-changed', level: 'breaking', pointer: REQ_V }],
    ),
    // Beside an enum or alternatives and no type, 3.0.3 would have `nullable` do nothing; we read it as 3.0.0 wrote it,
    // "allows sending a null value", as the documents that write it mean (schema/admits-null.ts says why).
    inRequest(
      '3.0: nullable beside an enum and no type, removed: read as admitting null, so null is no longer accepted',
      ['3.0.3', { nullable: true, enum: ['a'] }],
      ['3.0.3', { enum: ['a'] }],
      [{ id: 'request-property-became-not-nullable', level: 'breaking', pointer: REQ_V }],
    ),
    inRequest(
      '3.0: an untyped enum that listed null no longer does: null is rejected',
      ['3.0.3', { enum: ['a', null] }],
      ['3.0.3', { enum: ['a'] }],
      [{ id: 'request-property-became-not-nullable', level: 'breaking', pointer: REQ_V }],
    ),
    inRequest(
      '3.0: nullable beside a list of types and no type, removed: null is no longer accepted',
      ['3.0.3', { oneOf: [str, { type: 'integer' }], nullable: true }],
      ['3.0.3', { oneOf: [str, { type: 'integer' }] }],
      [{ id: 'request-property-list-of-types-narrowed', level: 'breaking', message: ['null'] }],
    ),
  ];
  runRuleCases(cases);
});

/** A 2.0 document whose `GET /pets` returns `{ v }`, `v` written as `field`. */
const swagger2 = (field: Doc) =>
  JSON.stringify({
    swagger: '2.0',
    info: { title: 'pets', version: '1' },
    paths: { '/pets': { get: { produces: ['application/json'], responses: { '200': { description: 'ok', schema: obj({ v: field }) } } } } },
  });
const ids2 = async (from: Doc, to: Doc) => {
  const diff = diffContracts(await parseContract(swagger2(from), 'base.json'), await parseContract(swagger2(to), 'revision.json'));
  return diff.changes.map((c) => `${c.id} ${c.level}`);
};

describe('nullable in 2.0', () => {
  it('x-nullable added: null may now be returned (breaking), as 3.0 reads it', async () => {
    expect(await ids2(str, { ...str, 'x-nullable': true })).toEqual(['response-property-became-nullable breaking']);
  });
  it('a bare nullable added: no keyword of 2.0, nothing', async () => {
    expect(await ids2(str, nullable)).toEqual([]);
  });
  it('a bare nullable beside x-nullable: the extension decides', async () => {
    expect(await ids2({ ...str, 'x-nullable': true, nullable: false }, { ...str, 'x-nullable': true })).toEqual([]);
    expect(await ids2({ ...str, 'x-nullable': true }, { ...str, 'x-nullable': false, nullable: true })).toEqual(['response-property-became-not-nullable info']);
  });
  it('a property named like a data keyword (default) is a schema: a bare nullable in it is still no keyword', async () => {
    expect(await ids2(obj({ default: str }), obj({ default: nullable }))).toEqual([]);
  });
  it('a property named nullable is a property, not the keyword', async () => {
    expect(await ids2(obj({ nullable: str }), obj({ nullable: { type: 'integer' } }))).toEqual(['response-property-type-changed breaking']);
  });
});

/** The nullability findings of a request (or response) body property `v` changed from `from` to `to`. */
const nullability = async (version: string, from: Doc, to: Doc, body = requestBody) => {
  const PET = { type: 'object', properties: { name: { type: 'string' } } };
  const doc = (v: Doc) => JSON.stringify(as(version, body(obj({ v }), { schemas: { Pet: PET } })));
  const diff = diffContracts(await parseContract(doc(from), 'base.json'), await parseContract(doc(to), 'revision.json'));
  return diff.changes.filter((c) => c.id.includes('nullable')).map((c) => `${c.id} ${c.level}`);
};
const nullability31 = (from: Doc, to: Doc) => nullability('3.1.0', from, to);

describe('null through alternatives (a schema with no type of its own)', () => {
  const int = { type: 'integer', minimum: 0 };
  it('a type listing null rewritten as alternatives with a null one: null is still valid, no nullability finding', async () => {
    expect(await nullability31({ type: ['integer', 'null'] }, { oneOf: [{ type: 'null' }, int] })).toEqual([]);
  });
  it('rewritten as alternatives none of which admits null: null is no longer accepted', async () => {
    expect(await nullability31({ type: ['integer', 'null'] }, { oneOf: [int, { type: 'string', minLength: 1 }] })).toEqual([
      'request-property-became-not-nullable breaking',
    ]);
  });
  it('an alternative that is an allOf admits null only if each of its parts does', async () => {
    const pet = { allOf: [{ $ref: '#/components/schemas/Pet' }] };
    expect(await nullability31({ type: ['integer', 'null'] }, { oneOf: [int, pet] })).toEqual(['request-property-became-not-nullable breaking']);
    expect(await nullability31({ type: ['integer', 'null'] }, { oneOf: [int, { allOf: [{ description: 'anything' }] }] })).toEqual([]);
  });
  it('an alternative that constrains nothing admits null too', async () => {
    expect(await nullability31({ type: ['integer', 'null'] }, { anyOf: [int, { description: 'anything' }] })).toEqual([]);
  });
});

describe("3.0's nullable beside alternatives and no type", () => {
  const PET = { $ref: '#/components/schemas/Pet' };
  it('a reference made nullable the way Stripe writes it (anyOf: [$ref], nullable: true): null may now be returned', async () => {
    expect(await nullability('3.0.3', PET, { anyOf: [PET], nullable: true }, responseBody)).toEqual(['response-property-became-nullable breaking']);
  });
  it('the same without nullable: the alternative decides, and it rejects null: no change of nullability', async () => {
    expect(await nullability('3.0.3', PET, { anyOf: [PET] }, responseBody)).toEqual([]);
  });
});
