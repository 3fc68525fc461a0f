// A `default` is the value assumed when a value is left out (JSON Schema, OpenAPI 3.x; Swagger 2.0: "default has no
// meaning for required parameters"): on a parameter or property every caller or server must send, none is ever assumed,
// so adding, changing or dropping it changes nothing on the wire. Where the value may still be left out it is judged.
// A required body property's default is still reported (at info): its schema is compared apart from its parent's list.
import { describe } from 'vitest';
import { type Doc, obj, requestBody, runRuleCases, withParameter } from './harness.js';

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
      name: 'optional request property: default changed is still reported',
      base: requestBody(obj({ v: int({ default: 1 }) })),
      revision: requestBody(obj({ v: int({ default: 2 }) })),
      expect: ['request-property-default-value-changed'],
    },
  ]);
});
