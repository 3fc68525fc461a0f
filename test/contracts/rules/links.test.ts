// A response's `links` (OpenAPI 3.0 and 3.1, Link Object) describe, for tools and readers, how a value of the response
// may feed another operation: they are not sent, and no request or response changes with them. Removing, adding or
// rewriting one is no finding; the operation a link named being removed is that operation's own finding.
import { describe } from 'vitest';
import { api, type Doc, json, runRuleCases } from './harness.js';

const S = { type: 'string' };
const getPet = { operationId: 'getPet', parameters: [{ name: 'id', in: 'path', required: true, schema: S }], responses: { '200': { description: 'ok' } } };
/** `POST /pets` answering 201 with `links`; `GET /pets/{id}` beside it unless `withGet` is false. */
const created = (links?: Doc, withGet = true): Doc =>
  api({
    '/pets': {
      post: {
        operationId: 'addPet',
        responses: { '201': { description: 'made', content: json({ type: 'object', properties: { id: S } }), ...(links ? { links } : {}) } },
      },
    },
    ...(withGet ? { '/pets/{id}': { get: getPet } } : {}),
  });
const link = (extra: Doc = {}) => ({ GetPet: { operationId: 'getPet', parameters: { id: '$response.body#/id' }, ...extra } });

describe('response links', () => {
  runRuleCases([
    { name: 'a link dropped', base: created(link()), revision: created(), expect: 'none' },
    { name: 'a link added', base: created(), revision: created(link()), expect: 'none' },
    {
      name: "a link's parameter expression rewritten",
      base: created(link()),
      revision: created(link({ parameters: { id: '$response.body#/uid' } })),
      expect: 'none',
    },
    { name: 'a link given a request body', base: created(link()), revision: created(link({ requestBody: '$response.body' })), expect: 'none' },
    {
      name: 'the operation a link names removed: the removal is the finding',
      base: created(link()),
      revision: created(link(), false),
      expect: [{ id: 'api-path-removed-without-deprecation', level: 'breaking' }],
    },
  ]);
});
