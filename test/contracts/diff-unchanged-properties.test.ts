// The property walk passes over a property both versions write and require alike before reading its flags or running
// the property checks: these pin what it must still see, and the edge a consumer's field path is read along.
import { describe, expect, it } from 'vitest';
import { findImpact } from '../../contracts/impact.js';
import type { OpenApiDocument } from '../../contracts/load/load.js';
import { diffDocs } from '../fixtures/impact/users-api.js';

type Schema = Record<string, unknown>;

/** One operation sending and returning `Item`, with the components given. */
function api(schemas: Record<string, Schema>): OpenApiDocument {
  const body = { content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } } };
  return {
    openapi: '3.0.3',
    info: { title: 'items', version: '1' },
    paths: { '/items': { post: { operationId: 'putItem', requestBody: body, responses: { '200': { description: 'ok', ...body } } } } },
    components: { schemas },
  } as unknown as OpenApiDocument;
}

const item = (extra: Schema = {}, required: string[] = ['id']): Schema => ({
  type: 'object',
  required,
  properties: { id: { type: 'string', readOnly: true }, name: { type: 'string', description: 'a name' }, size: { $ref: '#/components/schemas/Size' } },
  ...extra,
});
const size = (type: string): Schema => ({ type });

async function changes(base: OpenApiDocument, revision: OpenApiDocument) {
  const diff = await diffDocs(base, revision);
  return { diff, ids: diff.changes.map((c) => c.id).sort() };
}

describe('properties written alike in both versions', () => {
  it('finds nothing when only a note of a property changed', async () => {
    const revised = item();
    (revised.properties as Record<string, Schema>).name = { type: 'string', description: 'the name' };
    const { ids } = await changes(api({ Item: item(), Size: size('integer') }), api({ Item: revised, Size: size('integer') }));
    expect(ids).toEqual([]);
  });

  it('still reports a property made required while written alike', async () => {
    const { ids } = await changes(api({ Item: item(), Size: size('integer') }), api({ Item: item({}, ['id', 'name']), Size: size('integer') }));
    expect(ids).toEqual(['request-property-became-required', 'response-property-became-required']);
  });

  it('still reports a change behind a property written alike that names a changed component', async () => {
    const { ids } = await changes(api({ Item: item(), Size: size('integer') }), api({ Item: item(), Size: size('string') }));
    expect(ids).toEqual(['request-property-type-changed', 'response-property-type-changed']);
  });

  it('keeps a field path through a property written alike from reading the map values beside it', async () => {
    const base = api({ Item: item({ additionalProperties: { type: 'integer' } }), Size: size('integer') });
    const revision = api({ Item: item({ additionalProperties: { type: 'string' } }), Size: size('integer') });
    const { diff, ids } = await changes(base, revision);
    expect(ids).toEqual(['request-property-type-changed', 'response-property-type-changed']);
    const uses = (field: string) => [{ operation: 'putItem', response: [field] }];
    const breaks = (field: string) => {
      const { consumersOf } = findImpact(diff, [{ consumer: 'web', provider: 'items', uses: uses(field) }]);
      return diff.changes.filter((c) => consumersOf.get(c)!.includes('web')).map((c) => c.id);
    };
    // `name` is declared, written alike and returned: a client reading it reads no map value.
    expect(breaks('name')).toEqual([]);
    // `extra` is not declared: it is one of the map's values, whose type changed.
    expect(breaks('extra')).toEqual(['response-property-type-changed']);
  });
});
