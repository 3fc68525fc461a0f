// The fields OpenAPI 3.1 added to its objects: a Path Item `$ref` with fields beside it (3.0 allows them too), webhooks,
// `pathItems` in components, and the ones that only document (`jsonSchemaDialect` written as its default, `summary` on
// Info, `identifier` on License), which no client sees.
import { describe } from 'vitest';
import { type Doc, type RuleCase, runRuleCases } from './harness.js';

const ok = { responses: { '200': { description: 'ok' } } };
const post = { requestBody: { content: { 'application/json': { schema: { type: 'string' } } } }, ...ok };
const doc = (version: string, extra: Doc): Doc => ({ openapi: version, info: { title: 't', version: '1' }, paths: {}, ...extra });
/** `/p` names a path item of the components, with `fields` written beside the `$ref`. */
const byRef = (version: string, fields: Doc, target: Doc = { post }): Doc =>
  doc(version, { paths: { '/p': { $ref: '#/components/pathItems/P', ...fields } }, components: { pathItems: { P: target } } });

/** A `newPet` webhook sending an object with `properties`, answered with `responses`. */
const hook = (properties: Doc, responses: Doc = { '200': { description: 'ok' } }): Doc =>
  doc('3.1.0', { webhooks: { newPet: { post: { requestBody: { content: { 'application/json': { schema: { type: 'object', properties } } } }, responses } } } });

describe('OpenAPI 3.1 objects', () => {
  const cases: RuleCase[] = [];
  for (const version of ['3.0.3', '3.1.0']) {
    cases.push(
      {
        name: `${version}: an operation beside a Path Item $ref is one of the path's, and dropping it removes it`,
        base: byRef(version, { get: ok }),
        revision: byRef(version, {}),
        expect: [{ id: 'api-removed-without-deprecation', level: 'breaking', operation: 'GET /p', pointer: '/paths/~1p/get' }],
      },
      {
        name: `${version}: an operation moved from beside the $ref into the path item it names is no change`,
        base: byRef(version, { get: ok }),
        revision: byRef(version, {}, { post, get: ok }),
        expect: 'none',
      },
      {
        name: `${version}: parameters beside a Path Item $ref apply to its operations`,
        base: byRef(version, {}),
        revision: byRef(version, { parameters: [{ name: 'tenant', in: 'header', required: true, schema: { type: 'string' } }] }),
        expect: [
          { id: 'new-required-request-default-parameter-to-existing-path', level: 'breaking', operation: 'POST /p', pointer: '/paths/~1p/parameters/0' },
        ],
      },
    );
  }
  cases.push(
    {
      name: 'a path item in components changed under a $ref is judged where it is used',
      base: byRef('3.1.0', {}),
      revision: byRef('3.1.0', {}, { post: { requestBody: { content: { 'application/json': { schema: { type: 'string', maxLength: 3 } } } }, ...ok } }),
      expect: [{ id: 'request-body-max-length-set', level: 'breaking', operation: 'POST /p' }],
    },
    {
      name: 'a webhook body is what subscribers read: a property it no longer sends is a removal from a response',
      base: hook({ a: { type: 'string' }, b: { type: 'string' } }),
      revision: hook({ a: { type: 'string' } }),
      expect: [
        {
          id: 'response-optional-property-removed',
          level: 'warning',
          operation: 'webhook `newPet` POST',
          pointer: '/webhooks/newPet/post/requestBody/content/application~1json/schema/properties/b',
        },
      ],
    },
    {
      name: 'a webhook body that sends wider values breaks its readers',
      base: hook({ a: { type: 'integer' } }),
      revision: hook({ a: { type: 'number' } }),
      expect: [{ id: 'response-property-type-generalized', level: 'breaking', operation: 'webhook `newPet` POST' }],
    },
    {
      name: 'a webhook body narrowed is no break',
      base: hook({ a: { type: 'string' } }),
      revision: hook({ a: { type: 'string', maxLength: 3 } }),
      expect: [{ id: 'response-property-max-length-set', level: 'info' }],
    },
    {
      name: "what a subscriber answers is a request: a status the provider no longer reads breaks the subscriber's answer",
      base: hook({ a: { type: 'string' } }, { '200': { description: 'ok' }, '410': { description: 'gone' } }),
      revision: hook({ a: { type: 'string' } }),
      expect: [{ id: 'api-callback-response-status-removed', level: 'breaking', operation: 'webhook `newPet` POST' }],
    },
    {
      name: 'a webhook dropped: subscribers no longer receive it',
      base: doc('3.1.0', { webhooks: { newPet: { post } } }),
      revision: doc('3.1.0', {}),
      expect: [{ id: 'webhook-removed', level: 'breaking' }],
    },
    {
      name: 'jsonSchemaDialect, Info summary and License identifier only document',
      base: doc('3.1.0', { info: { title: 't', version: '1', license: { name: 'MIT', identifier: 'MIT' } } }),
      revision: doc('3.1.0', {
        jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
        info: { title: 't', version: '1', summary: 'pets', license: { name: 'Apache 2.0', identifier: 'Apache-2.0' } },
      }),
      expect: 'none',
    },
  );
  runRuleCases(cases);
});
