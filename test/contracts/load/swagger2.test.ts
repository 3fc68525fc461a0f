// Swagger 2.0 is converted without a copy of the JSON document and without a YAML round trip:
// the document as written must come out unchanged, and YAML aliases must still convert.
import { describe, expect, it } from 'vitest';
import { parseContract } from '../../../contracts/index.js';

const JSON_DOC = `{
  "swagger": "2.0",
  "info": { "title": "pets", "version": "1" },
  "paths": {
    "/pets": {
      "post": {
        "consumes": ["application/json"],
        "parameters": [{ "name": "pet", "in": "body", "required": true, "schema": { "$ref": "#/definitions/Pet" } }],
        "responses": { "201": { "description": "made", "schema": { "$ref": "#/definitions/Pet" } } }
      }
    }
  },
  "definitions": { "Pet": { "type": "object", "properties": { "name": { "type": "string" } } } }
}
`;

const YAML_DOC = `swagger: "2.0"
info: { title: pets, version: "1" }
paths:
  /pets:
    get:
      produces: [application/json]
      responses:
        "200":
          description: ok
          schema: &pet
            type: object
            properties:
              name: { type: string }
  /pets/{id}:
    get:
      produces: [application/json]
      parameters: [{ name: id, in: path, required: true, type: string }]
      responses:
        "200":
          description: ok
          schema: *pet
`;

describe('Swagger 2.0 loading', () => {
  it('leaves a JSON document as written and points converted places back to its lines', async () => {
    const loaded = await parseContract(JSON_DOC, 'pets.json');
    expect(loaded.source).toEqual(JSON.parse(JSON_DOC));
    expect(loaded.doc.openapi).toMatch(/^3\.0/);
    expect(loaded.doc.paths['/pets'].post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Pet' });
    expect(loaded.locate('/paths/~1pets/post/requestBody/content/application~1json/schema')).toEqual({
      pointer: '/paths/~1pets/post/parameters/0/schema',
      line: 8,
    });
    expect(loaded.locate('/components/schemas/Pet/properties/name')).toEqual({ pointer: '/definitions/Pet/properties/name', line: 13 });
  });

  it('converts a YAML document whose alias makes two responses one object', async () => {
    const loaded = await parseContract(YAML_DOC, 'pets.yaml');
    const schemaOf = (path: string) => loaded.doc.paths[path].get.responses['200'].content['application/json'].schema;
    expect(schemaOf('/pets')).toEqual(schemaOf('/pets/{id}'));
    expect(schemaOf('/pets/{id}').properties.name).toEqual({ type: 'string' });
    expect(loaded.warnings).toEqual([]);
  });

  it('gives the body written on a path to an operation without parameters of its own, leaving the document as written', async () => {
    const text = `swagger: "2.0"
info: { title: pets, version: "1" }
paths:
  /pets:
    parameters: [{ name: pet, in: body, required: true, schema: { type: object } }]
    post:
      responses: { "201": { description: made } }
`;
    const loaded = await parseContract(text, 'pets.yaml');
    expect(loaded.source.paths['/pets'].post).toEqual({ responses: { 201: { description: 'made' } } });
    expect(loaded.doc.paths['/pets'].post.requestBody).toMatchObject({ required: true, content: { 'application/json': { schema: { type: 'object' } } } });
    expect(loaded.locate('/paths/~1pets/post/requestBody')).toEqual({ pointer: '/paths/~1pets/parameters/0', line: 5 });
  });
});
