// The structural walk over two schemas: it pairs what corresponds (properties by name, items, map values, composition
// branches, JSON Schema 2020 subschemas; property-walk.ts, subschema-walk.ts and branch-walk.ts pair their own) and lets
// the schema rules judge each pair. Results are memoised per pair of nodes, so a component used by 500 operations is
// compared once, and a pair met again while being compared (recursion) is cut there.
import { createBranchWalk } from './branch-walk.js';
import { EMPTY_SCHEMA, flattenAllOf, isSchemaObject, type Schema, withKeywords } from './dialect.js';
import { swappedList } from './disjoint-members.js';
import { createDynamicScope } from './dynamic-scope.js';
import { markOf, settleInert } from './inert-subtree.js';
import { CHECK_BITS, createCheckDispatch } from './own-keywords.js';
import { createPairMemo, memoKey } from './pair-memo.js';
import type { Direction, PairNode, SchemaChecks, SchemaEmit, SchemaPair, SchemaPosition, SchemaWalker } from './pairs.js';
import { CHILD_POSITION, ITEMS_POSITION, pushFinding } from './pairs.js';
import { createPlaceMemo, type PlacedNode, placedNode } from './place-memo.js';
import { createPropertyWalk } from './property-walk.js';
import type { Located, Resolver } from './resolve.js';
import { createSubschemaWalk } from './subschema-walk.js';
import { itemsOf, mapValuesOf } from './subschemas.js';
import { typeListPair } from './type-list.js';
import { createSchemaTexts, createUnchangedTest } from './unchanged.js';
import { createValueLists } from './value-list.js';
import { besidePartner, findWrap, hasList, isWrappedInOneOf, orNullBeside, partnerAt, partnerSchema, type Wrap } from './wrap-match.js';

type Side = 'base' | 'revision';

/**
 * Pairs nested deeper than this stop the walk (Stripe's deepest is 38). Two recursive schemas whose cycles differ
 * in length nest as deep as the least common multiple of the two (97 and 89: 8,633), past the stack's room.
 */
export const MAX_PAIR_DEPTH = 256;

/** Thrown by the walk past MAX_PAIR_DEPTH; diffContracts names the documents. */
export class PairTooDeep extends Error {
  constructor(readonly pointer: string) {
    super(`schemas nest deeper than ${MAX_PAIR_DEPTH} levels (at ${pointer})`);
  }
}

/** What every pair written alike compares to: nothing found, nothing below. Shared, so passing a pair over allocates nothing. */
const UNCHANGED: PairNode = Object.freeze({
  local: Object.freeze([]) as unknown as PairNode['local'],
  edges: Object.freeze([]) as unknown as PairNode['edges'],
});

export function createSchemaWalker(resolvers: { base: Resolver; revision: Resolver }, families: SchemaChecks[]): SchemaWalker {
  // XML bodies (an element may be text or structure) and values sent as text are judged apart, each with its own memo.
  const comparers: Partial<Record<'xml' | 'text' | 'json', ReturnType<typeof createComparer>>> = {};
  return (base, revision, direction, position, options) => {
    const wire = options?.xml ? 'xml' : options?.text ? 'text' : undefined;
    return (comparers[wire ?? 'json'] ??= createComparer(resolvers, families, wire))(base, revision, direction, position);
  };
}

function createComparer(resolvers: { base: Resolver; revision: Resolver }, families: SchemaChecks[], wire: 'xml' | 'text' | undefined) {
  const memo = createPairMemo<PlacedNode>();
  const texts = createSchemaTexts();
  const isUnchanged = createUnchangedTest(resolvers, texts, false);
  const flatCache = { base: new Map<object, Map<string, Located<Schema>>>(), revision: new Map<object, Map<string, Located<Schema>>>() };
  // The checks themselves, bound once: reading a differently shaped family's method at every pair was dearer than the checks.
  const checking = families.filter((f) => f.checkSchema);
  const schemaChecks = checking.map((f) => f.checkSchema!.bind(f));
  const checksFor = createCheckDispatch(checking);
  const branchRules = families.filter((f) => f.checkBranch);
  const wrapRules = families.filter((f) => f.checkWrap);
  const anyItems = resolvers.base.is31 && resolvers.revision.is31;
  const nullableKeyword = { base: resolvers.base.is31 !== true, revision: resolvers.revision.is31 !== true };
  // Both documents read their schemas one way (OpenAPI 3.0's `nullable` or 3.1's types, one JSON Schema dialect).
  const sameReading = resolvers.base.is31 === resolvers.revision.is31 && resolvers.base.dialect === resolvers.revision.dialect;
  const scope = createDynamicScope(resolvers);
  const places = createPlaceMemo(resolvers, texts, scope);
  const valueLists = createValueLists(resolvers);
  const follow = (side: Side, node: Located<Schema>): Located<Schema> => {
    const dynamic = node.node.$dynamicRef === undefined ? undefined : scope.resolve(side, node);
    const at = dynamic ?? node;
    // Most schemas are written in place: following one of those allocates nothing.
    if (at.node.$ref === undefined && at.node.$dynamicRef === undefined && isSchemaObject(at.node)) return at;
    const followed = resolvers[side].followSchema<Schema>(at.node, at.pointer);
    return isSchemaObject(followed.node) ? followed : { ...followed, node: EMPTY_SCHEMA };
  };

  // Builds the graph of compared pairs. A pair is registered before its children are compared,
  // so a recursive schema links back to itself instead of recursing forever.
  let depth = 0;
  const compare = (b0: Located<Schema>, r0: Located<Schema>, direction: Direction, position: SchemaPosition): PairNode => {
    if (isUnchanged(b0.node, r0.node)) return UNCHANGED;
    // Not unwound when thrown: the walk is over then.
    if (++depth > MAX_PAIR_DEPTH) throw new PairTooDeep(r0.pointer);
    const bRaw = follow('base', b0);
    const rRaw = follow('revision', r0);
    const b = flattenAllOf(bRaw, resolvers.base, flatCache.base);
    const r = flattenAllOf(rRaw, resolvers.revision, flatCache.revision);
    const bDepth = scope.mark('base');
    const rDepth = scope.mark('revision');
    scope.enter('base', b0);
    scope.enter('revision', r0);
    const node = pairNode(b, r, direction, position, { base: b0, revision: r0 }, bRaw, rRaw);
    scope.leave('base', bDepth);
    scope.leave('revision', rDepth);
    depth--;
    return node;
  };
  const walkProperties = createPropertyWalk(resolvers, families, compare, (b, r) => (isUnchanged(b, r) ? UNCHANGED : undefined));
  const { walkPair, walkSubschemas } = createSubschemaWalk(compare);
  const walkBranches = createBranchWalk(resolvers, branchRules, nullableKeyword, compare);

  const pairNode = (
    b: Located<Schema>,
    r: Located<Schema>,
    direction: Direction,
    position: SchemaPosition,
    at: { base: Located<Schema>; revision: Located<Schema> },
    bRaw: Located<Schema>,
    rRaw: Located<Schema>,
  ) => {
    // Once a `$dynamicRef` has been met, what lies below a pair depends on the schemas entered on the way to it, itself included.
    const key = scope.active ? `${memoKey(direction, position)}:${scope.signature()}` : memoKey(direction, position);
    let placeKey = key;
    let known = memo.get(b.node, r.node, key);
    if (known && isAnotherPlace(known, bRaw, rRaw)) {
      // One object written at two places (a YAML alias): its findings name each place it is used at, so each is compared there.
      places.stop();
      placeKey = `${key}\n${b.pointer}\n${r.pointer}`;
      known = memo.get(b.node, r.node, placeKey);
    }
    if (known) return known;
    // Not met as these objects, but maybe as the same text at another place: its nodes are copied here.
    const sides = places.sidesOf(at.base, bRaw, at.revision, rRaw);
    const copy = sides && places.find(sides, placeKey);
    if (copy) {
      memo.set(b.node, r.node, placeKey, copy);
      return copy;
    }
    const node = placedNode(bRaw.pointer, rRaw.pointer, sides);
    memo.set(b.node, r.node, placeKey, node);
    const merges = places.merges;
    if (b !== bRaw) places.noteMerge('base', at.base, bRaw);
    if (r !== rRaw) places.noteMerge('revision', at.revision, rRaw);
    fill(node, b, r, bRaw, rRaw, direction, position);
    if (sides) places.keep(sides, placeKey, node, merges);
    return node;
  };
  // Only places where the object is written count, both the first and this one: a pointer built below a merge names
  // none (one per recursion level would never end), and the same schema met there and at its own place is one schema.
  // A memo hit is the same raw object as the first time, so both places are checked against this one's node.
  const isAnotherPlace = (node: PlacedNode, bRaw: Located<Schema>, rRaw: Located<Schema>) => {
    const differs = (side: Side, first: string, now: Located<Schema>) =>
      first !== now.pointer && resolvers[side].isAt(now.pointer, now.node) && resolvers[side].isAt(first, now.node);
    return differs('base', node.basePointer, bRaw) || differs('revision', node.revisionPointer, rRaw);
  };

  const orNull = (b: Schema, r: Schema) => orNullBeside(b, r, resolvers, nullableKeyword);
  const fill = (
    node: PairNode,
    b: Located<Schema>,
    r: Located<Schema>,
    bRaw: Located<Schema>,
    rRaw: Located<Schema>,
    direction: Direction,
    position: SchemaPosition,
  ): void => {
    const values = valueLists(b, r); // a list of fixed values is compared as the enum it spells
    if (values) return fill(node, values[0], values[1], bRaw, rRaw, direction, position);
    const emitAt: SchemaEmit = (f) => pushFinding(node, f, '');
    const pair: SchemaPair = { base: b, revision: r, direction, position, field: '', resolvers };
    if (wire) pair[wire] = true;
    if (branchRules.length > 0 && (hasList(b.node) !== hasList(r.node) || orNull(b.node, r.node)) && !typeListPair(b.node, r.node)) {
      const wrap = findWrap(b, r, resolvers, nullableKeyword);
      if (wrap) return fillWrap(node, wrap, b, r, [bRaw, rRaw], direction, position);
    }
    if (wrapRules.length > 0 && isWrappedInOneOf(b.node, r.node)) {
      // The whole value moved into alternatives: one finding says so, instead of every property removed.
      for (const family of wrapRules) family.checkWrap!(pair, emitAt);
      return;
    }
    // A pair filled for a change below it, or for a keyword few checks read: the others would read the same on both sides.
    const run = sameReading ? checksFor(b.node, r.node) : -1;
    if (run !== 0) for (let i = 0; i < schemaChecks.length; i++) if (i >= CHECK_BITS || (run & (1 << i)) !== 0) schemaChecks[i](pair, emitAt);
    const child = CHILD_POSITION[position];
    const nodes = { base: b.node, revision: r.node };
    let mark = markOf(node);
    walkProperties(b, r, direction, child, node);
    settleInert(node, mark, nodes, 'object', direction);
    // The items of an array parameter are its values: still the parameter, not a property inside it.
    const bi = itemsOf(b.node, r.node, anyItems);
    const ri = itemsOf(r.node, b.node, anyItems);
    mark = markOf(node);
    walkPair(bi, ri, b.pointer, r.pointer, 'items', undefined, '[]', direction, ITEMS_POSITION[position] ?? child, node);
    settleInert(node, mark, nodes, 'array', direction, anyItems ? 'items' : 0);
    mark = markOf(node);
    walkPair(mapValuesOf(b.node, r.node), mapValuesOf(r.node, b.node), b.pointer, r.pointer, 'additionalProperties', undefined, '*', direction, child, node);
    settleInert(node, mark, nodes, 'object', direction);
    walkSubschemas(b, r, direction, position, child, node);
    walkBranches('allOf', bRaw, rRaw, direction, position, node, false, 'allOf', b.node);
    // Alternatives that are bare types are judged as one list of types (rules/schema-types.ts), not one by one.
    if (typeListPair(b.node, r.node)) return;
    // oneOf traded for anyOf keeps its alternatives: one list paired with the other (the trade is the composition rules').
    const swap = b.node.oneOf !== undefined || b.node.anyOf !== undefined ? swappedList(b.node, r.node, resolvers) : undefined;
    if (swap) walkBranches(swap.base, b, r, direction, position, node, true, swap.revision);
    else {
      walkBranches('oneOf', b, r, direction, position, node, true);
      walkBranches('anyOf', b, r, direction, position, node, true);
    }
  };

  // One side is the other wrapped in alternatives: the others are added (or removed), and the partner is compared.
  const fillWrap = (
    node: PairNode,
    wrap: Wrap,
    b: Located<Schema>,
    r: Located<Schema>,
    raw: Located<Schema>[],
    direction: Direction,
    position: SchemaPosition,
  ) => {
    const emit: SchemaEmit = (f) => pushFinding(node, f, '');
    for (const pair of besidePartner(wrap, b, r, resolvers, direction, position))
      for (let f = 0; f < branchRules.length; f++) branchRules[f].checkBranch!(pair, emit);
    const side = wrap.listSide;
    const partnerRaw = follow(side, partnerAt(wrap, side === 'base' ? b : r));
    let partner = flattenAllOf(partnerRaw, resolvers[side], flatCache[side]);
    const extra = partnerSchema(partner, wrap, nullableKeyword[side]);
    if (extra) partner = withKeywords(partner, extra);
    const first = node.local.length;
    if (side === 'base') fill(node, partner, r, partnerRaw, raw[1], direction, position);
    else fill(node, b, partner, raw[0], partnerRaw, direction, position);
    // What the list says of the whole value ("or null") is written on the list, not in a component its partner names.
    if (extra)
      for (let i = first; i < node.local.length; i++) {
        const f = node.local[i];
        if (f.side === side && f.pointer === partner.pointer) f.pointer = (side === 'base' ? b : r).pointer;
      }
  };

  return compare;
}
