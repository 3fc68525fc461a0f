// loadContract, the one way a file is read: YAML, JSON, Swagger 2.0, lines and the errors a user sees.
import { statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ContractError } from '../../../contracts/errors.js';
import { loadContract, parseContract } from '../../../contracts/load/load.js';
import { resolvePointer } from '../../../contracts/schema/pointer.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = (name: string) => path.join(here, '../../fixtures/load', name);

async function loadError(name: string, options = {}): Promise<ContractError> {
  try {
    await loadContract(fixture(name), options);
  } catch (e) {
    if (e instanceof ContractError) return e;
    throw e;
  }
  throw new Error(`${name} loaded without an error`);
}

describe('loadContract', () => {
  it('reads OpenAPI 3.0 YAML with a recursive schema and keeps $refs', async () => {
    const c = await loadContract(fixture('petstore.yaml'));
    expect(c.specVersion).toBe('3.0');
    expect(c.format).toBe('yaml');
    expect(c.warnings).toEqual([]);
    expect(c.doc.components.schemas.Pet.properties.parent.$ref).toBe('#/components/schemas/Pet');
  });

  it('converts Swagger 2.0 and maps locations back to the file as written', async () => {
    const c = await loadContract(fixture('swagger2.yaml'));
    expect(c.specVersion).toBe('2.0');
    expect(c.doc.openapi).toMatch(/^3\.0/);
    expect(c.doc.components.schemas.Pet).toBeDefined();
    const where = c.locate('/components/schemas/Pet/properties/name');
    expect(where.pointer).toBe('/definitions/Pet/properties/name');
    expect(where.line).toBe(27);
    const response = c.locate('/paths/~1pets~1{petId}/get/responses/200/content/application~1json/schema');
    expect(response.pointer).toBe('/paths/~1pets~1{petId}/get/responses/200/schema');
    expect(resolvePointer(c.source, response.pointer)).toBeDefined();
  });

  it('reads JSON, and finds lines in pretty-printed JSON', async () => {
    const doc = { openapi: '3.1.0', info: { title: 'x', version: '1' }, paths: { '/a': { get: { responses: { '200': { description: 'ok' } } } } } };
    const c = await parseContract(JSON.stringify(doc, null, 2), 'a.json');
    expect(c.specVersion).toBe('3.1');
    expect(c.format).toBe('json');
    expect(c.locate('/paths/~1a/get/responses/200').line).toBe(11);
  });

  it('merges `<<` keys in YAML and keeps a date-like value a string', async () => {
    const text = [
      'openapi: 3.0.3',
      'info: { title: x, version: "1" }',
      'paths: {}',
      'components:',
      '  schemas:',
      '    Base: &base',
      '      type: object',
      '      x-sunset: 2026-01-31',
      '      properties: { id: { type: string } }',
      '    User:',
      '      <<: *base',
      '      required: [id]',
    ].join('\n');
    const c = await parseContract(text, 'merge.yaml');
    const user = c.doc.components.schemas.User;
    expect(user).toEqual({ type: 'object', 'x-sunset': '2026-01-31', properties: { id: { type: 'string' } }, required: ['id'] });
    expect(Object.keys(user)).not.toContain('<<');
  });

  it('finds the line of a pointer in YAML, falling back to the nearest ancestor', async () => {
    const c = await loadContract(fixture('petstore.yaml'));
    expect(c.locate('/components/schemas/Pet/properties/name').line).toBe(30);
    expect(c.locate('/paths/~1pets~1{petId}/get/parameters/0/schema').line).toBe(13);
    expect(c.locate('/components/schemas/Pet/properties/name/nothing-here').line).toBe(30);
  });

  it('reports validation problems as warnings, and as an error with strict', async () => {
    const c = await loadContract(fixture('invalid-spec.yaml'));
    expect(c.warnings.length).toBeGreaterThan(0);
    expect(c.warnings[0].message).toContain('4xx');
    const e = await loadError('invalid-spec.yaml', { strict: true });
    expect(e.code).toBe('ERR_CONTRACT_INVALID');
  });

  it.each([
    ['remote-ref.yaml', 'ERR_CONTRACT_EXTERNAL_REF', /https:\/\/example\.com.*refused/, 12],
    ['file-ref.yaml', 'ERR_CONTRACT_EXTERNAL_REF', /\/etc\/passwd.*refused/, 12],
    ['local-ref.yaml', 'ERR_CONTRACT_EXTERNAL_REF', /\.\/pet\.yaml.*--allow-external-refs/, 12],
    ['cycle-ref.yaml', 'ERR_CONTRACT_REF_CYCLE', /cycle/, undefined],
    ['alias-bomb.yaml', 'ERR_CONTRACT_TOO_MANY_NODES', /alias bomb/, undefined],
    ['deep.yaml', 'ERR_CONTRACT_TOO_DEEP', /nested deeper/, undefined],
    ['invalid-utf8.yaml', 'ERR_CONTRACT_ENCODING', /UTF-8/, undefined],
    ['duplicate-keys.yaml', 'ERR_CONTRACT_SYNTAX', /duplicated mapping key/, 5],
    ['not-yaml.yaml', 'ERR_CONTRACT_SYNTAX', /not valid YAML/, undefined],
    ['not-openapi.yaml', 'ERR_CONTRACT_NOT_OPENAPI', /no "openapi" or "swagger"/, undefined],
    ['missing.yaml', 'ERR_CONTRACT_UNREADABLE', /: no such file$/, undefined],
  ])('refuses %s with %s', async (name, code, message, line) => {
    const e = await loadError(name);
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
    expect(e.message.startsWith(fixture(name))).toBe(true);
    if (line !== undefined) expect(e.line).toBe(line);
  });

  it('follows a $ref to a file beside the document only when allowed', async () => {
    const c = await loadContract(fixture('local-ref.yaml'), { allowExternalRefs: true });
    const schema = c.doc.paths['/a'].get.responses['200'].content['application/json'].schema;
    expect(JSON.stringify(schema)).toContain('"id"');
  });

  it('refuses a document over the size limit before reading it', async () => {
    const e = await loadError('petstore.yaml', { maxBytes: 100 });
    expect(e.code).toBe('ERR_CONTRACT_TOO_LARGE');
  });

  // Both read "0.0 MB" once: a size and a limit written alike say nothing about how far over the document is.
  it('says the size and a limit of a few bytes in bytes', async () => {
    const size = statSync(fixture('petstore.yaml')).size.toLocaleString('en');
    const e = await loadError('petstore.yaml', { maxBytes: 100 });
    expect(e.message).toBe(`${fixture('petstore.yaml')}: the document is ${size} bytes, over the limit of 100 bytes (--max-size raises it)`);
  });

  it('says a size one byte over its limit in bytes, where KB or MB would write the two alike', async () => {
    const text = 'openapi: 3.0.3\n'.repeat(100);
    const max = (n: number) => parseContract(text, 'c.yaml', { maxBytes: n });
    await expect(max(1499)).rejects.toThrow('c.yaml: the document is 1,500 bytes, over the limit of 1,499 bytes (--max-size raises it)');
    await expect(max(1024)).rejects.toThrow('c.yaml: the document is 1.5 KB, over the limit of 1.0 KB (--max-size raises it)');
  });

  it('names the setting that raises the limit where the reader is not the CLI', async () => {
    const text = 'openapi: 3.0.3\n'.repeat(200);
    await expect(parseContract(text, 'c.yaml', { maxBytes: 2048, raiseLimit: "the registry's OVERSEER_MAX_CONTRACT_BYTES sets it" })).rejects.toThrow(
      "c.yaml: the document is 2.9 KB, over the limit of 2.0 KB (the registry's OVERSEER_MAX_CONTRACT_BYTES sets it)",
    );
  });
});
