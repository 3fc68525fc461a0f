// A parameter described by `schema` is expanded as RFC 6570 says (every style OpenAPI gives path, query, header and
// cookie parameters builds on it), and RFC 6570 treats null as undefined: it expands to nothing. So null becoming valid,
// or no longer valid, on such a parameter changes nothing a client sends; on one sent as JSON `content` it still does.
import { describe } from 'vitest';
import { type Doc, type RuleCase, runRuleCases, withParameter } from './harness.js';

const param = (where: string, schema: Doc, extra: Doc = {}): Doc => ({ name: 'q', in: where, schema, ...extra });
const v31 = (doc: Doc): Doc => ({ ...doc, openapi: '3.1.0' });
const pair = (name: string, base: Doc, revision: Doc, expect: RuleCase['expect']): RuleCase => ({
  name,
  base: withParameter(base),
  revision: withParameter(revision),
  expect,
});
const pair31 = (name: string, base: Doc, revision: Doc, expect: RuleCase['expect']): RuleCase => ({
  name,
  base: v31(withParameter(base)),
  revision: v31(withParameter(revision)),
  expect,
});

describe('null on a parameter described by schema', () => {
  runRuleCases([
    pair('3.0 query: nullable dropped sends the same', param('query', { type: 'string', nullable: true }), param('query', { type: 'string' }), 'none'),
    pair('3.0 query: nullable written sends the same', param('query', { type: 'integer' }), param('query', { type: 'integer', nullable: true }), 'none'),
    pair31('3.1 query: "null" dropped from the types', param('query', { type: ['string', 'null'] }), param('query', { type: 'string' }), 'none'),
    pair31(
      '3.1 required query: "null" added to the types',
      param('query', { type: 'string' }, { required: true }),
      param('query', { type: ['string', 'null'] }, { required: true }),
      'none',
    ),
    pair(
      '3.0 query: nullable dropped beside a narrowed type is still judged',
      param('query', { type: 'number', nullable: true }),
      param('query', { type: 'integer' }),
      ['request-parameter-type-changed'],
    ),
    pair('3.0 header: nullable dropped sends the same', param('header', { type: 'string', nullable: true }), param('header', { type: 'string' }), 'none'),
    pair(
      '3.0 path: nullable dropped sends the same (no style writes null in a path segment)',
      param('path', { type: 'string', nullable: true }, { required: true }),
      param('path', { type: 'string' }, { required: true }),
      'none',
    ),
    pair31('3.1 header: "null" added to the types', param('header', { type: 'integer' }), param('header', { type: ['integer', 'null'] }), 'none'),
    pair(
      '3.0 header sent as JSON content: null is sent, so dropping it breaks',
      { name: 'q', in: 'header', content: { 'application/json': { schema: { type: 'string', nullable: true } } } },
      { name: 'q', in: 'header', content: { 'application/json': { schema: { type: 'string' } } } },
      [{ id: 'request-parameter-became-not-nullable', level: 'breaking' }],
    ),
    pair(
      '3.0 query sent as JSON content: null is sent, so dropping it breaks',
      { name: 'q', in: 'query', content: { 'application/json': { schema: { type: 'object', nullable: true } } } },
      { name: 'q', in: 'query', content: { 'application/json': { schema: { type: 'object' } } } },
      [{ id: 'request-parameter-became-not-nullable', level: 'breaking' }],
    ),
  ]);
});
