// The same rules whatever the input looks like: YAML or JSON, OpenAPI 3 or Swagger 2.0 (converted
// on load, with locations reported into the file as written).
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { diffContracts } from '../../../contracts/diff.js';
import { loadContract } from '../../../contracts/load/load.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/rules/${name}`, import.meta.url));
const load = (name: string) => loadContract(fixture(name));
const seen = (changes: { id: string; level: string; operation?: string; location: string; line?: number; message: string }[]) =>
  changes.map((c) => ({ id: c.id, level: c.level, operation: c.operation, location: c.location, line: c.line, message: c.message }));

describe('input formats', () => {
  it('YAML and JSON of the same document: no change', async () => {
    expect(diffContracts(await load('pets.yaml'), await load('pets.json')).changes).toEqual([]);
  });

  it('Swagger 2.0 and the same API in OpenAPI 3: no change', async () => {
    expect(diffContracts(await load('pets-swagger2.yaml'), await load('pets.yaml')).changes).toEqual([]);
  });

  it('Swagger 2.0 on both sides: changes located in the Swagger 2.0 files', async () => {
    const { changes } = diffContracts(await load('pets-swagger2.yaml'), await load('pets-swagger2-revision.yaml'));
    expect(seen(changes)).toEqual([
      {
        id: 'response-property-became-optional',
        level: 'breaking',
        operation: 'GET /pets/{petId}',
        location: '/definitions/Pet/properties/name',
        line: 32,
        message: 'response property `name` became optional',
      },
      {
        id: 'new-required-request-parameter',
        level: 'breaking',
        operation: 'GET /pets/{petId}',
        location: '/paths/~1pets~1{petId}/get/parameters/1',
        line: 16,
        message: 'new required query parameter `fields`',
      },
    ]);
  });
});
