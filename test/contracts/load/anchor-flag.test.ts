// The loader's walk tells the diff whether a document writes any anchor, so a string in an example that reads like
// `#c5ed1b` no longer costs a walk of the whole document: a `$ref` by anchor must still be followed where one is written.
import { describe, expect, it } from 'vitest';
import { diffContracts } from '../../../contracts/diff.js';
import { parseContract } from '../../../contracts/load/load.js';

type Doc = Record<string, any>;

/** `GET /pets` answering `body`, with `Pet` in components; `example` reads like an anchor reference and names none. */
function doc(openapi: string, body: Doc, pet: Doc): Doc {
  return {
    openapi,
    info: { title: 'pets', version: '1.0.0' },
    paths: { '/pets': { get: { responses: { '200': { description: 'ok', content: { 'application/json': { schema: body } } } } } } },
    components: { schemas: { Pet: pet, Colour: { type: 'string', example: '#c5ed1b' } } },
  };
}

const pet = (name: Doc, extra: Doc = {}): Doc => ({
  type: 'object',
  required: ['name'],
  properties: { name, colour: { $ref: '#/components/schemas/Colour' } },
  ...extra,
});

const load = (value: Doc, file: string) => parseContract(JSON.stringify(value), file);

describe('anchors told by the loader', () => {
  it('a document with no anchor is loaded as such, and its diff is unchanged by the example that reads like one', async () => {
    const base = await load(doc('3.0.3', { $ref: '#/components/schemas/Pet' }, pet({ type: 'string' })), 'base.json');
    const revision = await load(doc('3.0.3', { $ref: '#/components/schemas/Pet' }, pet({ type: 'integer' })), 'revision.json');
    expect([base.anchors, revision.anchors]).toEqual([false, false]);
    expect(diffContracts(base, revision).changes.map((c) => [c.id, c.location])).toEqual([
      ['response-property-type-changed', '/components/schemas/Pet/properties/name'],
    ]);
  });

  for (const [version, keyword] of [
    ['3.1.0', '$anchor'],
    ['3.0.3', '$anchor'],
    ['3.1.0', '$dynamicAnchor'],
  ] as const) {
    it(`a $ref by ${keyword} (${version}) still leads to the schema that declares it`, async () => {
      const body = { $ref: '#pet' };
      const base = await load(doc(version, body, pet({ type: 'string' }, { [keyword]: 'pet' })), 'base.json');
      const revision = await load(doc(version, body, pet({ type: 'integer' }, { [keyword]: 'pet' })), 'revision.json');
      expect([base.anchors, revision.anchors]).toEqual([true, true]);
      expect(diffContracts(base, revision).changes.map((c) => c.id)).toEqual(['response-property-type-changed']);
    });
  }
});
