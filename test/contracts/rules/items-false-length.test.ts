// In OpenAPI 3.1 (JSON Schema 2020-12 Core 10.3.1.2) `items: false` admits no item past the `prefixItems` entries (none
// when there are none), which bounds the array's length as `maxItems` does: the two spellings of one bound are no
// change, and the tighter of the two is the bound a sender or a reader meets.
import { describe } from 'vitest';
import { api, type Doc, json, ok, type RuleCase, runRuleCases } from './harness.js';

const S = { type: 'string' };
const request = (schema: Doc): Doc =>
  api({ '/pets': { post: { requestBody: { required: true, content: json(schema) }, responses: ok() } } }, { openapi: '3.1.0' });
const response = (schema: Doc): Doc => api({ '/pets': { get: { responses: ok(json(schema)) } } }, { openapi: '3.1.0' });
const arr = (extra: Doc): Doc => ({ type: 'array', ...extra });

/** The same change on a request body and on a response body. */
function bothSides(name: string, from: Doc, to: Doc, req: RuleCase['expect'], res: RuleCase['expect']): RuleCase[] {
  return [
    { name: `request: ${name}`, base: request(arr(from)), revision: request(arr(to)), expect: req },
    { name: `response: ${name}`, base: response(arr(from)), revision: response(arr(to)), expect: res },
  ];
}

describe('items: false as a bound on the length', () => {
  runRuleCases([
    ...bothSides('maxItems: 0 -> items: false', { maxItems: 0 }, { items: false }, 'none', 'none'),
    ...bothSides('items: false -> maxItems: 0', { items: false }, { items: S, maxItems: 0 }, 'none', 'none'),
    ...bothSides(
      'a closed tuple of one -> the same entry with maxItems: 1',
      { prefixItems: [S], items: false },
      { prefixItems: [S], maxItems: 1 },
      'none',
      'none',
    ),
    ...bothSides(
      'items: string -> items: false (only the empty array is left)',
      { items: S },
      { items: false },
      [{ id: 'request-body-max-items-set', level: 'breaking' }],
      [{ id: 'response-body-max-items-set', level: 'info' }],
    ),
    ...bothSides(
      'a closed tuple of two -> maxItems: 1 over the same entries',
      { prefixItems: [S, S], items: false },
      { prefixItems: [S, S], maxItems: 1 },
      [{ id: 'request-body-max-items-decreased', level: 'breaking' }],
      [{ id: 'response-body-max-items-decreased', level: 'info' }],
    ),
  ]);
});
