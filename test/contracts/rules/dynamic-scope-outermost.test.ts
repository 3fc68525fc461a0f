// JSON Schema 2020-12 (Core 8.2.3.2) resolves a `$dynamicRef` to the outermost schema in the dynamic scope that declares
// the anchor: a schema that wraps a user of a generic list and declares the same anchor overrides that user's own
// override, for the operations that reach the list through it, and only for them. The engine already resolved it so
// (dynamic-scope.ts reads the entered schemas outermost first): these cases hold that judgement in place.
import { describe } from 'vitest';
import { type Doc, runRuleCases } from './harness.js';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const anchored = (items: Doc) => ({ items: { $dynamicAnchor: 'items', ...items } });
const answer = (name: string) => ({ get: { responses: { '200': { description: 'ok', content: { 'application/json': { schema: ref(name) } } } } } });

/** `/pages` answers a Page whose `names` is a Names list; Page declares the anchor too. `/names` answers a Names list. */
function pages(page: Doc, names: Doc): Doc {
  return {
    openapi: '3.1.0',
    info: { title: 'pages', version: '1.0.0' },
    paths: { '/pages': answer('Page'), '/names': answer('Names') },
    components: {
      schemas: {
        List: { type: 'array', items: { $dynamicRef: '#items' }, $defs: anchored({}) },
        Names: { $ref: '#/components/schemas/List', $defs: anchored(names) },
        Page: { type: 'object', properties: { names: ref('Names') }, $defs: anchored(page) },
      },
    },
  };
}
const S = { type: 'string' };
const I = { type: 'integer' };

describe('$dynamicRef: the outermost anchor in scope wins', () => {
  runRuleCases([
    {
      name: "the wrapper's anchor changes type: the items of the list under the wrapper changed, the list answered alone did not",
      base: pages(S, S),
      revision: pages(I, S),
      expect: [{ id: 'response-property-type-changed', operation: 'GET /pages', pointer: '/components/schemas/Page/$defs/items' }],
    },
    {
      name: "the inner user's override changes type: seen where the list is answered alone, not under the wrapper that overrides it",
      base: pages(S, S),
      revision: pages(S, I),
      expect: [{ id: 'response-property-type-changed', operation: 'GET /names', pointer: '/components/schemas/Names/$defs/items' }],
    },
  ]);
});
