// The diff passes over schemas written alike in both versions, or alike but for what no rule reads; these pairs check
// that it still finds a change that sits only behind a reference, a renamed component or a keyword read as whole text.
import { describe, expect, it } from 'vitest';
import { diffDocuments } from '../../contracts/diff.js';
import { Resolver } from '../../contracts/schema/resolve.js';
import { createSchemaTexts, createUnchangedTest } from '../../contracts/schema/unchanged.js';
import { DIFFERENT, MAYBE, SAME, writtenAlike } from '../../contracts/schema/written-alike.js';

type Doc = Record<string, any>;

function api(schemas: Doc): Doc {
  const body = { content: { 'application/json': { schema: { $ref: '#/components/schemas/Node' } } } };
  return {
    openapi: '3.0.3',
    info: { title: 't', version: '1' },
    paths: { '/nodes': { get: { responses: { '200': { description: 'ok', ...body } } } } },
    components: { schemas },
  };
}

function ids(base: Doc, revision: Doc): string[] {
  return diffDocuments(base, revision, { today: '2026-01-01' }).findings.map((f) => f.id);
}

const node = { type: 'object', properties: { child: { $ref: '#/components/schemas/Node' }, leaf: { $ref: '#/components/schemas/Leaf' } } };

describe('schemas written alike', () => {
  it('finds a property removed from a component reached through a recursive schema', () => {
    const base = api({ Node: node, Leaf: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } } });
    const revision = api({ Node: node, Leaf: { type: 'object', properties: { id: { type: 'string' } } } });
    expect(ids(base, revision)).toContain('response-optional-property-removed');
  });

  it('finds nothing when every reference leads to the same text', () => {
    const schemas = { Node: node, Leaf: { type: 'object', properties: { id: { type: 'string' } } } };
    expect(ids(api(schemas), api(structuredClone(schemas)))).toEqual([]);
  });

  it('finds a type changed in a component that a mapping names without a reference', () => {
    const parent = (kind: string) => ({
      Node: { oneOf: [{ $ref: '#/components/schemas/Leaf' }], discriminator: { propertyName: 'kind', mapping: { leaf: 'Leaf' } } },
      Leaf: { type: 'object', properties: { kind: { type: 'string' }, size: { type: kind } } },
    });
    expect(ids(api(parent('integer')), api(parent('string')))).toContain('response-property-type-changed');
  });
});

// writtenAlike keeps the revision's keys on one stack shared by its nested calls: each must read its own level's keys.
describe('values told alike or not without writing them out', () => {
  const nested = (last: unknown) => ({ example: { a: { x: 1, y: [1, { z: 2 }] }, b: { c: {} } }, last });
  it('tells a value changed after members nested alike, and keys reordered below one', () => {
    expect(writtenAlike(nested(1), nested(1))).toBe(SAME);
    expect(writtenAlike(nested(1), nested(2))).toBe(DIFFERENT);
    const wide = (last: number) => ({ p: { x: 1 }, q: { y: 1, w: 1, v: 1 }, last });
    expect(writtenAlike(wide(1), wide(2))).toBe(DIFFERENT);
    expect(writtenAlike({ a: { x: 1, y: 2 }, b: 1 }, { a: { y: 2, x: 1 }, b: 1 })).toBe(DIFFERENT);
    expect(writtenAlike({ a: { x: 1 }, b: 1 }, { a: { x: 1 }, b: 1, c: 1 })).toBe(DIFFERENT);
  });
  it('cannot tell where JSON leaves a member out, on either side and at any depth', () => {
    expect(writtenAlike({ a: 1, b: undefined }, { a: 1 })).toBe(MAYBE);
    expect(writtenAlike({ z: 1, a: 1 }, { a: 1, f: () => 1 })).toBe(MAYBE);
    expect(writtenAlike({ a: { x: 1 }, b: 1 }, { a: { x: 1, y: undefined }, b: 1 })).toBe(MAYBE);
    expect(writtenAlike({ a: { x: 1, y: undefined }, b: 1 }, { a: { x: 1 }, b: 2 })).toBe(DIFFERENT);
  });
});

// A revision that rewords notes, reorders keys or renames a component with its content kept (Box, Cloudflare, Stripe)
// leaves most schemas alike for every rule: the walk passes them over, but never where a rule reads what changed.
describe('schemas alike but for notes, key order and component names', () => {
  const wordy = (words: string) => ({
    Node: { type: 'object', description: words, properties: { leaf: { $ref: '#/components/schemas/Leaf' }, n: { type: 'integer', title: words } } },
    Leaf: { type: 'object', example: { id: words }, properties: { id: { type: 'string', description: words } } },
  });
  const reworded = {
    Node: { properties: { n: { title: 'other', type: 'integer' }, leaf: { $ref: '#/components/schemas/Item' } }, description: 'other', type: 'object' },
    Item: { properties: { id: { description: 'other', type: 'string' } }, type: 'object', example: { id: 'other' } },
  };
  const passedOver = (base: Doc, revision: Doc, notesRead = false) => {
    const resolvers = { base: new Resolver(base), revision: new Resolver(revision) };
    return createUnchangedTest(resolvers, undefined, notesRead)(base.components.schemas.Node, revision.components.schemas.Node);
  };

  it('passes over a component reworded, reordered and renamed, where only the walk asks', () => {
    expect(passedOver(api(wordy('some')), api(reworded))).toBe(true);
    expect(passedOver(api(wordy('some')), api(reworded), true)).toBe(false);
    // Leaf's removal is the components' own finding, not the walk's.
    expect(ids(api(wordy('some')), api(reworded))).toEqual(['api-schema-removed']);
  });

  it('still compares a renamed component whose content changed', () => {
    const revision = structuredClone(reworded);
    revision.Item.properties.id.type = 'integer';
    expect(passedOver(api(wordy('some')), api(revision))).toBe(false);
    expect(ids(api(wordy('some')), api(revision))).toContain('response-property-type-changed');
  });

  it('reports a renamed alternative, which names a oneOf member', () => {
    // Its content names another renamed component, so no signature pairs the two members: one removed, one added.
    const schemas = (name: string, inner: string) => ({
      Node: { oneOf: [{ $ref: `#/components/schemas/${name}` }, { type: 'string' }] },
      [name]: { type: 'object', properties: { x: { $ref: `#/components/schemas/${inner}` } } },
      [inner]: { type: 'integer' },
    });
    expect(passedOver(api(schemas('A', 'C')), api(schemas('B', 'D')))).toBe(false);
    expect(ids(api(schemas('A', 'C')), api(schemas('B', 'D')))).toEqual(expect.arrayContaining(['response-body-one-of-added', 'response-body-one-of-removed']));
  });

  it('reads a component renamed under a discriminator as its implied value changed', () => {
    const schemas = (name: string) => ({
      Node: { type: 'object', properties: { pet: { oneOf: [{ $ref: `#/components/schemas/${name}` }], discriminator: { propertyName: 'kind' } } } },
      [name]: { type: 'object', properties: { kind: { type: 'string' } } },
    });
    expect(passedOver(api(schemas('Cat')), api(schemas('Kitten')))).toBe(false);
  });

  it('reports a note changed where a rule reads the whole text: inside `not`, `if` and `propertyNames`', () => {
    for (const keyword of ['not', 'if', 'propertyNames']) {
      const schemas = (words: string) => ({
        Node: { type: 'object', [keyword]: { $ref: '#/components/schemas/Leaf' } },
        Leaf: { type: 'string', description: words },
      });
      expect(passedOver(api(schemas('some')), api(schemas('other')))).toBe(false);
      const inPlace = (words: string) => ({ Node: { type: 'object', [keyword]: { type: 'string', description: words } } });
      expect(passedOver(api(inPlace('some')), api(inPlace('other')))).toBe(false);
    }
    const not = (words: string) => ({ Node: { type: 'object', properties: { a: { not: { type: 'string', description: words } } } } });
    expect(ids(api(not('some')), api(not('other')))).toContain('response-property-not-changed');
  });

  it('reads a property named like a note, and a note-named key in data, as written', () => {
    const named = (type: string) => ({ Node: { type: 'object', properties: { description: { type } } } });
    expect(passedOver(api(named('string')), api(named('integer')))).toBe(false);
    const data = (words: string) => ({ Node: { type: 'object', default: { description: words } } });
    expect(passedOver(api(data('some')), api(data('other')))).toBe(false);
  });
});

// The unchanged test reads what it must follow and what makes a pair unsure from the values, once per node: a reason
// written deep in an inline schema still keeps the pair from being passed over, and no level writes its subtree as text.
describe('reasons to compare a pair, read at any depth', () => {
  const deep = (inner: Doc, words: string) => ({
    Node: { type: 'object', description: words, properties: { a: { type: 'object', properties: { b: { type: 'object', properties: { c: inner } } } } } },
  });
  const askedAtEveryLevel = (base: Doc, revision: Doc) => {
    const resolvers = { base: new Resolver(base), revision: new Resolver(revision) };
    const texts = createSchemaTexts();
    const unchanged = createUnchangedTest(resolvers, texts, false);
    const answers: boolean[] = [];
    let b = base.components.schemas.Node;
    let r = revision.components.schemas.Node;
    for (const name of ['a', 'b', 'c']) {
      answers.push(unchanged(b, r));
      b = b.properties[name];
      r = r.properties[name];
    }
    return { answers, written: texts.base.size + texts.revision.size };
  };

  it('compares a reworded schema whose `not`, `mapping` or reference to nothing sits three levels down', () => {
    const inners = [
      (words: string) => ({ not: { type: 'string', description: words } }),
      (words: string) => ({
        description: words,
        oneOf: [{ $ref: '#/components/schemas/Leaf' }],
        discriminator: { propertyName: 'kind', mapping: { leaf: 'Leaf' } },
      }),
      (words: string) => ({ type: 'string', example: '#c5ed1b', description: words }),
    ];
    for (const inner of inners) {
      const schemas = (words: string) => ({ ...deep(inner(words), words), Leaf: { type: 'object', properties: { kind: { type: 'string' } } } });
      expect(askedAtEveryLevel(api(schemas('some')), api(schemas('other'))).answers).toEqual([false, false, false]);
    }
  });

  it('passes over a deep inline schema reworded at every level without writing any level out as JSON', () => {
    const inner = { type: 'object', description: 'x', properties: { leaf: { $ref: '#/components/schemas/Leaf' } } };
    const schemas = (words: string) => ({ ...deep({ ...inner, description: words }, words), Leaf: { type: 'string' } });
    expect(askedAtEveryLevel(api(schemas('some')), api(schemas('other')))).toEqual({ answers: [true, true, true], written: 0 });
  });
});
