// OpenAPI 3.1 (JSON Schema 2020-12): a `$ref` by URI, resolved against the base URI its enclosing `$id`s set, names the
// schema of the same document that declares that `$id` (or an `$anchor` in it), and is followed like a pointer.
import { describe, expect, it } from 'vitest';
import { diffContracts } from '../../../contracts/diff.js';
import { parseContract } from '../../../contracts/load/load.js';
import { type Doc, json, obj, ok, type RuleCase, runRuleCases } from './harness.js';

const PET_ID = 'https://example.com/schemas/pet';
const pet = (name: Doc = { type: 'string' }, extra: Doc = {}): Doc => ({ $id: PET_ID, ...obj({ id: { type: 'string' }, name }, ['id']), ...extra });
/** `GET /pets` returning `body`, with `Pet` (declaring its `$id`) and `Owner` (a resource of its own) in components. */
function doc(body: Doc, petSchema: Doc = pet()): Doc {
  return {
    openapi: '3.1.0',
    info: { title: 'pets', version: '1.0.0' },
    paths: { '/pets': { get: { responses: ok(json(body)) } } },
    components: {
      schemas: {
        Pet: petSchema,
        Owner: { $id: 'https://example.com/schemas/owner', ...obj({ pet: { $ref: 'pet' } }) },
      },
    },
  };
}

describe('$ref by $id (3.1)', () => {
  const cases: RuleCase[] = [
    {
      name: 'the schema a $ref names by its absolute $id changes: judged, though the reference is written alike',
      base: doc({ $ref: PET_ID }),
      revision: doc({ $ref: PET_ID }, pet({ type: 'integer' })),
      expect: [{ id: 'response-property-type-changed', level: 'breaking', pointer: '/components/schemas/Pet/properties/name' }],
    },
    {
      name: "a relative $ref resolved against the enclosing $id (Owner's `pet` names Pet)",
      base: doc({ $ref: 'https://example.com/schemas/owner' }),
      revision: doc({ $ref: 'https://example.com/schemas/owner' }, obj({ id: { type: 'string' } }, ['id'], { $id: PET_ID })),
      expect: [{ id: 'response-optional-property-removed', message: ['pet.name'] }],
    },
    {
      name: 'a JSON pointer fragment is read inside the resource the $id names',
      base: doc(obj({ name: { $ref: `${PET_ID}#/properties/name` } })),
      revision: doc(obj({ name: { $ref: `${PET_ID}#/properties/name` } }), pet({ type: 'string', maxLength: 5 })),
      expect: [{ id: 'response-property-max-length-set', level: 'info' }],
    },
    {
      name: 'an $anchor fragment names the schema that declares it in that resource',
      base: doc(obj({ name: { $ref: `${PET_ID}#petName` } }), pet({ $anchor: 'petName', type: 'string' })),
      revision: doc(obj({ name: { $ref: `${PET_ID}#petName` } }), pet({ $anchor: 'petName', type: 'integer' })),
      expect: [{ id: 'response-property-type-changed', level: 'breaking' }],
    },
    {
      name: 'nothing changed: nothing',
      base: doc({ $ref: 'https://example.com/schemas/owner' }),
      revision: doc({ $ref: 'https://example.com/schemas/owner' }),
      expect: 'none',
    },
  ];
  runRuleCases(cases);

  it('a contract whose $ref names a schema of its own by $id is read, one naming nothing in it is still refused', async () => {
    const base = await parseContract(JSON.stringify(doc({ $ref: PET_ID })), 'base.json');
    const revision = await parseContract(JSON.stringify(doc({ $ref: PET_ID }, pet({ type: 'integer' }))), 'revision.json');
    expect(diffContracts(base, revision).changes.map((c) => c.id)).toEqual(['response-property-type-changed']);
    await expect(parseContract(JSON.stringify(doc({ $ref: 'https://example.com/schemas/cat' })), 'other.json')).rejects.toMatchObject({
      code: 'ERR_CONTRACT_EXTERNAL_REF',
    });
  });
});
