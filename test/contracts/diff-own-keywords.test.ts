// The walk runs a schema check only where a keyword it reads differs (the pair is often filled for a change below it):
// these pin the pairs that look alike by their own keywords yet hold a change a check finds by following what they name.
import { describe, expect, it } from 'vitest';
import type { OpenApiDocument } from '../../contracts/load/load.js';
import { createCheckDispatch } from '../../contracts/schema/own-keywords.js';
import { diffDocs } from '../fixtures/impact/users-api.js';

type Schema = Record<string, unknown>;

/** One operation returning `Item`, in the given OpenAPI version, with the components given. */
function api(schemas: Record<string, Schema>, openapi = '3.1.0'): OpenApiDocument {
  const body = { content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } } };
  return {
    openapi,
    info: { title: 'items', version: '1' },
    paths: { '/items': { get: { operationId: 'getItem', responses: { '200': { description: 'ok', ...body } } } } },
    components: { schemas },
  } as unknown as OpenApiDocument;
}

async function ids(base: OpenApiDocument, revision: OpenApiDocument): Promise<string[]> {
  return (await diffDocs(base, revision)).changes.map((c) => c.id).sort();
}

/** `Item` with a property whose schema changes, so the pair of `Item`s is filled whatever else is alike. */
const item = (own: Schema, nameType: string): Schema => ({ type: 'object', properties: { name: { type: nameType } }, ...own });

describe('schema checks on a pair filled for a change below it', () => {
  it('finds only the change below when the pair itself differs in notes alone', async () => {
    const base = api({ Item: item({ description: 'an item' }, 'string') });
    const revision = api({ Item: item({ description: 'one item' }, 'integer') });
    expect(await ids(base, revision)).toEqual(['response-property-type-changed']);
  });

  it('still judges a `not` whose component changed, though it is written alike', async () => {
    const not = { not: { $ref: '#/components/schemas/Banned' } };
    const base = api({ Item: item(not, 'string'), Banned: { type: 'object', required: ['a'] } });
    const revision = api({ Item: item(not, 'integer'), Banned: { type: 'object', required: ['b'] } });
    const found = await ids(base, revision);
    expect(found.filter((id) => id !== 'response-property-type-changed')).not.toEqual([]);
  });

  it('still judges `nullable` written alike when the document moved from 3.0 to 3.1, which reads it no more', async () => {
    const base = api({ Item: item({ nullable: true }, 'string') }, '3.0.3');
    const revision = api({ Item: item({ nullable: true }, 'integer') }, '3.1.0');
    const found = await ids(base, revision);
    expect(found.filter((id) => id.includes('nullable'))).not.toEqual([]);
  });
});

describe('which checks a pair runs', () => {
  // Bits in the order given: a family reading type and required, one following items, one reading an extension, one declaring nothing.
  const checks = createCheckDispatch([
    { keywords: { read: ['type', 'required'] } },
    { keywords: { read: ['items'], followed: ['items'] } },
    { keywords: { read: ['x-extra'] } },
    {},
  ]);
  const [TYPES, ITEMS, EXTRA, UNDECLARED] = [1, 2, 4, 8];

  it('reads keys in any order and notes not at all, and only the names under properties', () => {
    const b = { type: 'object', description: 'a', properties: { x: { type: 'string' } }, required: ['x'] };
    const r = { required: ['x'], properties: { x: { type: 'integer' } }, type: 'object', title: 't' };
    expect(checks(b, r)).toBe(UNDECLARED);
    expect(checks(b, { ...r, properties: { y: { type: 'string' } } })).toBe(UNDECLARED);
    expect(checks(b, { ...r, required: ['x', 'y'] })).toBe(UNDECLARED | TYPES);
    expect(checks(b, { ...r, 'x-extra': 1 })).toBe(UNDECLARED | EXTRA);
    expect(checks({ ...b, items: { type: 'string' } }, { ...r, items: { type: 'integer' }, type: 'array' })).toBe(UNDECLARED | TYPES | ITEMS);
  });

  it('runs the checks following a reference written alike, every check for one on the pair, and reads what JSON would write otherwise as changed', () => {
    const ref = { items: { $ref: '#/components/schemas/A' }, required: ['a'] };
    expect(checks(ref, structuredClone(ref))).toBe(UNDECLARED | ITEMS);
    const inList = { type: [{ $ref: '#/x' }] };
    expect(checks(inList, structuredClone(inList))).toBe(UNDECLARED);
    const tagged = { discriminator: { propertyName: 'kind' } };
    expect(checks(tagged, structuredClone(tagged))).toBe(0x7fffffff);
    expect(checks({ $ref: '#/x' }, { $ref: '#/x' })).toBe(0x7fffffff);
    expect(checks({ type: undefined }, { type: undefined })).toBe(UNDECLARED | TYPES);
    expect(checks({ properties: { a: { $ref: '#/x' } } }, { properties: { a: { $ref: '#/y' } } })).toBe(UNDECLARED);
  });
});
