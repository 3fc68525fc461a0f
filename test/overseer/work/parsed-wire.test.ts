// A stored contract parsed in a worker process reaches the event loop as bytes (overseer/work/parsed-wire.ts): what the
// dashboard, the sunset checks and the migrations then read of it must be what parsing it here gives, to the line.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDeprecations, parseContract } from '../../../contracts/index.js';
import { createAppWorkPool } from '../../../overseer/app.js';
import { parseConfig } from '../../../overseer/config.js';
import { fromParsedWire, type ParsedWire, toParsedWire } from '../../../overseer/work/parsed-wire.js';
import type { WorkPool } from '../../../overseer/work/pool.js';
import { REPO_ROOT } from '../../e2e/cli-process.js';

let pool: WorkPool;
beforeAll(() => {
  pool = createAppWorkPool({ ...parseConfig({ db: ':memory:' }, {}), workThreads: 1 });
});
afterAll(() => pool.close());

const NON_ASCII = `openapi: 3.0.3
info: { title: Café ☕, version: "1.0" }
paths:
  /menü/{id}:
    get:
      summary: "Emoji 😀 and a quote \\" in a summary"
      parameters: [{ name: id, in: path, required: true, schema: { type: integer, maximum: 10 } }]
      responses:
        "200": { description: ok, content: { application/json: { schema: { type: string, enum: [naïve, ß] } } } }
`;

// JSON has no infinity and no negative zero: this one must cross as it did before, by structured clone.
const NOT_JSON = `openapi: 3.0.3
info: { title: bounds, version: "1.0" }
paths:
  /n:
    get:
      parameters: [{ name: n, in: query, schema: { type: number, maximum: .inf, minimum: -0.0 } }]
      responses: { "200": { description: ok } }
`;

// A deprecated operation with a sunset, a deprecated parameter and a deprecated response field.
const DEPRECATING = `openapi: 3.0.3
info: { title: deprecating, version: "1.0" }
paths:
  /old:
    get:
      deprecated: true
      x-sunset: "2027-01-31"
      parameters: [{ name: q, in: query, deprecated: true, schema: { type: string } }]
      responses:
        "200":
          description: ok
          content: { application/json: { schema: { type: object, properties: { legacy: { type: string, deprecated: true } } } } }
`;

async function both(text: string) {
  const hash = createHash('sha256').update(text).digest('hex');
  const here = await parseContract(text, `contract ${hash.slice(0, 12)}`, { validate: false, maxBytes: Infinity });
  const there = await pool.parse({ hash, text });
  return { here, there };
}

describe('a contract parsed in the pool', () => {
  it.each([
    ['a document with characters past ASCII', NON_ASCII],
    ['a Swagger 2.0 document (converted; its source kept apart)', readFileSync(`${REPO_ROOT}/test/fixtures/load/swagger2.yaml`, 'utf8')],
    ['a document JSON cannot carry (.inf, -0)', NOT_JSON],
  ])('%s reads as parsing it here does: document, source, text and lines', async (_name, text) => {
    const { here, there } = await both(text);
    expect(there.doc).toStrictEqual(here.doc);
    expect(there.source).toStrictEqual(here.source);
    expect(Object.is(there.source, there.doc)).toBe(Object.is(here.source, here.doc));
    expect([there.file, there.format, there.specVersion, there.warnings]).toEqual([here.file, here.format, here.specVersion, here.warnings]);
    expect(there.text).toBe(text);
    const pointers = ['/paths', '/info/title', '/info'];
    expect([...there.locateAll(pointers)]).toEqual([...here.locateAll(pointers)]);
    expect(there.locate('/info/title')).toEqual(here.locate('/info/title'));
  });

  it('keeps infinity and negative zero where JSON would have lost them', async () => {
    const { there } = await both(NOT_JSON);
    const schema = (there.doc.paths as any)['/n'].get.parameters[0].schema;
    expect(schema.maximum).toBe(Number.POSITIVE_INFINITY);
    expect(Object.is(schema.minimum, -0)).toBe(true);
  });
});

describe('the deprecations of a contract parsed in the pool', () => {
  it('are what listing them here gives', async () => {
    const { here, there } = await both(DEPRECATING);
    expect(listDeprecations(there.doc).map((d) => `${d.part} ${d.operation} ${d.sunsetDate ?? ''}`)).toEqual([
      'operation GET /old 2027-01-31',
      'parameter GET /old 2027-01-31',
      'response-field GET /old 2027-01-31',
    ]);
    expect(listDeprecations(there.doc)).toStrictEqual(listDeprecations(here.doc));
  });

  it('come listed by the worker: the event loop reads that list and does not walk the document again', async () => {
    const parsed = await parseContract(DEPRECATING, 'deprecating', { validate: false, maxBytes: Infinity });
    const wire = toParsedWire(parsed) as ParsedWire;
    expect(wire.deprecations).toStrictEqual(listDeprecations(parsed.doc));
    expect(listDeprecations(fromParsedWire(wire).doc)).toBe(wire.deprecations);
  });
});
