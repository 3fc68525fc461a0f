// The JSON Schema dialect of a 3.1 document (`jsonSchemaDialect`) and of a schema (`$schema`): a change names both
// dialects for a reviewer, on either side and in either direction; naming the dialect already in force changes nothing.
import { describe } from 'vitest';
import { type Doc, type RuleCase, runRuleCases } from './harness.js';

const DRAFT4 = 'http://json-schema.org/draft-04/schema#';
const OAS = 'https://spec.openapis.org/oas/3.1/dialect/base';
const doc = (extra: Doc, schema: Doc = { type: 'string' }): Doc => ({
  openapi: '3.1.0',
  info: { title: 't', version: '1' },
  ...extra,
  paths: {
    '/p': {
      post: {
        requestBody: { content: { 'application/json': { schema } } },
        responses: { '200': { description: 'ok', content: { 'application/json': { schema } } } },
      },
    },
  },
});
const withSchema = (dialect: string) => ({ type: 'object', $schema: dialect, properties: { n: { type: 'number', minimum: 0 } } });

describe('dialects', () => {
  const cases: RuleCase[] = [
    {
      name: 'jsonSchemaDialect moved to draft 4 names both dialects',
      base: doc({}),
      revision: doc({ jsonSchemaDialect: DRAFT4 }),
      expect: [{ id: 'json-schema-dialect-changed', level: 'warning', operation: null, pointer: '/jsonSchemaDialect', message: [OAS, DRAFT4] }],
    },
    {
      name: 'jsonSchemaDialect dropped goes back to the default, which is a change too',
      base: doc({ jsonSchemaDialect: DRAFT4 }),
      revision: doc({}),
      expect: [{ id: 'json-schema-dialect-changed', level: 'warning', message: [`read as ${DRAFT4} and are now read as ${OAS}`] }],
    },
    { name: 'jsonSchemaDialect written as the default changes nothing', base: doc({}), revision: doc({ jsonSchemaDialect: OAS }), expect: 'none' },
    {
      name: 'a schema given its own $schema is named on the request and the response side',
      base: doc({}, withSchema(OAS)),
      revision: doc({}, withSchema(DRAFT4)),
      expect: [
        { id: 'schema-dialect-changed', level: 'warning', operation: 'POST /p', message: ['the request body', OAS, DRAFT4] },
        { id: 'schema-dialect-changed', level: 'warning', operation: 'POST /p', message: ['the response body', OAS, DRAFT4] },
      ],
    },
    {
      name: "a schema's $schema dropped: it is read in the document's dialect again",
      base: doc({}, withSchema(DRAFT4)),
      revision: doc({}, { type: 'object', properties: { n: { type: 'number', minimum: 0 } } }),
      only: ['schema-dialect-changed'],
      expect: [
        { id: 'schema-dialect-changed', message: [`read as ${DRAFT4} and is now read as ${OAS}`] },
        { id: 'schema-dialect-changed', message: [`read as ${DRAFT4} and is now read as ${OAS}`] },
      ],
    },
    {
      name: "a $schema naming the document's dialect changes nothing",
      base: doc({ jsonSchemaDialect: DRAFT4 }, withSchema(DRAFT4).properties.n),
      revision: doc({ jsonSchemaDialect: DRAFT4 }, { ...withSchema(DRAFT4).properties.n, $schema: DRAFT4 }),
      expect: 'none',
    },
  ];
  runRuleCases(cases);
});
