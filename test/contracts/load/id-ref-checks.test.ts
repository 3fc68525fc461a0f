// The loader's `$ref` checks read each reference as JSON Schema 2020-12 (OpenAPI 3.1) does: a `$ref` inside a schema with
// `$id` resolves against that resource, by URI it names a schema by its `$id`, and `#name` names an anchor of its own
// resource only. A loop through those is refused, a `$ref` that names nothing is said, and neither is invented.
import { describe, expect, it } from 'vitest';
import { diffContracts, parseContract } from '../../../contracts/index.js';

const doc = (schemas: object, response: object) => ({
  openapi: '3.1.0',
  info: { title: 't', version: '1' },
  paths: { '/a': { get: { responses: { '200': { description: 'ok', content: { 'application/json': { schema: response } } } } } } },
  components: { schemas },
});
const load = (d: object) => parseContract(JSON.stringify(d), 'api.json');
const warningsOf = async (d: object) => (await load(d)).warnings.map((w) => w.message);

describe('cycles of $ref read through $id', () => {
  it('refuses a loop written inside a resource, where its pointers are the resource’s own', async () => {
    const looped = doc(
      { R: { $id: 'https://acme.dev/r', $ref: '#/$defs/a', $defs: { a: { $ref: '#/$defs/b' }, b: { $ref: '#/$defs/a' } } } },
      { $ref: '#/components/schemas/R' },
    );
    await expect(load(looped)).rejects.toMatchObject({ code: 'ERR_CONTRACT_REF_CYCLE', message: expect.stringContaining('$ref "#/$defs/a" leads to a cycle') });
  });

  it('refuses a loop of $refs by URI between two resources', async () => {
    const looped = doc(
      { R: { $id: 'https://acme.dev/r', $ref: 'https://acme.dev/s' }, S: { $id: 'https://acme.dev/s', $ref: 'https://acme.dev/r' } },
      { $ref: '#/components/schemas/R' },
    );
    await expect(load(looped)).rejects.toMatchObject({ code: 'ERR_CONTRACT_REF_CYCLE' });
  });

  it('does not call a loop what only reads as one from the document: inside a resource that pointer names nothing', async () => {
    const notALoop = doc(
      { X: { $ref: '#/components/schemas/Y' }, Y: { $id: 'https://acme.dev/y', $ref: '#/components/schemas/X' } },
      { $ref: '#/components/schemas/X' },
    );
    expect(await warningsOf(notALoop)).toEqual(['$ref "#/components/schemas/X" points to nothing in the document']);
  });
});

describe('anchors', () => {
  it('says a $ref to an anchor nobody declares points to nothing (it used to read as the whole document)', async () => {
    expect(await warningsOf(doc({ P: { type: 'object' } }, { $ref: '#nope' }))).toEqual(['$ref "#nope" points to nothing in the document']);
  });

  it('finds an anchor of the document from the document, and one of a resource only through that resource', async () => {
    const schemas = {
      Pet: { $anchor: 'pet', type: 'object', properties: { name: { type: 'string' } } },
      R: { $id: 'https://acme.dev/r', $anchor: 'inner', type: 'string' },
      ByUri: { $ref: 'https://acme.dev/r#inner' },
    };
    expect(await warningsOf(doc(schemas, { $ref: '#pet' }))).toEqual([]);
    expect(await warningsOf(doc(schemas, { $ref: '#/components/schemas/ByUri' }))).toEqual([]);
    expect(await warningsOf(doc(schemas, { $ref: '#inner' }))).toEqual(['$ref "#inner" points to nothing in the document']);
  });

  it("does not borrow another resource's anchor: the response is not read as that resource's schema", async () => {
    const schemas = { R: { $id: 'https://acme.dev/r', $anchor: 'pet', type: 'object', properties: { id: { type: 'string' } } } };
    const before = await load(doc(schemas, { $ref: '#pet' }));
    const changed = { R: { ...schemas.R, properties: { id: { type: 'integer' } } } };
    const after = await load(doc(changed, { $ref: '#pet' }));
    // `#pet` at the document names no anchor of the document: a change inside resource R is not a change of this response.
    expect(diffContracts(before, after).changes.filter((c) => c.operation === 'GET /a')).toEqual([]);
  });
});
