// The diff passes over schemas written alike in both versions; these pairs check that it still finds a change
// that sits only behind a reference (through a loop of references, or a discriminator mapping).
import { describe, expect, it } from 'vitest';
import { diffDocuments } from '../../contracts/diff.js';

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
