// OpenAPI 3.1 (JSON Schema 2020-12): a schema with `$id` is a resource of its own, and a `$ref` written inside it
// (`#/$defs/Pet`, `#pet`) resolves against that `$id`, not against the OpenAPI document: the schema compared is the
// resource's own, even where the document (or an enclosing resource) has one of the same name.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliHere } from '../../e2e/in-process.js';
import { type Doc, findings, json, obj, ok, type RuleCase, runRuleCases } from './harness.js';

const OWNER = 'https://example.com/schemas/owner';
const pet = (type = 'string', extra: Doc = {}): Doc => obj({ name: { type } }, ['name'], extra);

/** `GET /owners` returning `body`; `schemas` in components, `extra` at the document's top level. */
function doc(body: Doc, schemas: Doc, extra: Doc = {}): Doc {
  return {
    openapi: '3.1.0',
    info: { title: 'owners', version: '1.0.0' },
    paths: { '/owners': { get: { responses: ok(json(body)) } } },
    components: { schemas },
    ...extra,
  };
}

/** `Owner`, a resource whose `pet` is `$ref: "#/$defs/Pet"`: its own `$defs`, not the document's. */
const owner = (petType = 'string', ref = '#/$defs/Pet', petExtra: Doc = {}): Doc => ({
  $id: OWNER,
  ...obj({ pet: { $ref: ref } }, ['pet']),
  $defs: { Pet: pet(petType, petExtra) },
});
const byPointer = { $ref: '#/components/schemas/Owner' };
const TYPE_CHANGED = { id: 'response-property-type-changed', level: 'breaking' as const, operation: 'GET /owners' };
const AT_OWNER_PET = '/components/schemas/Owner/$defs/Pet/properties/name';

describe('a $ref inside a 3.1 schema resource resolves against its $id', () => {
  const cases: RuleCase[] = [
    {
      name: "#/$defs/Pet inside Owner (reached by a pointer) names Owner's $defs: a type changed there is found there",
      base: doc(byPointer, { Owner: owner() }),
      revision: doc(byPointer, { Owner: owner('integer') }),
      expect: [{ ...TYPE_CHANGED, pointer: AT_OWNER_PET, message: ['pet.name'] }],
    },
    {
      name: 'the same with Owner reached from the operation by its $id URL',
      base: doc({ $ref: OWNER }, { Owner: owner() }),
      revision: doc({ $ref: OWNER }, { Owner: owner('integer') }),
      expect: [{ ...TYPE_CHANGED, pointer: AT_OWNER_PET, message: ['pet.name'] }],
    },
    {
      name: 'the same with Owner reached by an $id relative to the document (`schemas/owner`)',
      base: doc({ $ref: 'schemas/owner' }, { Owner: { ...owner(), $id: 'schemas/owner' } }),
      revision: doc({ $ref: 'schemas/owner' }, { Owner: { ...owner('integer'), $id: 'schemas/owner' } }),
      expect: [{ ...TYPE_CHANGED, pointer: AT_OWNER_PET }],
    },
    {
      name: "#pet inside Owner names Owner's anchor, not an earlier resource's anchor of the same name",
      base: doc(byPointer, { Cat: catWithAnchor('string'), Owner: owner('string', '#pet', { $anchor: 'pet' }) }),
      revision: doc(byPointer, { Cat: catWithAnchor('string'), Owner: owner('integer', '#pet', { $anchor: 'pet' }) }),
      expect: [{ ...TYPE_CHANGED, pointer: AT_OWNER_PET }],
    },
    {
      name: 'only the other resource\'s "pet" anchor changes: nothing for GET /owners',
      base: doc(byPointer, { Cat: catWithAnchor('string'), Owner: owner('string', '#pet', { $anchor: 'pet' }) }),
      revision: doc(byPointer, { Cat: catWithAnchor('integer'), Owner: owner('string', '#pet', { $anchor: 'pet' }) }),
      expect: 'none',
    },
    {
      name: "the document's root $defs and Owner's both have Pet: Owner's is compared",
      base: doc(byPointer, { Owner: owner() }, { $defs: { Pet: pet('boolean') } }),
      revision: doc(byPointer, { Owner: owner('integer') }, { $defs: { Pet: pet('boolean') } }),
      expect: [{ ...TYPE_CHANGED, pointer: AT_OWNER_PET }],
    },
    {
      name: "only the document's root $defs/Pet changes: nothing, no operation uses it",
      base: doc(byPointer, { Owner: owner() }, { $defs: { Pet: pet('boolean') } }),
      revision: doc(byPointer, { Owner: owner() }, { $defs: { Pet: pet('integer') } }),
      expect: 'none',
    },
    {
      name: 'an enclosing resource and an embedded one both have $defs/Pet: the nearest $id decides',
      base: doc(byPointer, { Owner: nested('boolean', 'string') }),
      revision: doc(byPointer, { Owner: nested('boolean', 'integer') }),
      expect: [{ ...TYPE_CHANGED, pointer: '/components/schemas/Owner/properties/home/$defs/Pet/properties/name', message: ['home.pet.name'] }],
    },
    {
      name: "only the enclosing resource's Pet changes: nothing for GET /owners",
      base: doc(byPointer, { Owner: nested('boolean', 'string') }),
      revision: doc(byPointer, { Owner: nested('integer', 'string') }),
      expect: 'none',
    },
    {
      name: "a $dynamicRef starts at its own resource's anchor, not an earlier resource's of the same name",
      base: doc(byPointer, { Cat: catWithAnchor('string'), Owner: treeOwner() }),
      revision: doc(byPointer, { Cat: catWithAnchor('integer'), Owner: treeOwner() }),
      expect: 'none',
    },
    {
      name: "a $dynamicRef to its own resource's anchor sees that schema change, though an earlier resource's same-named one did not",
      base: doc(byPointer, { Cat: catWithAnchor('string'), Owner: ownerWithDynamicPet('string') }),
      revision: doc(byPointer, { Cat: catWithAnchor('string'), Owner: ownerWithDynamicPet('integer') }),
      expect: [{ ...TYPE_CHANGED, pointer: '/components/schemas/Owner/$defs/Pet/properties/name', message: ['pet.name'] }],
    },
    {
      name: 'nothing changed: nothing',
      base: doc({ $ref: OWNER }, { Cat: catWithAnchor('string'), Owner: owner('string', '#pet', { $anchor: 'pet' }) }),
      revision: doc({ $ref: OWNER }, { Cat: catWithAnchor('string'), Owner: owner('string', '#pet', { $anchor: 'pet' }) }),
      expect: 'none',
    },
  ];
  runRuleCases(cases);

  it("in 3.0 there is no $id: #/$defs/Pet still names the document's root $defs", () => {
    const as30 = (d: Doc): Doc => ({ ...d, openapi: '3.0.3' });
    const seen = findings(
      as30(doc(byPointer, { Owner: owner() }, { $defs: { Pet: pet('boolean') } })),
      as30(doc(byPointer, { Owner: owner() }, { $defs: { Pet: pet('integer') } })),
    );
    expect(seen.map((f) => [f.id, f.operation, f.pointer])).toEqual([['response-property-type-changed', 'GET /owners', '/$defs/Pet/properties/name']]);
  });
});

/** `Cat`, an earlier resource declaring an anchor `pet` of its own. */
function catWithAnchor(type: string): Doc {
  return { $id: 'https://example.com/schemas/cat', ...obj({ lives: { type: 'integer' } }), $defs: { Pet: pet(type, { $anchor: 'pet' }) } };
}

/** Owner (a resource with `$defs/Pet`) holding `home`, a resource of its own with another `$defs/Pet` it names. */
function nested(outerType: string, innerType: string): Doc {
  const home = { $id: 'home', ...obj({ pet: { $ref: '#/$defs/Pet' } }, ['pet']), $defs: { Pet: pet(innerType) } };
  return { $id: OWNER, ...obj({ home }, ['home']), $defs: { Pet: pet(outerType) } };
}

describe('overseer diff on a 3.1 contract with schema resources', () => {
  it('reports the change inside the resource, with its operation and line, and --strict finds no dangling $ref', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ref16-id-'));
    const revision = JSON.stringify({ ...doc(byPointer, { Owner: owner('integer') }), info: { title: 'owners', version: '2.0.0' } }, null, 2);
    writeFileSync(join(dir, 'base.json'), JSON.stringify(doc(byPointer, { Owner: owner() }), null, 2));
    writeFileSync(join(dir, 'revision.json'), revision);
    // The line of Owner's own `$defs/Pet/properties/name`: the last `"name": {` of the file (the root has no `$defs`).
    const lines = revision.split('\n');
    const line = lines.length - [...lines].reverse().findIndex((l) => l.trim() === '"name": {');
    const run = await runCliHere(['diff', 'base.json', 'revision.json', '--strict'], { cwd: dir });
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).toMatch(
      new RegExp(
        `GET /owners\\n\\s+BREAKING\\s+type of response property \`pet\\.name\` changed from string to integer \\(response-property-type-changed\\)\\s+revision\\.json:${line}  \\(blocking\\)\\n`,
      ),
    );
    expect(run.stdout).toContain('1 breaking, 0 warnings, 0 info');
    expect(run.stdout + run.stderr).not.toContain('points to nothing');
  });

  it('a pointer inside Owner is read from its root: #/components/schemas/Cat there is dangling, though the document has Cat', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ref16-id-'));
    const broken = doc(byPointer, { Cat: pet(), Owner: owner('string', '#/components/schemas/Cat') });
    writeFileSync(join(dir, 'base.json'), JSON.stringify(broken, null, 2));
    const run = await runCliHere(['diff', 'base.json', 'base.json', '--strict'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('$ref "#/components/schemas/Cat" points to nothing in the document');
  });
});

/** Owner as a resource anchoring `pet` dynamically, its `kids` items a `$dynamicRef` to it: a tree of owners. */
function treeOwner(): Doc {
  return { $id: OWNER, $dynamicAnchor: 'pet', ...obj({ kids: { type: 'array', items: { $dynamicRef: '#pet' } } }) };
}

/** Owner whose `pet` is a `$dynamicRef` to the `pet` anchor of its own `$defs/Pet`. */
function ownerWithDynamicPet(type: string): Doc {
  return { $id: OWNER, ...obj({ pet: { $dynamicRef: '#pet' } }, ['pet']), $defs: { Pet: pet(type, { $anchor: 'pet' }) } };
}
