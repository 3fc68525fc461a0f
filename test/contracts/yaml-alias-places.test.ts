// A YAML alias makes one schema object sit at two places (`&shared` here, `*shared` there). Each finding must still
// name the place of the operation it is reported for, with that place's line, not the first place the object was met.
import { describe, expect, it } from 'vitest';
import { diffContracts, parseContract } from '../../contracts/index.js';

/** `POST /a` and `POST /b`, each sending a body: `/a` writes `a` (anchored as `&shared`), `/b` writes `b` (or `*shared`). */
const twoBodies = (a: string, b: string) => `openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    post:
      requestBody:
        content:
          application/json:
            schema: &shared
${a}
      responses: {'200': {description: ok}}
  /b:
    post:
      requestBody:
        content:
          application/json:
            schema: ${b}
      responses: {'200': {description: ok}}
`;
const indent = (lines: string[]) => lines.map((l) => `              ${l}`).join('\n');
const plain = (max: number) => indent(['type: object', 'properties:', `  name: {type: string, maxLength: ${max}}`]);
const composed = (props: string[]) => indent(['allOf:', '  - type: object', '    properties:', ...props.map((p) => `      ${p}`)]);

async function seen(base: string, revision: string) {
  const diff = diffContracts(await parseContract(base, 'base.yaml'), await parseContract(revision, 'revision.yaml'));
  return diff.changes.map((c) => ({ id: c.id, operations: c.operations, location: c.location, line: c.line }));
}

const BODY = (path: string) => `/paths/~1${path}/post/requestBody/content/application~1json/schema`;

describe('one schema object at two places (YAML alias)', () => {
  it('a change inside it is reported for each operation at its own place, the alias at its line', async () => {
    expect(await seen(twoBodies(plain(10), '*shared'), twoBodies(plain(5), '*shared'))).toEqual([
      { id: 'request-property-max-length-decreased', operations: ['POST /a'], location: `${BODY('a')}/properties/name/maxLength`, line: 12 },
      { id: 'request-property-max-length-decreased', operations: ['POST /b'], location: `${BODY('b')}/properties/name/maxLength`, line: 19 },
    ]);
  });

  it('with allOf, each place keeps its own merge: a property removed at each place is located there', async () => {
    const base = twoBodies(composed(['name: {type: string}', 'tag: {type: string}']), '*shared');
    const revision = twoBodies(composed(['name: {type: string}']), `\n${composed(['tag: {type: string}'])}`);
    expect(await seen(base, revision)).toEqual([
      { id: 'request-property-removed', operations: ['POST /a'], location: `${BODY('a')}/allOf/0/properties/tag`, line: 14 },
      { id: 'request-property-removed', operations: ['POST /b'], location: `${BODY('b')}/allOf/0/properties/name`, line: 21 },
    ]);
  });

  it('the same object written alike on both sides is still no change', async () => {
    expect(await seen(twoBodies(plain(10), '*shared'), twoBodies(plain(10), '*shared'))).toEqual([]);
  });
});

describe('pointers the walk builds below a merge', () => {
  // `items: {allOf: [Order]}` inside Order: each level's pointer is longer, but names no place in the document.
  it('a recursive schema through an inline allOf is still compared once, and the diff ends', async () => {
    const order = (items: object) =>
      JSON.stringify({
        openapi: '3.0.3',
        info: { title: 't', version: '1' },
        paths: {
          '/orders': {
            get: { responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Order' } } } } } },
          },
        },
        components: { schemas: { Order: { type: 'array', items } } },
      });
    const ref = { $ref: '#/components/schemas/Order' };
    expect((await seen(order(ref), order({ allOf: [ref] }))).map((c) => c.id)).toEqual(['response-property-became-all-of']);
    expect(await seen(order({ allOf: [ref], maxItems: 3 }), order({ allOf: [ref] }))).toEqual([
      { id: 'response-property-max-items-unset', operations: ['GET /orders'], location: '/components/schemas/Order/items/maxItems', line: 1 },
    ]);
  });
});
