// Many operations over one large shared schema graph (as Stripe's responses reach most of its components): every change
// below it lists every operation, and a change only one operation reaches still names its own field. Past a few walks
// over such a graph, collectSchemaFindings stops walking it again (contracts/schema/findings-below.ts): what users read must
// not change with that.
import { describe, expect, it } from 'vitest';
import type { OpenApiDocument } from '../../contracts/load/load.js';
import { diffDocs } from '../fixtures/impact/users-api.js';

const OPERATIONS = 12;
const COMPONENTS = 20;
const pad = (n: number) => String(n).padStart(2, '0');

/** Twelve operations, each with an inline body of its own around one tree of twenty components that name each other. */
function api(revised: boolean): OpenApiDocument {
  const schemas: Record<string, unknown> = {
    Tree: {
      type: 'object',
      properties: {
        children: { type: 'array', items: { $ref: '#/components/schemas/Tree' } },
        ...Object.fromEntries(Array.from({ length: COMPONENTS }, (_, j) => [`c${pad(j)}`, { $ref: `#/components/schemas/C${pad(j)}` }])),
      },
    },
  };
  for (let j = 0; j < COMPONENTS; j++)
    schemas[`C${pad(j)}`] = {
      type: 'object',
      properties: { value: { type: revised ? 'integer' : 'string' }, next: { $ref: `#/components/schemas/C${pad((j + 1) % COMPONENTS)}` } },
    };
  const paths: Record<string, unknown> = {};
  for (let i = 0; i < OPERATIONS; i++) {
    const own = { type: revised && i === 9 ? 'integer' : 'string' };
    const body = { type: 'object', properties: { [`own${pad(i)}`]: own, tree: { $ref: '#/components/schemas/Tree' } } };
    paths[`/r${pad(i)}`] = { get: { responses: { 200: { description: 'ok', content: { 'application/json': { schema: body } } } } } };
  }
  return { openapi: '3.0.3', info: { title: 'shared graph', version: '1.0.0' }, paths, components: { schemas } };
}

describe('changes below a schema graph every operation shares', () => {
  it('list every operation, and a change one operation reaches names its own field', async () => {
    const diff = await diffDocs(api(false), api(true));
    const labels = Array.from({ length: OPERATIONS }, (_, i) => `GET /r${pad(i)}`);
    for (let j = 0; j < COMPONENTS; j++) {
      const change = diff.changes.find((c) => c.location === `/components/schemas/C${pad(j)}/properties/value`);
      expect(change?.operations, `C${pad(j)}`).toEqual(labels);
      expect(change?.message).toContain(`\`C${pad(j)}.value\``);
    }
    const own = diff.changes.filter((c) => c.location.includes('own'));
    expect(own.map((c) => [c.operations, c.location])).toEqual([
      [['GET /r09'], '/paths/~1r09/get/responses/200/content/application~1json/schema/properties/own09'],
    ]);
    expect(own[0]!.message).toContain('`own09`');
  });
});
