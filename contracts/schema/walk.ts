// The structural walk over two schemas: it pairs what corresponds (properties by name, items, map values, composition
// branches, JSON Schema 2020 subschemas) and lets the schema rules judge each pair. Results are memoised per pair of nodes,
// so a component used by 500 operations is compared once, and a pair met again while being compared (recursion) is cut there.
import { matchBranches } from './branch-match.js';
import { EMPTY_SCHEMA, flattenAllOf, hasAnyKey, isSchemaObject, type Schema, withKeywords } from './dialect.js';
import { branchDiscriminators } from './discriminator-values.js';
import { swappedList } from './disjoint-members.js';
import { createDynamicScope } from './dynamic-scope.js';
import { markOf, settleInert } from './inert-subtree.js';
import { asMember } from './member-null.js';
import { createPairMemo, memoKey } from './pair-memo.js';
import type { BranchKeyword, Direction, PairNode, SchemaChecks, SchemaEmit, SchemaPair, SchemaPosition, SchemaWalker } from './pairs.js';
import { CHILD_POSITION, ITEMS_POSITION, pushFinding } from './pairs.js';
import { createPlaceMemo, type PlacedNode, placedNode } from './place-memo.js';
import { childPointer } from './pointer.js';
import { pairPositions } from './prefix-positions.js';
import { createPropertyWalk } from './property-walk.js';
import { writtenAt } from './ref-siblings.js';
import type { Located, Resolver } from './resolve.js';
import { ANY_VALUE, isInertContains, itemsOf, KEYED_SUBSCHEMAS, mapValuesOf, SINGLE_SUBSCHEMAS, SUBSCHEMA_KEYWORDS } from './subschemas.js';
import { typeListPair } from './type-list.js';
import { createSchemaTexts, createUnchangedTest } from './unchanged.js';
import { createValueLists } from './value-list.js';
import { besidePartner, findWrap, hasList, isNullabilityMember, isWrappedInOneOf, orNullBeside, partnerAt, partnerSchema, type Wrap } from './wrap-match.js';

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
  const schemaChecks = families.flatMap((f) => (f.checkSchema ? [f.checkSchema.bind(f)] : []));
  const branchRules = families.filter((f) => f.checkBranch);
  const wrapRules = families.filter((f) => f.checkWrap);
  const anyItems = resolvers.base.is31 && resolvers.revision.is31;
  const nullableKeyword = { base: resolvers.base.is31 !== true, revision: resolvers.revision.is31 !== true };
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
  const walkProperties = createPropertyWalk(resolvers, families, compare);

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
    for (let i = 0; i < schemaChecks.length; i++) schemaChecks[i](pair, emitAt);
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

  const walkBranches = (
    keyword: BranchKeyword,
    b: Located<Schema>,
    r: Located<Schema>,
    direction: Direction,
    position: SchemaPosition,
    node: PairNode,
    descend: boolean,
    rKeyword: BranchKeyword = keyword,
    mergedBase?: Schema,
  ) => {
    const bl: unknown[] = Array.isArray(b.node[keyword]) ? b.node[keyword] : NO_BRANCHES;
    const rl: unknown[] = Array.isArray(r.node[rKeyword]) ? r.node[rKeyword] : NO_BRANCHES;
    // A guard kept apart from the body: run thrice per pair, it is optimised without inlining all the body calls.
    if (bl.length > 0 || rl.length > 0) walkBranchLists(keyword, bl, rl, b, r, direction, position, node, descend, rKeyword, mergedBase);
  };

  const walkBranchLists = (
    keyword: BranchKeyword,
    bl: unknown[],
    rl: unknown[],
    b: Located<Schema>,
    r: Located<Schema>,
    direction: Direction,
    position: SchemaPosition,
    node: PairNode,
    descend: boolean,
    rKeyword: BranchKeyword,
    mergedBase: Schema | undefined,
  ) => {
    const parents = { base: b.pointer, revision: r.pointer };
    const counts = { base: bl.length, revision: rl.length };
    const discriminators = keyword === 'allOf' ? undefined : branchDiscriminators(b.node, r.node, bl, rl, resolvers);
    const matched = matchBranches(bl, rl, resolvers, { byOrder: keyword === 'allOf', discriminators });
    const emit: SchemaEmit = (f) => pushFinding(node, f, '');
    for (let m = 0; m < matched.length; m++) {
      const bi = matched[m][0];
      const ri = matched[m][1];
      const base = bi === undefined ? undefined : { node: bl[bi] as Schema, pointer: writtenAt(bl[bi]) ?? childPointer(b.pointer, keyword, bi) };
      const revision = ri === undefined ? undefined : { node: rl[ri] as Schema, pointer: writtenAt(rl[ri]) ?? childPointer(r.pointer, rKeyword, ri) };
      const resolved = {
        base: base && resolvers.base.followSchema<Schema>(base.node, base.pointer).node,
        revision: revision && resolvers.revision.followSchema<Schema>(revision.node, revision.pointer).node,
      };
      // An unpaired null alternative is the list's nullability, said by that rule (an allOf part is a constraint: judged).
      const lone = bi === undefined ? resolved.revision : ri === undefined ? resolved.base : undefined;
      if (lone !== undefined && keyword !== 'allOf' && isNullabilityMember(lone, b.node, r.node, resolvers, nullableKeyword)) continue;
      for (let f = 0; f < branchRules.length; f++)
        branchRules[f].checkBranch!({ keyword, revisionKeyword: rKeyword, base, revision, resolved, direction, position, parents, counts, mergedBase }, emit);
      if (descend && base && revision && isSchemaObject(base.node) && isSchemaObject(revision.node)) {
        const child = compare(base, revision, direction, position);
        node.edges.push({ field: '', child: keyword === 'allOf' ? child : asMember(child, { base: b.node, revision: r.node }, resolvers, nullableKeyword) });
      }
    }
  };

  return compare;
}

const NO_BRANCHES: unknown[] = Object.freeze([]) as unknown as unknown[];
