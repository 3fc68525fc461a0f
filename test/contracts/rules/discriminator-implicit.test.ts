// A discriminator without a mapping (or one that leaves a member out) selects a `oneOf`/`anyOf` member by the name of its
// component (OpenAPI 3.0 and 3.1, Discriminator Object: the implicit mapping). Renaming that component changes the value
// on the wire, which a client sends and reads; writing out the mapping it implied changes nothing.
import { describe } from 'vitest';
import { api, type Doc, json, ok, type RuleCase, runRuleCases } from './harness.js';

const str = { type: 'string' };
const pet = (sound: string, kind: Doc = str): Doc => ({ type: 'object', required: ['kind'], properties: { kind, [sound]: str } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** `POST /pets` sending and `GET /pets` returning `Cat` or `<dog>`, told apart by `kind`. */
function pets(version: string, dog: string, discriminator: Doc = { propertyName: 'kind' }, dogKind: Doc = str): Doc {
  const body = { oneOf: [ref('Cat'), ref(dog)], discriminator };
  return {
    ...api(
      { '/pets': { post: { requestBody: { content: json(body) }, responses: ok() }, get: { responses: ok(json(body)) } } },
      { components: { schemas: { Cat: pet('meow'), [dog]: pet('bark', dogKind) } } },
    ),
    openapi: version,
  };
}

const DISCRIMINATOR = /discriminator/;
const ONLY = [
  'request-body-discriminator-mapping-added',
  'request-body-discriminator-mapping-deleted',
  'request-body-discriminator-mapping-changed',
  'response-body-discriminator-mapping-added',
  'response-body-discriminator-mapping-deleted',
  'response-body-discriminator-mapping-changed',
];

describe('the implicit discriminator mapping', () => {
  const cases: RuleCase[] = [];
  for (const version of ['3.0.3', '3.1.0']) {
    cases.push(
      {
        name: `${version}: a member's component renamed changes its value: a client sending "Dog" is refused, one reading gets "Doggy"`,
        base: pets(version, 'Dog'),
        revision: pets(version, 'Doggy'),
        only: ONLY,
        expect: [
          { id: 'request-body-discriminator-mapping-deleted', level: 'breaking', message: ['"Dog"'] },
          { id: 'request-body-discriminator-mapping-added', level: 'info', message: ['"Doggy"'] },
          { id: 'response-body-discriminator-mapping-added', level: 'warning', message: ['"Doggy"'] },
          { id: 'response-body-discriminator-mapping-deleted', level: 'info', message: ['"Dog"'] },
        ],
      },
      {
        name: `${version}: the implied mapping written out changes nothing`,
        base: pets(version, 'Dog'),
        revision: pets(version, 'Dog', { propertyName: 'kind', mapping: { Cat: '#/components/schemas/Cat', Dog: '#/components/schemas/Dog' } }),
        only: ONLY,
        expect: 'none',
      },
      {
        name: `${version}: the implied mapping written out with bare names changes nothing`,
        base: pets(version, 'Dog'),
        revision: pets(version, 'Dog', { propertyName: 'kind', mapping: { Dog: 'Dog' } }),
        only: ONLY,
        expect: 'none',
      },
      {
        name: `${version}: a mapping naming a member by another value replaces its implied one ("Dog" becomes "dog")`,
        base: pets(version, 'Dog'),
        revision: pets(version, 'Dog', { propertyName: 'kind', mapping: { dog: '#/components/schemas/Dog' } }),
        only: ONLY,
        expect: [
          { id: 'request-body-discriminator-mapping-deleted', level: 'breaking', message: ['"Dog"'] },
          { id: 'request-body-discriminator-mapping-added', level: 'info', message: ['"dog"'] },
          { id: 'response-body-discriminator-mapping-added', level: 'warning', message: ['"dog"'] },
          { id: 'response-body-discriminator-mapping-deleted', level: 'info', message: ['"Dog"'] },
        ],
      },
      {
        name: `${version}: a member whose property declares its value keeps it when the component is renamed`,
        base: pets(version, 'Dog', undefined, { type: 'string', enum: ['dog'] }),
        revision: pets(version, 'Doggy', undefined, { type: 'string', enum: ['dog'] }),
        only: ONLY,
        expect: 'none',
      },
      {
        name: `${version}: a member the mapping names keeps its value when its component is renamed and the mapping follows`,
        base: pets(version, 'Dog', { propertyName: 'kind', mapping: { dog: '#/components/schemas/Dog' } }),
        revision: pets(version, 'Doggy', { propertyName: 'kind', mapping: { dog: '#/components/schemas/Doggy' } }),
        only: [...ONLY].filter((id) => DISCRIMINATOR.test(id) && !id.endsWith('-changed')),
        expect: 'none',
      },
    );
  }
  runRuleCases(cases);
});
