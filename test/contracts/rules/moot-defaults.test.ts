// A `default` is the value assumed when a value is left out (JSON Schema, OpenAPI 3.x; Swagger 2.0: "default has no
// meaning for required parameters"): on a parameter or property every caller or server must send, none is ever assumed,
// so adding, changing or dropping it changes nothing on the wire. Where the value may still be left out it is judged.
// The same holds for a body property the revision requires, in a request (every client sends it) and in a response
// (every answer carries it, so a reader never falls back on the default).
import { describe } from 'vitest';
import { type Doc, obj, requestBody, responseBody, runRuleCases, withParameter } from './harness.js';

const int = (extra: Doc = {}) => ({ type: 'integer', ...extra });
const query = (required: boolean, schema: Doc) => ({ name: 'limit', in: 'query', ...(required ? { required } : {}), schema });
const pathParam = (schema: Doc) => ({ name: 'id', in: 'path', required: true, schema });
const atId = (schema: Doc) => ({
  openapi: '3.0.3',
  info: { title: 'pets', version: '1.0.0' },
  paths: { '/pets/{id}': { get: { parameters: [pathParam(schema)], responses: { '200': { description: 'ok' } } } } },
});

describe('default on what must always be sent', () => {
  runRuleCases([
    {
      name: 'required query parameter: default added',
      base: withParameter(query(true, int())),
      revision: withParameter(query(true, int({ default: 10 }))),
      expect: 'none',
    },
    {
      name: 'required query parameter: default changed',
      base: withParameter(query(true, int({ default: 10 }))),
      revision: withParameter(query(true, int({ default: 20 }))),
      expect: 'none',
    },
    { name: 'path parameter (always required): default dropped', base: atId(int({ default: 1 })), revision: atId(int()), expect: 'none' },
    {
      name: 'optional query parameter: default changed is still judged',
      base: withParameter(query(false, int({ default: 10 }))),
      revision: withParameter(query(false, int({ default: 20 }))),
      expect: ['request-parameter-default-value-changed'],
    },
    {
      name: 'optional parameter made required, its default dropped: the requirement is the change',
      base: withParameter(query(false, int({ default: 10 }))),
      revision: withParameter(query(true, int())),
      expect: ['request-parameter-became-required'],
    },
    {
      name: 'optional array query parameter: a default on its items (an item is never left out)',
      base: withParameter({ name: 'ids', in: 'query', schema: { type: 'array', items: int() } }),
      revision: withParameter({ name: 'ids', in: 'query', schema: { type: 'array', items: int({ default: 1 }) } }),
      expect: 'none',
    },
    {
      name: 'required array query parameter: items default changed',
      base: withParameter({ name: 'ids', in: 'query', required: true, schema: { type: 'array', items: int({ default: 1 }) } }),
      revision: withParameter({ name: 'ids', in: 'query', required: true, schema: { type: 'array', items: int({ default: 2 }) } }),
      expect: 'none',
    },
    {
      name: 'optional array query parameter: its own default is still judged',
      base: withParameter({ name: 'ids', in: 'query', schema: { type: 'array', items: int() } }),
      revision: withParameter({ name: 'ids', in: 'query', schema: { type: 'array', items: int(), default: [1] } }),
      expect: [{ id: 'request-parameter-default-value-added', level: 'warning' }],
    },
    {
      name: 'required request property: default added',
      base: requestBody(obj({ v: int() }, ['v'])),
      revision: requestBody(obj({ v: int({ default: 1 }) }, ['v'])),
      expect: 'none',
    },
    {
      name: 'required request property: default changed',
      base: requestBody(obj({ v: int({ default: 1 }) }, ['v'])),
      revision: requestBody(obj({ v: int({ default: 2 }) }, ['v'])),
      expect: 'none',
    },
    {
      name: 'required request property through $ref: default dropped',
      base: requestBody(obj({ v: { $ref: '#/components/schemas/V' } }, ['v']), { schemas: { V: int({ default: 1 }) } }),
      revision: requestBody(obj({ v: { $ref: '#/components/schemas/V' } }, ['v']), { schemas: { V: int() } }),
      expect: 'none',
    },
    {
      name: 'required response property: default changed',
      base: responseBody(obj({ v: int({ default: 1 }) }, ['v'])),
      revision: responseBody(obj({ v: int({ default: 2 }) }, ['v'])),
      expect: 'none',
    },
    {
      name: 'request property made optional with a default: both are said',
      base: requestBody(obj({ v: int() }, ['v'])),
      revision: requestBody(obj({ v: int({ default: 1 }) })),
      expect: ['request-property-became-optional', { id: 'request-property-default-value-added', level: 'warning' }],
    },
    {
      name: 'optional response property: default changed is still reported',
      base: responseBody(obj({ v: int({ default: 1 }) })),
      revision: responseBody(obj({ v: int({ default: 2 }) })),
      expect: [{ id: 'response-property-default-value-changed', level: 'info' }],
    },
    {
      name: 'optional request property: default changed is still reported',
      base: requestBody(obj({ v: int({ default: 1 }) })),
      revision: requestBody(obj({ v: int({ default: 2 }) })),
      expect: ['request-property-default-value-changed'],
    },
  ]);
});
