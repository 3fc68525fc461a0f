// A response header described by `schema` is written by the `simple` style (RFC 6570), which writes nothing for null:
// a header whose schema admits null is one the server may leave out. So "may now be null" on a required response header
// is said as what a client meets, the header may be absent (breaking, as for a header that became optional), and on an
// optional one it changes nothing a client could see. A header described by `content` can carry the text `null`.
import { describe } from 'vitest';
import { api, type Doc, runRuleCases } from './harness.js';

const WHERE = '/paths/~1pets/get/responses/200/headers/X-Rate';

function withHeader(header: Doc, openapi = '3.0.3'): Doc {
  return api({ '/pets': { get: { responses: { '200': { description: 'ok', headers: { 'X-Rate': header } } } } } }, { openapi });
}

const required = (schema: Doc) => ({ required: true, schema });
const mayBeAbsent = { id: 'response-header-became-optional', level: 'breaking' as const, pointer: WHERE };

describe('null in a response header schema', () => {
  runRuleCases([
    {
      name: '3.0: a required header becomes nullable: it may now be absent',
      base: withHeader(required({ type: 'integer' })),
      revision: withHeader(required({ type: 'integer', nullable: true })),
      expect: [{ ...mayBeAbsent, message: ['response 200 header `X-Rate` may now be absent: its schema admits null, and a null header is not sent'] }],
    },
    {
      name: '3.1: a required header gains "null" in its type: it may now be absent',
      base: withHeader(required({ type: 'integer' }), '3.1.0'),
      revision: withHeader(required({ type: ['integer', 'null'] }), '3.1.0'),
      expect: [mayBeAbsent],
    },
    {
      name: '3.1: a required header wrapped as oneOf [null, X]: it may now be absent',
      base: withHeader(required({ type: 'integer' }), '3.1.0'),
      revision: withHeader(required({ oneOf: [{ type: 'null' }, { type: 'integer' }] }), '3.1.0'),
      expect: [mayBeAbsent],
    },
    {
      name: 'an optional header becomes nullable: it could be absent already',
      base: withHeader({ schema: { type: 'integer' } }),
      revision: withHeader({ schema: { type: 'integer', nullable: true } }),
      expect: 'none',
    },
    {
      name: 'a required nullable header loses its null: now always sent, which no client minds',
      base: withHeader(required({ type: 'integer', nullable: true })),
      revision: withHeader(required({ type: 'integer' })),
      expect: 'none',
    },
    {
      name: 'a required nullable header becomes optional: it could be absent already',
      base: withHeader(required({ type: 'integer', nullable: true })),
      revision: withHeader({ schema: { type: 'integer', nullable: true } }),
      expect: 'none',
    },
    {
      name: 'a required header both optional and nullable is said once, as optional',
      base: withHeader(required({ type: 'integer' })),
      revision: withHeader({ schema: { type: 'integer', nullable: true } }),
      expect: [{ ...mayBeAbsent, message: ['response 200 header `X-Rate` became optional'] }],
    },
  ]);
});
