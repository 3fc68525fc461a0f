// Pairs written alike at many places are compared once: a revision that replaces an inline schema by a `$ref` at
// 500 places (Discord's snowflake ids) makes 500 distinct pairs of identical text, each judged by every rule. The
// first is compared; the others get a copy of its nodes with the pointers of their own place.
import { findingAt, type PairNode, type SchemaFinding } from './pairs.js';
import type { Located, Resolver } from './resolve.js';
import { type SchemaTexts, textOf } from './unchanged.js';

type Side = 'base' | 'revision';

/**
 * A compared pair and the places it was first compared at: the same objects met at another place (a YAML alias) are
 * compared again there. `baseAt`/`revisionAt`: where the side's schema is written, when the pair is its own there
 * (written in place, not a `$ref` to a schema shared by every place that names it).
 */
export type PlacedNode = PairNode & { basePointer: string; revisionPointer: string; baseAt?: string; revisionAt?: string };

/**
 * A pair about to be compared: which sides are written in place (the others are schemas a `$ref` names, shared by every
 * place that names them), and the shared schema when there is one and the other side is written in place.
 */
interface Sides {
  baseInPlace: boolean;
  revisionInPlace: boolean;
  local?: Side;
  shared?: object;
  base: Located;
  revision: Located;
  /** Both sides written in place and small: the revision's text, once written. */
  revisionText?: string;
}

interface Entry {
  key: string;
  node: PlacedNode;
  /** The side written in place, as written. */
  written: object;
}

/** A pair compared with both sides written in place, as written, found by the base's text and then the revision's. */
interface Twin {
  key: string;
  node: PlacedNode;
  base: object;
  revision: object;
  /** Written once another pair with the base's text is met: most base texts are met once. */
  revisionText: string | undefined;
}

/** The pairs compared with one shared schema: their texts are written only once a second pair with it is met. */
interface Bucket {
  unwritten: Entry[];
  byText: Map<string, Entry[]>;
}

interface PlaceMemo {
  /** `allOf`s merged in schemas written in place so far: below one, the walk builds pointers that name no place. */
  merges: number;
  /** Counts a merged `allOf` unless it is a shared schema's. */
  noteMerge(side: Side, written: Located, followed: Located): void;
  /** The pair's sides (as written, and with a `$ref` followed), while copies are on. */
  sidesOf(base: Located, baseFollowed: Located, revision: Located, revisionFollowed: Located): Sides | undefined;
  /** The node of a pair of these sides compared at another place, copied to this one; undefined when there is none. */
  find(sides: Sides, key: string): PlacedNode | undefined;
  /** Keeps a node compared here for other places, unless its comparison merged an `allOf` in place (`merges` then). */
  keep(sides: Sides, key: string, node: PlacedNode, mergesBefore: number): void;
  /** One object met at two places (a YAML alias): from now on a schema written in place may be met elsewhere too. */
  stop(): void;
}

/** A new node, knowing where its sides written in place are written. Every key set at once: one shape for every node. */
export function placedNode(basePointer: string, revisionPointer: string, sides: Sides | undefined): PlacedNode {
  const baseAt = sides?.baseInPlace ? sides.base.pointer : undefined;
  const revisionAt = sides?.revisionInPlace ? sides.revision.pointer : undefined;
  return { local: [], edges: [], basePointer, revisionPointer, baseAt, revisionAt };
}

/**
 * Copies are exact while every schema written in place is met at its own place only. A YAML alias (`stop`), a `$ref`
 * into a schema's inside (`Resolver.refsInside`) or a `$dynamicRef` (whose target depends on the way in) ends that.
 * Kept: pairs of a schema written in place and a shared one (a component written out at many places, or made of
 * copies written out), and pairs written in place on both sides that hold no `properties` (the same small schema
 * rewritten the same way at many places). Writing every schema out to find the rare twin object cost more than it saved.
 */
export function createPlaceMemo(resolvers: { base: Resolver; revision: Resolver }, texts: SchemaTexts, scope: { readonly active: boolean }): PlaceMemo {
  const buckets = { base: new Map<object, Bucket>(), revision: new Map<object, Bucket>() };
  // Pairs with both sides written in place, by the base's text: Discord rewrites the same inline schemas (`type:
  // [string, "null"]` as a `oneOf`) at hundreds of places, and each was compared again. Only schemas without
  // `properties` are looked up: twins are nearly all such leaves, and writing out every object (Box's bodies) cost
  // more than the copies saved. An `allOf` written in place is merged there, and such a comparison is never kept.
  const twins = new Map<string, Twin[]>();
  const isTwinable = (sides: Sides) => sides.baseInPlace && sides.revisionInPlace && isLeaf(sides.base.node) && isLeaf(sides.revision.node);
  let stopped = false;
  const usable = () => !stopped && !scope.active && !resolvers.base.refsInside && !resolvers.revision.refsInside;
  // A `$ref` whose target is the same wherever the `$ref` is written (no keyword beside it joined in) is shared.
  const isShared = (side: Side, written: Located, followed: Located) =>
    written.node !== followed.node && followed.node === resolvers[side].follow(written.node, written.pointer).node;
  return {
    merges: 0,
    noteMerge(side, written, followed) {
      if (!isShared(side, written, followed)) this.merges++;
    },
    sidesOf(base, baseFollowed, revision, revisionFollowed) {
      if (!usable()) return undefined;
      const baseInPlace = !isShared('base', base, baseFollowed);
      const revisionInPlace = !isShared('revision', revision, revisionFollowed);
      // Every key at once: one shape for every Sides the memo reads.
      const local: Side | undefined = baseInPlace === revisionInPlace ? undefined : baseInPlace ? 'base' : 'revision';
      const shared = local === undefined ? undefined : local === 'base' ? revisionFollowed.node : baseFollowed.node;
      return { baseInPlace, revisionInPlace, local, shared, base, revision, revisionText: undefined };
    },
    find(sides, key) {
      if (sides.local === undefined) return isTwinable(sides) ? findTwin(twins.get(textOf(texts, 'base', sides.base.node)), sides, key, texts) : undefined;
      const bucket = buckets[sides.local].get(sides.shared!);
      if (bucket === undefined || !usable()) return undefined;
      for (let i = 0; i < bucket.unwritten.length; i++) addByText(bucket, textOf(texts, sides.local, bucket.unwritten[i].written), bucket.unwritten[i]);
      bucket.unwritten.length = 0;
      const written = sides[sides.local];
      const list = bucket.byText.get(textOf(texts, sides.local, written.node));
      for (let i = 0; list !== undefined && i < list.length; i++) {
        const entry = list[i];
        if (entry.key !== key || !sameValue(entry.written, written.node)) continue;
        const from = { base: entry.node.baseAt, revision: entry.node.revisionAt };
        const to = { base: sides.base.pointer, revision: sides.revision.pointer };
        return copyNode(entry.node, from.base !== undefined, from.revision !== undefined, from, to, new Map());
      }
      return undefined;
    },
    keep(sides, key, node, mergesBefore) {
      if (mergesBefore !== this.merges || !usable()) return;
      if (sides.local === undefined) {
        if (isTwinable(sides))
          keepTwin(twins, textOf(texts, 'base', sides.base.node), {
            key,
            node,
            base: sides.base.node,
            revision: sides.revision.node,
            revisionText: sides.revisionText,
          });
        return;
      }
      let bucket = buckets[sides.local].get(sides.shared!);
      if (bucket === undefined) buckets[sides.local].set(sides.shared!, (bucket = { unwritten: [], byText: new Map() }));
      bucket.unwritten.push({ key, node, written: sides[sides.local].node });
    },
    stop() {
      stopped = true;
    },
  };
}

function isLeaf(schema: { properties?: unknown; allOf?: unknown }): boolean {
  return schema.properties === undefined && schema.allOf === undefined;
}

function findTwin(list: Twin[] | undefined, sides: Sides, key: string, texts: SchemaTexts): PlacedNode | undefined {
  for (let i = 0; list !== undefined && i < list.length; i++) {
    const twin = list[i];
    if (twin.key !== key) continue;
    twin.revisionText ??= textOf(texts, 'revision', twin.revision);
    if (twin.revisionText !== revisionTextOf(sides, texts)) continue;
    if (!sameValue(twin.base, sides.base.node) || !sameValue(twin.revision, sides.revision.node)) continue;
    const from = { base: twin.node.baseAt, revision: twin.node.revisionAt };
    const to = { base: sides.base.pointer, revision: sides.revision.pointer };
    return copyNode(twin.node, true, true, from, to, new Map());
  }
  return undefined;
}

function revisionTextOf(sides: Sides, texts: SchemaTexts): string {
  return (sides.revisionText ??= textOf(texts, 'revision', sides.revision.node));
}

function keepTwin(twins: Map<string, Twin[]>, baseText: string, twin: Twin): void {
  const list = twins.get(baseText);
  if (list === undefined) twins.set(baseText, [twin]);
  else list.push(twin);
}

function addByText(bucket: Bucket, text: string, entry: Entry): void {
  const list = bucket.byText.get(text);
  if (list === undefined) bucket.byText.set(text, [entry]);
  else list.push(entry);
}

interface Places {
  base: string | undefined;
  revision: string | undefined;
}

/**
 * The node as the same comparison at `to` would have made it. A side is copied where it is written inside the first
 * place (its own pointer below that of the node above it): there the other place holds schemas of its own. Elsewhere
 * (a `$ref` followed, a member merged from a component) both places reach the same schema, and so the same node.
 */
function copyNode(node: PlacedNode, base: boolean, revision: boolean, from: Places, to: Places, copies: Map<PlacedNode, PlacedNode>): PlacedNode {
  const known = copies.get(node);
  if (known !== undefined) return known;
  const local = new Array<SchemaFinding>(node.local.length);
  for (let i = 0; i < node.local.length; i++) {
    const f = node.local[i];
    const moved = f.side === 'base' ? base : revision;
    local[i] = findingAt(f.id, f, moved ? moveTo(f.pointer, f.side, from, to) : f.pointer, f.field);
  }
  const copy: PlacedNode = {
    local,
    edges: new Array(node.edges.length),
    basePointer: base ? moveTo(node.basePointer, 'base', from, to) : node.basePointer,
    revisionPointer: revision ? moveTo(node.revisionPointer, 'revision', from, to) : node.revisionPointer,
    baseAt: base && node.baseAt !== undefined ? moveTo(node.baseAt, 'base', from, to) : node.baseAt,
    revisionAt: revision && node.revisionAt !== undefined ? moveTo(node.revisionAt, 'revision', from, to) : node.revisionAt,
  };
  copies.set(node, copy);
  for (let e = 0; e < node.edges.length; e++) {
    const edge = node.edges[e];
    const child = edge.child as PlacedNode;
    const childBase = base && isInside(child.baseAt, node.baseAt);
    const childRevision = revision && isInside(child.revisionAt, node.revisionAt);
    copy.edges[e] = { field: edge.field, child: childBase || childRevision ? copyNode(child, childBase, childRevision, from, to, copies) : child };
  }
  return copy;
}

function isInside(pointer: string | undefined, parent: string | undefined): boolean {
  return pointer !== undefined && parent !== undefined && pointer.length > parent.length && pointer.startsWith(parent) && pointer[parent.length] === '/';
}

/** A pointer inside the first place, moved to the same spot of the other; any other pointer is the same at both. */
function moveTo(pointer: string, side: Side, from: Places, to: Places): string {
  const prefix = from[side];
  if (prefix === undefined || (pointer !== prefix && !isInside(pointer, prefix))) return pointer;
  return to[side] + pointer.slice(prefix.length);
}

/**
 * Equal text is nearly equal values: JSON writes NaN and Infinity (which a YAML document can hold) as null, and leaves
 * out what it cannot write. The values themselves are compared, which costs little beside what a comparison would.
 */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return Object.is(a, b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const start = keyTop;
  for (const key in b) keys[keyTop++] = key;
  const same = sameMembers(a as Record<string, unknown>, b as Record<string, unknown>, start);
  keyTop = start;
  return same;
}

// `b`'s keys on one shared stack, each call's above its caller's, and `a`'s read in place: two lists of keys per level
// of every twin compared were ~0.3 MB of Discord 2023 -> 2026's diff.
const keys: string[] = [];
let keyTop = 0;

/** The same keys in the same order (`b`'s from `start` on the stack), each with the same value. */
function sameMembers(a: Record<string, unknown>, b: Record<string, unknown>, start: number): boolean {
  const count = keyTop - start;
  let i = 0;
  for (const key in a) if (i >= count || keys[start + i++] !== key) return false;
  if (i !== count) return false;
  for (let k = start; k < start + count; k++) if (!sameValue(a[keys[k]], b[keys[k]])) return false;
  return true;
}
