// Composition rules on base/revision pairs: oneOf, anyOf, allOf and the discriminator.
import { describe } from 'vitest';
import { type Doc, obj, type RuleCase, requestBody, responseBody, runRuleCases } from './harness.js';

const str = { type: 'string' };
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const schemas = { Dog: obj({ bark: str }), Cat: obj({ meow: str }), Meowing: obj({ meow: str }, ['meow']), Fox: obj({ yip: str }) };
const req = (name: string, from: Doc, to: Doc, expect: RuleCase['expect'], only?: string[]): RuleCase => ({
  name: `request: ${name}`,
  base: requestBody(from, { schemas }),
  revision: requestBody(to, { schemas }),
  expect,
  ...(only ? { only } : {}),
});
const res = (name: string, from: Doc, to: Doc, expect: RuleCase['expect'], only?: string[]): RuleCase => ({
  name: `response: ${name}`,
  base: responseBody(from, { schemas }),
  revision: responseBody(to, { schemas }),
  expect,
  ...(only ? { only } : {}),
});
const REQ = '/paths/~1pets/post/requestBody/content/application~1json/schema';

describe('oneOf / anyOf alternatives', () => {
  const cases: RuleCase[] = [
    req('an alternative removed breaks', { oneOf: [ref('Dog'), ref('Cat')] }, { oneOf: [ref('Dog')] }, [
      { id: 'request-body-one-of-removed', level: 'breaking', pointer: `${REQ}/oneOf/1`, message: ['Cat'] },
    ]),
    req('an alternative added is info', { oneOf: [ref('Dog')] }, { oneOf: [ref('Dog'), ref('Cat')] }, [{ id: 'request-body-one-of-added', level: 'info' }]),
    res('an alternative added breaks readers', { oneOf: [ref('Dog')] }, { oneOf: [ref('Dog'), ref('Cat')] }, [
      { id: 'response-body-one-of-added', level: 'breaking', message: ['Cat'] },
    ]),
    res('an anyOf alternative removed is info', { anyOf: [ref('Dog'), ref('Cat')] }, { anyOf: [ref('Cat')] }, [
      { id: 'response-body-any-of-removed', level: 'info' },
    ]),
    req('alternatives reordered: no change', { oneOf: [ref('Dog'), ref('Cat')] }, { oneOf: [ref('Cat'), ref('Dog')] }, 'none'),
    req('inline alternatives reordered: no change', { anyOf: [obj({ a: str }), obj({ b: str })] }, { anyOf: [obj({ b: str }), obj({ a: str })] }, 'none'),
    req(
      'an inline alternative moved into components and referenced: no change',
      { anyOf: [ref('Dog'), obj({ meow: str })] },
      { anyOf: [ref('Dog'), ref('Cat')] },
      'none',
    ),
    {
      name: 'request: a property inside an alternative became required',
      base: requestBody({ oneOf: [ref('Dog')] }, { schemas }),
      revision: requestBody({ oneOf: [ref('Dog')] }, { schemas: { ...schemas, Dog: obj({ bark: str }, ['bark']) } }),
      expect: [{ id: 'request-property-became-required', pointer: '/components/schemas/Dog/properties/bark', message: ['`bark`'] }],
    },
  ];
  runRuleCases(cases);
});

describe('allOf parts', () => {
  const cases: RuleCase[] = [
    req(
      'a part that requires a property is one more constraint: breaking',
      { allOf: [ref('Dog')] },
      { allOf: [ref('Dog'), ref('Meowing')] },
      [{ id: 'request-body-all-of-added', level: 'breaking', message: ['Meowing'] }],
      ['request-body-all-of-added', 'request-body-all-of-added-optional-only'],
    ),
    req('a part that only declares a new optional property is judged as that property: info', { allOf: [ref('Dog')] }, { allOf: [ref('Dog'), ref('Cat')] }, [
      { id: 'request-body-all-of-added-optional-only', level: 'info', message: ['Cat'] },
      { id: 'new-optional-request-property', level: 'info', message: ['`meow`'] },
    ]),
    req(
      'a part that restates a property in the same words adds nothing: info',
      { allOf: [ref('Dog'), ref('Cat')] },
      { allOf: [ref('Dog'), ref('Cat'), obj({ meow: str })] },
      [{ id: 'request-body-all-of-added-optional-only', level: 'info' }],
    ),
    req(
      'a part that restates a property otherwise constrains it: breaking',
      { allOf: [ref('Dog')] },
      { allOf: [ref('Dog'), obj({ bark: { type: 'string', maxLength: 3 } })] },
      [{ id: 'request-body-all-of-added', level: 'breaking' }],
      ['request-body-all-of-added', 'request-body-all-of-added-optional-only'],
    ),
    req(
      'a part of type object beside a nullable (3.0) body refuses null: breaking',
      { type: 'object', nullable: true, allOf: [ref('Dog')] },
      { type: 'object', nullable: true, allOf: [ref('Dog'), ref('Cat')] },
      [{ id: 'request-body-all-of-added', level: 'breaking' }],
      ['request-body-all-of-added', 'request-body-all-of-added-optional-only'],
    ),
    req(
      'a part removed: warning',
      { allOf: [ref('Dog'), ref('Cat')] },
      { allOf: [ref('Dog')] },
      [{ id: 'request-body-all-of-removed', level: 'warning' }],
      ['request-body-all-of-removed'],
    ),
    req(
      "3.0: a part that only says nullable loosens: the body's nullability, and no constraint added",
      { allOf: [ref('Dog')] },
      { allOf: [ref('Dog'), { nullable: true }] },
      [
        { id: 'request-body-became-nullable', level: 'info' },
        { id: 'request-body-all-of-added-annotation-only', level: 'info' },
      ],
    ),
    req('a part with only annotations added: info', obj({ a: str }), { ...obj({ a: str }), allOf: [{ description: 'documentation only' }] }, [
      { id: 'request-body-all-of-added-annotation-only', level: 'info' },
    ]),
    res(
      'a part added to a response is info',
      { allOf: [ref('Dog')] },
      { allOf: [ref('Dog'), ref('Fox')] },
      [{ id: 'response-body-all-of-added', level: 'info' }],
      ['response-body-all-of-added'],
    ),
    {
      name: 'request: a part renamed in place: no allOf finding (the merged schema is what is compared)',
      base: requestBody({ allOf: [ref('Dog')] }, { schemas }),
      revision: requestBody({ allOf: [ref('Hound')] }, { schemas: { ...schemas, Hound: schemas.Dog } }),
      expect: 'none',
    },
  ];
  runRuleCases(cases);
});

describe('wrapped in oneOf', () => {
  const cases: RuleCase[] = [
    res(
      'an object turned into oneOf alternatives breaks once, instead of every property removed',
      obj({ a: str, b: str }, ['a']),
      { oneOf: [obj({ a: str }, ['a']), obj({ b: str }, ['b'])] },
      [{ id: 'response-body-wrapped-in-one-of', level: 'breaking' }],
    ),
  ];
  runRuleCases(cases);
});

describe('discriminator', () => {
  const disc = (discriminator?: Doc): Doc => ({ oneOf: [ref('Dog'), ref('Cat')], ...(discriminator ? { discriminator } : {}) });
  const cases: RuleCase[] = [
    req('added', disc(), disc({ propertyName: 'kind' }), [{ id: 'request-body-discriminator-added', level: 'info', pointer: `${REQ}/discriminator` }]),
    res('removed', disc({ propertyName: 'kind' }), disc(), [{ id: 'response-body-discriminator-removed', level: 'info' }]),
    req('property renamed', disc({ propertyName: 'kind' }), disc({ propertyName: 'type' }), [
      { id: 'request-body-discriminator-property-name-changed', message: ['from kind to type'] },
    ]),
    req(
      'mapping entries added, deleted and pointed elsewhere',
      disc({ propertyName: 'kind', mapping: { dog: '#/components/schemas/Dog', cat: '#/components/schemas/Cat' } }),
      disc({ propertyName: 'kind', mapping: { dog: '#/components/schemas/Cat', fox: '#/components/schemas/Fox' } }),
      [
        { id: 'request-body-discriminator-mapping-added', message: ['"fox"'] },
        { id: 'request-body-discriminator-mapping-deleted', message: ['"cat"'] },
        { id: 'request-body-discriminator-mapping-changed', message: ['"dog"'] },
      ],
    ),
  ];
  runRuleCases(cases);
});

describe('oneOf/anyOf members matched by content', () => {
  const renamed = { Dog: obj({ bark: str }), Feline: obj({ meow: str }) };
  // A pet whose `kind` names it, and a oneOf of it and Cat discriminated on `kind`.
  const tagged = (kinds: string[], props: Record<string, Doc>, required: string[] = []): Doc => ({
    type: 'object',
    required: ['kind', ...required],
    properties: { kind: { type: 'string', enum: kinds }, ...props },
  });
  const petsBy = (mapping: Record<string, string> | undefined, dog: string): Doc => ({
    oneOf: [ref(dog), ref('Cat')],
    discriminator: {
      propertyName: 'kind',
      ...(mapping ? { mapping: Object.fromEntries(Object.entries(mapping).map(([k, v]) => [k, `#/components/schemas/${v}`])) } : {}),
    },
  });
  const cases: RuleCase[] = [
    {
      name: 'a member whose component was renamed, content unchanged: no change to the alternatives',
      base: responseBody({ oneOf: [ref('Dog'), ref('Cat')] }, { schemas: { Dog: schemas.Dog, Cat: schemas.Cat } }),
      revision: responseBody({ oneOf: [ref('Dog'), ref('Feline')] }, { schemas: renamed }),
      expect: 'none',
      only: ['response-body-one-of-added', 'response-body-one-of-removed'],
    },
    {
      name: 'response: a member renamed and changed, selected by the same mapping value, is reported as changed',
      base: responseBody(petsBy({ dog: 'Dog', cat: 'Cat' }, 'Dog'), { schemas: { Dog: tagged(['dog'], { bark: str }), Cat: schemas.Cat } }),
      revision: responseBody(petsBy({ dog: 'Hound', cat: 'Cat' }, 'Hound'), { schemas: { Hound: tagged(['dog'], {}), Cat: schemas.Cat } }),
      expect: [{ id: 'response-optional-property-removed', level: 'warning', message: ['bark'] }],
      only: ['response-optional-property-removed', 'response-body-one-of-added', 'response-body-one-of-removed'],
    },
    {
      name: 'request: a member renamed and changed, selected by its enum of the property name (no mapping), is reported as changed',
      base: requestBody(petsBy(undefined, 'Dog'), { schemas: { Dog: tagged(['dog'], { bark: str }), Cat: tagged(['cat'], { meow: str }) } }),
      revision: requestBody(petsBy(undefined, 'Hound'), { schemas: { Hound: tagged(['dog'], { bark: str }, ['bark']), Cat: tagged(['cat'], { meow: str }) } }),
      expect: [{ id: 'request-property-became-required', level: 'breaking', message: ['bark'] }],
      only: ['request-property-became-required', 'request-body-one-of-added', 'request-body-one-of-removed'],
    },
    {
      name: 'request: a member that keeps its name stays that member, though its discriminator value changed',
      base: requestBody(petsBy({ dog: 'Dog', cat: 'Cat' }, 'Dog'), { schemas: { Dog: tagged(['dog'], { bark: str }), Cat: schemas.Cat } }),
      revision: requestBody(petsBy({ wolf: 'Dog', cat: 'Cat' }, 'Dog'), { schemas: { Dog: tagged(['wolf'], { bark: str }), Cat: schemas.Cat } }),
      expect: [],
      only: ['request-body-one-of-added', 'request-body-one-of-removed'],
    },
    {
      name: 'two components that both still exist stay two members, however alike',
      base: requestBody({ anyOf: [ref('Dog'), ref('Cat')] }, { schemas: { ...schemas, Lynx: obj({ meow: str }) } }),
      revision: requestBody({ anyOf: [ref('Dog'), ref('Lynx')] }, { schemas: { ...schemas, Lynx: obj({ meow: str }) } }),
      expect: ['request-body-any-of-removed', 'request-body-any-of-added'],
    },
  ];
  runRuleCases(cases);
});
