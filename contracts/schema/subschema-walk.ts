// The subschemas of a pair met by keyword rather than by property: items, map values, `not`, `if`/`then`/`else`,
// `contains`, `dependentSchemas` and the rest of JSON Schema 2020's, and `prefixItems` by position. The rest is walk.ts's.

import { hasAnyKey, isSchemaObject, type Schema } from './dialect.js';
import { markOf, settleInert } from './inert-subtree.js';
import type { Direction, PairNode, SchemaPosition } from './pairs.js';
import { childPointer } from './pointer.js';
import { pairPositions } from './prefix-positions.js';
import { writtenAt } from './ref-siblings.js';
import type { Located } from './resolve.js';
import { ANY_VALUE, isInertContains, KEYED_SUBSCHEMAS, SINGLE_SUBSCHEMAS, SUBSCHEMA_KEYWORDS } from './subschemas.js';

type Compare = (base: Located<Schema>, revision: Located<Schema>, direction: Direction, position: SchemaPosition) => PairNode;

/** `walkPair` and `walkSubschemas` for one comparer, its children compared by `compare`. */
export function createSubschemaWalk(compare: Compare) {
  const walkPair = (
    bs: unknown,
    rs: unknown,
    bp: string,
    rp: string,
    keyword: string,
    key: string | number | undefined,
    field: string,
    direction: Direction,
    position: SchemaPosition,
    node: PairNode,
  ) => {
    if (!isSchemaObject(bs) || !isSchemaObject(rs)) return;
    // A subschema left out (ANY_VALUE) is located at the schema that leaves it out: its own pointer names nothing.
    const bAt = writtenAt(bs) ?? (bs === ANY_VALUE ? bp : childPointer(bp, keyword, key));
    const rAt = writtenAt(rs) ?? (rs === ANY_VALUE ? rp : childPointer(rp, keyword, key));
    const child = compare({ node: bs, pointer: bAt }, { node: rs, pointer: rAt }, direction, position);
    node.edges.push({ field, child });
  };

  // Called for every pair, and almost every pair has none of these keywords: no allocation on that path.
  const walkSubschemas = (b: Located<Schema>, r: Located<Schema>, direction: Direction, position: SchemaPosition, child: SchemaPosition, node: PairNode) => {
    // Both sides must write a keyword for it to be paired: a base that writes none (nearly every one) is done at once.
    if (hasAnyKey(b.node, SUBSCHEMA_KEYWORDS)) walkListedSubschemas(b, r, direction, position, child, node);
    if (b.node.prefixItems === undefined && r.node.prefixItems === undefined) return;
    pairPositions(b, r, (bs, rs, i) => {
      const mark = markOf(node);
      node.edges.push({ field: '[]', child: compare(bs, rs, direction, child) });
      settleInert(node, mark, { base: b.node, revision: r.node }, 'array', direction, i);
    });
  };

  const walkListedSubschemas = (
    b: Located<Schema>,
    r: Located<Schema>,
    direction: Direction,
    position: SchemaPosition,
    child: SchemaPosition,
    node: PairNode,
  ) => {
    // Indexed loops, no destructuring: either allocated an iterator result per keyword until the code was optimised.
    for (let k = 0; k < SINGLE_SUBSCHEMAS.length; k++) {
      const keyword = SINGLE_SUBSCHEMAS[k][0];
      const field = SINGLE_SUBSCHEMAS[k][1];
      if (b.node[keyword] === undefined || r.node[keyword] === undefined || (keyword === 'contains' && (isInertContains(b.node) || isInertContains(r.node))))
        continue;
      const mark = markOf(node);
      walkPair(b.node[keyword], r.node[keyword], b.pointer, r.pointer, keyword, undefined, field, direction, field === '' ? position : child, node);
      settleInert(node, mark, { base: b.node, revision: r.node }, SINGLE_SUBSCHEMAS[k][2], direction);
    }
    for (let k = 0; k < KEYED_SUBSCHEMAS.length; k++) {
      const keyword = KEYED_SUBSCHEMAS[k][0];
      const field = KEYED_SUBSCHEMAS[k][1];
      const bm = b.node[keyword];
      const rm = r.node[keyword];
      if (!isSchemaObject(bm) || !isSchemaObject(rm)) continue;
      const mark = markOf(node);
      for (const name of Object.keys(bm))
        if (name in rm) walkPair(bm[name], rm[name], b.pointer, r.pointer, keyword, name, field, direction, field === '' ? position : child, node);
      settleInert(node, mark, { base: b.node, revision: r.node }, KEYED_SUBSCHEMAS[k][2], direction);
    }
  };

  return { walkPair, walkSubschemas };
}
