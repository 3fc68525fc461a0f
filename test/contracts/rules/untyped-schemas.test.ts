// A schema with object (or array) keywords and no `type` admits every type: its keywords bind only objects (arrays).
// Adding the type narrows what it admits and removing it widens; when the type is the one the keywords described, a
// reviewer warns (nobody meant the other types), otherwise it is judged like any other type change.
import { describe, expect, it } from 'vitest';
import { diffContracts, parseContract } from '../../../contracts/index.js';
import { type Doc, inRequest, inResponse, REQ_V, RES_V, type RuleCase, requestBody, responseBody, runRuleCases } from './harness.js';

const BODY_REQ = '/paths/~1pets/post/requestBody/content/application~1json/schema';
const BODY_RES = '/paths/~1pets/get/responses/200/content/application~1json/schema';
const untyped = { properties: { a: { type: 'string' } } };
const typed = { type: 'object', ...untyped };
const as31 = (c: RuleCase): RuleCase => ({
  ...c,
  name: `3.1 ${c.name}`,
  base: { ...c.base, openapi: '3.1.0' },
  revision: { ...c.revision, openapi: '3.1.0' },
});
const body = (name: string, side: 'request' | 'response', from: Doc, to: Doc, expect: RuleCase['expect']): RuleCase => {
  const wrap = side === 'request' ? requestBody : responseBody;
  return { name: `${side} body: ${name}`, base: wrap(from), revision: wrap(to), expect };
};
const ANY_OBJECT = 'any (no `type`: its object keywords bind only objects)';

describe('object keywords without a type', () => {
  const cases: RuleCase[] = [
    body('type object added: non-objects are no longer accepted (warning)', 'request', untyped, typed, [
      { id: 'request-body-type-declared', level: 'warning', pointer: BODY_REQ, message: [`from ${ANY_OBJECT} to object`] },
    ]),
    body('type object added: what readers get is narrower (info)', 'response', untyped, typed, [
      { id: 'response-body-type-specialized', level: 'info', pointer: BODY_RES },
    ]),
    body('type object removed: any value is accepted (info)', 'request', typed, untyped, [
      { id: 'request-body-type-generalized', level: 'info', message: [`from object to ${ANY_OBJECT}`] },
    ]),
    body('type object removed: readers may get a non-object (warning)', 'response', typed, untyped, [
      { id: 'response-body-type-undeclared', level: 'warning', pointer: BODY_RES },
    ]),
    inRequest('a property gains type object (warning)', untyped, typed, [{ id: 'request-property-type-declared', level: 'warning', pointer: REQ_V }]),
    inResponse('a property loses type object (warning)', typed, untyped, [{ id: 'response-property-type-undeclared', level: 'warning', pointer: RES_V }]),
    inRequest('a property with object keywords becomes a string (breaking)', untyped, { type: 'string' }, [
      { id: 'request-property-type-changed', level: 'breaking', message: [`from ${ANY_OBJECT} to string`] },
      'request-property-removed',
    ]),
    inRequest('only `required`, then type object (warning)', { required: ['a'] }, { type: 'object', required: ['a'] }, [
      { id: 'request-property-type-declared', level: 'warning' },
    ]),
    inRequest('`items`, then type array (warning)', { items: { type: 'string' } }, { type: 'array', items: { type: 'string' } }, [
      { id: 'request-property-type-declared', level: 'warning', message: ['from any (no `type`: its array keywords bind only arrays) to array'] },
    ]),
    inResponse('`items`, then type array (info)', { items: { type: 'string' } }, { type: 'array', items: { type: 'string' } }, [
      { id: 'response-property-type-specialized', level: 'info' },
    ]),
    body('still compared property by property without a type', 'request', untyped, { properties: { a: { type: 'integer' } } }, [
      { id: 'request-property-type-changed', level: 'breaking', pointer: `${BODY_REQ}/properties/a`, message: ['from string to integer'] },
    ]),
    body('the type and a property changed at once: both', 'response', untyped, { type: 'object', properties: { a: { type: 'integer' } } }, [
      { id: 'response-body-type-specialized', level: 'info' },
      { id: 'response-property-type-changed', level: 'breaking', pointer: `${BODY_RES}/properties/a` },
    ]),
    body('properties dropped from an untyped schema: the property, no type change', 'response', untyped, {}, [
      { id: 'response-optional-property-removed', level: 'warning' },
    ]),
    inResponse('3.0: nullable beside properties and no type is read as written (breaking)', untyped, { ...untyped, nullable: true }, [
      { id: 'response-property-became-nullable', level: 'breaking' },
    ]),
  ];
  runRuleCases(cases);
  runRuleCases(cases.slice(0, 13).map(as31));
  runRuleCases([
    as31(
      inResponse('null added to a schema that had no type: only the type narrowed', untyped, { ...untyped, type: ['object', 'null'] }, [
        { id: 'response-property-type-specialized', level: 'info' },
      ]),
    ),
  ]);
});

/** A 2.0 document whose `POST /pets` takes, or whose `GET /pets` returns, `schema`. */
const swagger2 = (side: 'request' | 'response', schema: Doc) =>
  JSON.stringify({
    swagger: '2.0',
    info: { title: 'pets', version: '1' },
    paths: {
      '/pets':
        side === 'request'
          ? {
              post: {
                consumes: ['application/json'],
                parameters: [{ in: 'body', name: 'pet', required: true, schema }],
                responses: { '200': { description: 'ok' } },
              },
            }
          : { get: { produces: ['application/json'], responses: { '200': { description: 'ok', schema } } } },
    },
  });
const changes2 = async (side: 'request' | 'response', from: Doc, to: Doc) => {
  const diff = diffContracts(await parseContract(swagger2(side, from), 'base.json'), await parseContract(swagger2(side, to), 'revision.json'));
  return diff.changes.map((c) => `${c.id} ${c.level}`);
};

describe('object keywords without a type in 2.0', () => {
  it('type object added to a body parameter: warning', async () => {
    expect(await changes2('request', untyped, typed)).toEqual(['request-body-type-declared warning']);
  });
  it('type object added to a response: info', async () => {
    expect(await changes2('response', untyped, typed)).toEqual(['response-body-type-specialized info']);
  });
  it('type object removed from a response: warning', async () => {
    expect(await changes2('response', typed, untyped)).toEqual(['response-body-type-undeclared warning']);
  });
});
