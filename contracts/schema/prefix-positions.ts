// Pairs the positions of a 2020-12 array in two versions: a `prefixItems` entry, or past the entries `items`, holds each.
import { isSchemaObject, type Schema } from './dialect.js';
import { childPointer } from './pointer.js';
import { writtenAt } from './ref-siblings.js';
import type { Located } from './resolve.js';

const NO_ENTRIES: readonly unknown[] = Object.freeze([]);

/**
 * Entries are paired position by position; where only one version has an entry, it is paired with the other's `items`,
 * which held that position there, so `items: string` -> `prefixItems: [string, integer]` is a type changed at position 1.
 * Where the other has no `items` schema, the position took any value (or, with `items: false`, none): that is judged by
 * `prefix-items-added`/`-removed` and the tuple's length (rules/schema-keywords.ts), not here. The positions past every
 * entry are `items` against `items`, which the walk pairs itself.
 */
export function pairPositions(b: Located<Schema>, r: Located<Schema>, visit: (b: Located<Schema>, r: Located<Schema>, position: number) => void): void {
  const bl = Array.isArray(b.node.prefixItems) ? b.node.prefixItems : NO_ENTRIES;
  const rl = Array.isArray(r.node.prefixItems) ? r.node.prefixItems : NO_ENTRIES;
  for (let i = 0; i < Math.max(bl.length, rl.length); i++) {
    const bs = i < bl.length ? bl[i] : b.node.items;
    const rs = i < rl.length ? rl[i] : r.node.items;
    if (!isSchemaObject(bs) || !isSchemaObject(rs)) continue;
    visit({ node: bs, pointer: at(b, bs, i < bl.length, i) }, { node: rs, pointer: at(r, rs, i < rl.length, i) }, i);
  }
}

function at(parent: Located<Schema>, node: Schema, entry: boolean, i: number): string {
  return writtenAt(node) ?? (entry ? childPointer(parent.pointer, 'prefixItems', i) : `${parent.pointer}/items`);
}
