// Schemas written alike at many places are compared once and the result copied to the others (schema/place-memo.ts):
// every change must still be reported at the place it is written, and a schema met through something other than its
// own place (a `$ref` into a schema's inside, a merged `allOf`) must not be copied as if it were the other place's.
import { describe, expect, it } from 'vitest';
import { diffContracts, parseContract } from '../../contracts/index.js';

type Doc = Record<string, any>;

const response = (schema: Doc) => ({ responses: { '200': { description: 'ok', content: { 'application/json': { schema } } } } });

function api(paths: Record<string, Doc>, schemas: Doc): Doc {
  const out: Doc = {};
  for (const [path, schema] of Object.entries(paths)) out[path] = { get: response(schema) };
  return { openapi: '3.0.3', info: { title: 't', version: '1' }, paths: out, components: { schemas } };
}

async function changesOf(base: Doc, revision: Doc) {
  const load = (doc: Doc, name: string) => parseContract(JSON.stringify(doc, null, 2), name);
  const diff = diffContracts(await load(base, 'base.json'), await load(revision, 'revision.json'));
  return diff.changes.map((c) => ({ id: c.id, operations: c.operations, location: c.location, line: c.line }));
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

describe('a schema written alike at many places', () => {
  it('that every place replaces by one component: a property the component drops is reported at each place, on its line', async () => {
    const inline = { type: 'object', properties: { id: { type: 'string' }, tag: { type: 'string' } } };
    const paths = ['/a', '/b', '/c'];
    const base = api(Object.fromEntries(paths.map((p) => [p, { type: 'object', properties: { pet: inline } }])), {});
    const revision = api(Object.fromEntries(paths.map((p) => [p, { type: 'object', properties: { pet: ref('Pet') } }])), {
      Pet: { type: 'object', properties: { id: { type: 'string' } } },
    });
    const tag = (p: string) => `/paths/~1${p.slice(1)}/get/responses/200/content/application~1json/schema/properties/pet/properties/tag`;
    const changes = await changesOf(base, revision);
    expect(changes.map((c) => [c.id, c.operations, c.location])).toEqual(paths.map((p) => ['response-optional-property-removed', [`GET ${p}`], tag(p)]));
    // Each on its own line: a copy that kept the first place's pointer would put all three on one.
    expect(new Set(changes.map((c) => c.line)).size).toBe(3);
  });

  it('written in place on both sides at every place, and changed alike: each change is reported at its own place, on its line', async () => {
    const tags = (max: number) => ({ type: 'array', items: { type: 'string', maxLength: max } });
    const paths = ['/a', '/b', '/c'];
    const doc = (max: number) => api(Object.fromEntries(paths.map((p) => [p, { type: 'object', properties: { tags: tags(max) } }])), {});
    const items = (p: string) => `/paths/~1${p.slice(1)}/get/responses/200/content/application~1json/schema/properties/tags/items`;
    const changes = await changesOf(doc(10), doc(5));
    expect(changes.map((c) => [c.id, c.operations, c.location])).toEqual(
      paths.map((p) => ['response-property-max-length-decreased', [`GET ${p}`], `${items(p)}/maxLength`]),
    );
    expect(new Set(changes.map((c) => c.line)).size).toBe(3);
  });

  it('a place that a `$ref` reaches inside a component is not copied from its twin in another component', async () => {
    const x = (v: string) => ({ type: 'object', properties: { x: { type: 'object', properties: { v: { type: v } } } } });
    // `/first` names A's inner `v` by pointer, so that object is compared through the `$ref` before A and B are.
    const first = { type: 'object', properties: { v: ref('A/properties/x/properties/v') } };
    const doc = (v: string) => api({ '/first': first, '/second': ref('A'), '/third': ref('B') }, { A: x(v), B: x(v) });
    const changes = await changesOf(doc('string'), doc('integer'));
    expect(changes.map((c) => [c.id, c.operations, c.location])).toEqual([
      ['response-property-type-changed', ['GET /first', 'GET /second'], '/components/schemas/A/properties/x/properties/v'],
      ['response-property-type-changed', ['GET /third'], '/components/schemas/B/properties/x/properties/v'],
    ]);
  });

  it('an `allOf` written alike at two places: a change inside the component both merge is one change for both operations', async () => {
    const kind = (v: number) => ({ oneOf: [{ const: 1 }, { const: v }] });
    const wrapper = { type: 'integer', allOf: [ref('Kind')] };
    const doc = (v: number) =>
      api(
        { '/a': ref('A'), '/b': ref('B') },
        { Kind: kind(v), A: { type: 'object', properties: { k: wrapper } }, B: { type: 'object', properties: { k: wrapper } } },
      );
    // `const` is JSON Schema 2020-12's: a 3.1 document's word (version-keywords.test.ts).
    const in31 = (d: Doc) => ({ ...d, openapi: '3.1.0' });
    const changes = await changesOf(in31(doc(2)), in31(doc(3)));
    expect(changes.map((c) => [c.id, c.operations])).toEqual([['response-property-const-changed', ['GET /a', 'GET /b']]]);
  });
});

describe('a subschema one side leaves out', () => {
  it('is located at the schema that leaves it out, where the revision writes it, not at a keyword it does not have', async () => {
    const schema = (extra: Doc) => ({ type: 'object', properties: { description: { type: 'object', properties: {}, ...extra } } });
    const changes = await changesOf(api({ '/a': schema({ additionalProperties: { type: 'boolean' } }) }, {}), api({ '/a': schema({}) }, {}));
    const description = '/paths/~1a/get/responses/200/content/application~1json/schema/properties/description';
    // Found by engine.property.test.ts: the location named `.../additionalProperties`, which the revision does not have.
    expect(changes.map((c) => [c.id, c.location])).toEqual([['response-property-type-generalized', description]]);
    expect(changes[0]!.line).toBeGreaterThan(0);
  });
});
