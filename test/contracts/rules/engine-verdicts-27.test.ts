// Verdicts a reviewer reading the specification gives about an existing client (issue #14): a format written on a type
// it is not defined for constrains nothing; `number` beside a dropped `integer` takes no value away; a request's
// `default` moved changes what omitting the value means, the same for a parameter as for a property.
import { describe, expect, it } from 'vitest';
import type { Direction, SchemaPosition } from '../../../contracts/rules/types.js';
import { type Doc, findings } from './harness.js';
import { place } from './mutation-place.js';

function seen(openapi: '3.0.3' | '3.1.0', base: Doc, revision: Doc, direction: Direction, position: SchemaPosition) {
  const m = { base, revision, openapi: openapi as '3.0.3' };
  return findings(place(base, direction, position, m), place(revision, direction, position, m, 'revision'));
}
const verdicts = (list: { id: string; level: string }[]) => list.map((f) => [f.id, f.level]);

describe('a format on a type it is not defined for', () => {
  it('int32 added to a boolean request property is info, saying it constrains nothing', () => {
    const found = seen('3.0.3', { type: 'boolean' }, { type: 'boolean', format: 'int32' }, 'request', 'property');
    expect(verdicts(found)).toEqual([['request-property-format-added', 'info']]);
    expect(found[0].message).toContain('on a boolean schema, where it constrains nothing: a validating server ignores it');
  });

  it('date-time dropped from an integer response property is info', () => {
    const found = seen('3.0.3', { type: 'integer', format: 'date-time' }, { type: 'integer' }, 'response', 'property');
    expect(verdicts(found)).toEqual([['response-property-format-removed', 'info']]);
  });

  it('date changed to uuid on an integer parameter is info', () => {
    const found = seen('3.0.3', { type: 'integer', format: 'date' }, { type: 'integer', format: 'uuid' }, 'request', 'parameter');
    expect(verdicts(found)).toEqual([['request-parameter-format-changed', 'info']]);
  });

  it('on the type it is defined for, or a custom format, it is judged as before', () => {
    expect(verdicts(seen('3.0.3', { type: 'integer' }, { type: 'integer', format: 'int32' }, 'request', 'property'))).toEqual([
      ['request-property-format-added', 'breaking'],
    ]);
    expect(verdicts(seen('3.0.3', { type: 'boolean' }, { type: 'boolean', format: 'yes-no' }, 'request', 'property'))).toEqual([
      ['request-property-format-added', 'breaking'],
    ]);
  });
});

const anyOf = (...types: string[]) => ({ anyOf: types.map((type) => ({ type })) });

describe('a list of types where number replaces integer', () => {
  it('says number was added and nothing was taken away', () => {
    const found = seen('3.0.3', anyOf('integer', 'string'), anyOf('number', 'string'), 'response', 'property');
    expect(found.map((f) => f.message)).toEqual(['response property `field` now also allows number (was integer, string)']);
  });
});

describe("a request's default changed", () => {
  for (const position of ['parameter', 'property', 'body', 'header-parameter'] as const)
    it(`is a warning on a ${position}, the meaning of an omitted value changing`, () => {
      const found = seen('3.0.3', { type: 'string', default: 'a' }, { type: 'string', default: 'b' }, 'request', position);
      expect(found.map((f) => f.level)).toEqual(['warning']);
      expect(found[0].id).toMatch(/^request-(parameter|property|body)-default-value-changed$/);
    });

  it('is info in a response, where it is what the client assumes', () => {
    const found = seen('3.0.3', { type: 'string', default: 'a' }, { type: 'string', default: 'b' }, 'response', 'property');
    expect(verdicts(found)).toEqual([['response-property-default-value-changed', 'info']]);
  });
});

describe('properties, required and items under a schema of another type', () => {
  const a = { a: { type: 'string' } };
  it('a string that gains required [a] over its properties refuses no request: info, saying why', () => {
    const found = seen('3.0.3', { type: 'string', properties: a }, { type: 'string', properties: a, required: ['a'] }, 'request', 'body');
    expect(verdicts(found)).toEqual([['request-property-became-required', 'info']]);
    expect(found[0].message).toContain('on a string schema, where it constrains nothing: a validating server ignores it');
  });

  it("a property's type changed under an integer's properties is info", () => {
    const found = seen('3.0.3', { type: 'integer', properties: a }, { type: 'integer', properties: { a: { type: 'integer' } } }, 'response', 'body');
    expect(verdicts(found)).toEqual([['response-property-type-changed', 'info']]);
  });

  it("an object's items changing type is info; an array's is judged", () => {
    const items = (type: string, itemType: string) => ({ type, items: { type: itemType } });
    expect(verdicts(seen('3.0.3', items('object', 'string'), items('object', 'integer'), 'request', 'body'))).toEqual([
      ['request-property-type-changed', 'info'],
    ]);
    expect(verdicts(seen('3.0.3', items('array', 'string'), items('array', 'integer'), 'request', 'body'))).toEqual([
      ['request-property-type-changed', 'breaking'],
    ]);
  });

  it('on an object, or where no type is written, required is judged as before', () => {
    for (const type of [{ type: 'object' }, {}])
      expect(verdicts(seen('3.0.3', { ...type, properties: a }, { ...type, properties: a, required: ['a'] }, 'request', 'body'))).toEqual([
        ['request-property-became-required', 'breaking'],
      ]);
  });
});

describe('a schema no value satisfies', () => {
  const owner = { type: 'object', properties: { id: { type: 'string' } } };
  const withOwner = (schema: Doc) => ({ components: { schemas: { Owner: owner } }, schema });
  function body31(schema: Doc, direction: Direction) {
    const where = { content: { 'application/json': { schema: { type: 'object', properties: { owner: schema } } } } };
    return {
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      paths: {
        '/p': {
          post: {
            ...(direction === 'request' ? { requestBody: where } : {}),
            responses: { '200': { description: 'ok', ...(direction === 'response' ? where : {}) } },
          },
        },
      },
      components: withOwner(schema).components,
    };
  }
  const ownerRef = { $ref: '#/components/schemas/Owner' };
  const ownerOrNullWrong = { allOf: [ownerRef, { type: 'null' }] };

  it('allOf [Owner, {type: null}] in a request refuses every owner sent: breaking, saying why', () => {
    const found = findings(body31(ownerRef, 'request'), body31(ownerOrNullWrong, 'request')).filter((f) => !f.id.endsWith('became-all-of'));
    expect(verdicts(found)).toEqual([['request-property-type-changed', 'breaking']]);
    expect(found[0].message).toBe('request property `owner` now admits no value (was object): its allOf parts share no type');
  });

  it('in a response, the server can no longer send it: a narrowing, info', () => {
    const found = findings(body31(ownerRef, 'response'), body31(ownerOrNullWrong, 'response')).filter((f) => !f.id.endsWith('became-all-of'));
    expect(verdicts(found)).toEqual([['response-property-type-specialized', 'info']]);
  });

  it('oneOf: [] admits nothing: becoming it breaks a request, leaving it widens', () => {
    const to = seen('3.0.3', { type: 'string' }, { oneOf: [] }, 'request', 'property');
    expect(to.map((f) => [f.id, f.level, f.message])).toEqual([
      ['request-property-type-changed', 'breaking', 'request property `field` now admits no value (was string): its oneOf lists no alternative'],
    ]);
    const from = seen('3.0.3', { oneOf: [] }, { type: 'string' }, 'response', 'property');
    expect(from.map((f) => [f.id, f.message])).toEqual([
      ['response-property-type-generalized', 'response property `field` admitted no value (its oneOf lists no alternative) and now admits string'],
    ]);
  });
});
