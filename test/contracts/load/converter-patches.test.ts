// The Swagger 2.0 converter the build bundles (contracts/converter-patches.mjs edits its walk and copy) converts every
// document exactly as the published package does, and, told its input is unshared, spends nothing looking for sharing.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

interface Converter {
  convertObj(doc: unknown, options: Record<string, unknown>): Promise<{ openapi: Record<string, unknown> }>;
}

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, '../../..');
const published = require('swagger2openapi') as Converter;
let dir: string;
let bundled: Converter;

beforeAll(async () => {
  // The build script, as `npm run build` and the Action's build run it (a plain .mjs, with no types of its own).
  const builder = pathToFileURL(path.join(root, 'contracts/build-converter.mjs')).href;
  const { buildConverter } = (await import(builder)) as { buildConverter: (outfile: string, options: object) => Promise<void> };
  dir = mkdtempSync(path.join(tmpdir(), 'overseer-converter-'));
  await buildConverter(path.join(dir, 'swagger2openapi.cjs'), { absWorkingDir: root, minify: true, logLevel: 'warning' });
  bundled = require(path.join(dir, 'swagger2openapi.cjs')) as Converter;
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Keys the path step escapes (`~`, `/`, spaces, `%`, letters beyond ASCII), keys an object already has, nulls the
// converter drops unless their path says they are an example's (`a/example~` is no example: written `a~1example~0`),
// and a $ref to a definition whose name needs escaping.
const AWKWARD = `{
  "swagger": "2.0",
  "info": { "title": "awkward", "version": "1", "x-null": null },
  "host": "api.example.com",
  "basePath": "/v1",
  "paths": {
    "/a~b/{id}": {
      "parameters": [{ "name": "id", "in": "path", "required": true, "type": "string" }],
      "get": {
        "produces": ["application/json"],
        "responses": { "200": { "description": "ok", "schema": { "$ref": "#/definitions/Pet%20Shop~1x" } } }
      },
      "post": {
        "consumes": ["application/x-www-form-urlencoded"],
        "parameters": [{ "name": "tags", "in": "formData", "type": "array", "items": { "type": "string" }, "collectionFormat": "pipes" }],
        "responses": { "default": { "description": "any", "schema": { "type": "object", "example": { "a": null } } } }
      }
    },
    "/caf\u00e9 100%": { "get": { "responses": { "204": { "description": "none", "headers": { "X-Rate": { "type": "integer" } } } } } }
  },
  "definitions": {
    "Pet Shop/x": {
      "type": "object",
      "required": ["constructor"],
      "properties": {
        "constructor": { "type": "string", "default": null },
        "toString": { "type": "array", "items": { "$ref": "#/definitions/Pet Shop~1x" } },
        "m\u00fcnze": { "type": "number", "x-nullable": true, "description": null },
        "a/example~": { "type": "string", "description": null }
      }
    }
  }
}`;

const heldoutSpecs = path.join(root, 'test/fixtures/heldout/swagger-spec-compatibility/resources/integration_tests/test-specs');
const documents = (): [string, string][] => [
  ['awkward keys', AWKWARD],
  ...readdirSync(heldoutSpecs).flatMap((name) =>
    ['old.yaml', 'new.yaml'].map((file): [string, string] => [`${name}/${file}`, readFileSync(path.join(heldoutSpecs, name, file), 'utf8')]),
  ),
];

const OPTIONS = { patch: true, warnOnly: true, resolve: false, direct: false };

describe('the bundled Swagger 2.0 converter', () => {
  it('converts each document exactly as the published package does', async () => {
    const pairs = documents();
    expect(pairs.length).toBeGreaterThan(4);
    for (const [name, text] of pairs) {
      const doc = () => JSON.parse(JSON.stringify(name === 'awkward keys' ? JSON.parse(text) : yaml.load(text)));
      const ours = await bundled.convertObj(doc(), { ...OPTIONS, text, unshared: true });
      const theirs = await published.convertObj(doc(), { ...OPTIONS, text });
      expect(JSON.stringify(ours.openapi), name).toBe(JSON.stringify(theirs.openapi));
    }
  });

  it('told the input is unshared, does not search it for YAML anchors', async () => {
    const pet = { type: 'object', properties: { name: { type: 'string' } } };
    const shared = {
      swagger: '2.0',
      info: { title: 'shared', version: '1' },
      paths: { '/a': { get: { responses: { 200: { description: 'ok', schema: pet } } } } },
      definitions: { A: pet, B: pet },
    };
    await expect(published.convertObj(structuredClone(shared), { ...OPTIONS, text: JSON.stringify(shared) })).rejects.toThrow(/YAML anchor/);
    await expect(bundled.convertObj(structuredClone(shared), { ...OPTIONS, text: JSON.stringify(shared), unshared: false })).rejects.toThrow(/YAML anchor/);
    const converted = await bundled.convertObj(structuredClone(shared), { ...OPTIONS, text: JSON.stringify(shared), unshared: true });
    expect(Object.keys(converted.openapi.components as object)).toEqual(['schemas']);
  });
});
