// The structural walk over two schemas: it pairs what corresponds (properties by name, items,
// map values, composition branches) and lets the schema rules judge each pair. Results are
// memoised per pair of nodes, so a component used by 500 operations is compared once, and a
// pair met again while it is being compared (a recursive schema) is cut there.
import { joinPointer } from './pointer.js';
import type { Located, Resolver } from './resolve.js';
import { flattenAllOf, joinField, propertyPointer, type Schema } from './schema.js';
import type { Direction, PairNode, RuleFamily, SchemaFinding, SchemaPosition, SchemaWalker } from './rules/types.js';


export function createSchemaWalker(resolvers: { base: Resolver; revision: Resolver }, families: RuleFamily[]): SchemaWalker {
  const memo = new Map<object, Map<object, Map<string, PairNode>>>();
  const flatCache = { base: new WeakMap<object, Located<Schema>>(), revision: new WeakMap<object, Located<Schema>>() };
  const schemaRules = families.filter((f) => f.checkSchema);
  const propertyRules = families.filter((f) => f.checkProperty);
  const branchRules = families.filter((f) => f.checkBranch);

  const prepare = (side: 'base' | 'revision', node: Located<Schema>): Located<Schema> => {
    const followed = resolvers[side].follow<Schema>(node.node, node.pointer);
    const schema = followed.node && typeof followed.node === 'object' && !Array.isArray(followed.node) ? followed : { ...followed, node: EMPTY_SCHEMA };
    return flattenAllOf(schema, resolvers[side], flatCache[side]);
  };

  // Builds the graph of compared pairs. A pair is registered before its children are compared,
  // so a recursive schema links back to itself instead of recursing forever.
  const compare = (b0: Located<Schema>, r0: Located<Schema>, direction: Direction, position: SchemaPosition): PairNode => {
    const b = prepare('base', b0);
    const r = prepare('revision', r0);
    const key = direction + ':' + position;
    let byRev = memo.get(b.node);
    if (!byRev) memo.set(b.node, (byRev = new Map()));
    let byKey = byRev.get(r.node);
    if (!byKey) byRev.set(r.node, (byKey = new Map()));
    const known = byKey.get(key);
    if (known) return known;
    const node: PairNode = { local: [], edges: [] };
    byKey.set(key, node);
    const emitAt = (f: Omit<SchemaFinding, 'field'> & { field?: string }) => node.local.push({ ...f, field: f.field ?? '' });
    for (const family of schemaRules) family.checkSchema!({ base: b, revision: r, direction, position, field: '' }, emitAt);
    const child: SchemaPosition = position === 'parameter' || position === 'parameter-property' ? 'parameter-property' : 'property';
    walkProperties(b, r, direction, child, node);
    walkPair(b.node.items, r.node.items, b.pointer, r.pointer, 'items', '[]', direction, child, node);
    if (isSchemaObject(b.node.additionalProperties) && isSchemaObject(r.node.additionalProperties)) {
      walkPair(b.node.additionalProperties, r.node.additionalProperties, b.pointer, r.pointer, 'additionalProperties', '*', direction, child, node);
    }
    for (const keyword of ['oneOf', 'anyOf'] as const) walkBranches(keyword, b, r, direction, position, node);
    return node;
  };

  const walkPair = (bs: unknown, rs: unknown, bp: string, rp: string, keyword: string, field: string, direction: Direction, position: SchemaPosition, node: PairNode) => {
    if (!isSchemaObject(bs) || !isSchemaObject(rs)) return;
    const child = compare({ node: bs, pointer: joinPointer(bp, keyword) }, { node: rs, pointer: joinPointer(rp, keyword) }, direction, position);
    node.edges.push({ field, child });
  };

  const walkProperties = (b: Located<Schema>, r: Located<Schema>, direction: Direction, position: SchemaPosition, node: PairNode) => {
    const bp = b.node.properties ?? {};
    const rp = r.node.properties ?? {};
    if (Object.keys(bp).length === 0 && Object.keys(rp).length === 0) return;
    const breq = new Set<string>(Array.isArray(b.node.required) ? b.node.required : []);
    const rreq = new Set<string>(Array.isArray(r.node.required) ? r.node.required : []);
    for (const name of new Set([...Object.keys(bp), ...Object.keys(rp)])) {
      const base = visibleProperty('base', b, name, direction);
      const revision = visibleProperty('revision', r, name, direction);
      if (!base && !revision) continue;
      const pair = { name, base, revision, required: { base: breq.has(name), revision: rreq.has(name) }, direction, position, parents: { base: b.pointer, revision: r.pointer } };
      const emit = (f: Omit<SchemaFinding, 'field'> & { field?: string }) => node.local.push({ ...f, field: f.field ?? name });
      for (const family of propertyRules) family.checkProperty!(pair, emit);
      if (base && revision) node.edges.push({ field: name, child: compare(base, revision, direction, position) });
    }
  };

  const visibleProperty = (side: 'base' | 'revision', parent: Located<Schema>, name: string, direction: Direction): Located<Schema> | undefined => {
    const raw = parent.node.properties?.[name];
    if (!isSchemaObject(raw)) return undefined;
    const located = { node: raw, pointer: propertyPointer(parent, name) };
    const s = resolvers[side].follow<Schema>(raw, located.pointer).node;
    // A readOnly property is not part of a request; a writeOnly one is not part of a response.
    if (direction === 'request' && s.readOnly === true) return undefined;
    if (direction === 'response' && s.writeOnly === true) return undefined;
    return located;
  };

  const walkBranches = (keyword: 'oneOf' | 'anyOf', b: Located<Schema>, r: Located<Schema>, direction: Direction, position: SchemaPosition, node: PairNode) => {
    const bl: unknown[] = Array.isArray(b.node[keyword]) ? b.node[keyword] : [];
    const rl: unknown[] = Array.isArray(r.node[keyword]) ? r.node[keyword] : [];
    if (bl.length === 0 && rl.length === 0) return;
    const parents = { base: b.pointer, revision: r.pointer };
    for (const [bi, ri] of matchBranches(bl, rl)) {
      const base = bi === undefined ? undefined : { node: bl[bi] as Schema, pointer: joinPointer(b.pointer, keyword, bi) };
      const revision = ri === undefined ? undefined : { node: rl[ri] as Schema, pointer: joinPointer(r.pointer, keyword, ri) };
      const emit = (f: Omit<SchemaFinding, 'field'> & { field?: string }) => node.local.push({ ...f, field: f.field ?? '' });
      for (const family of branchRules) family.checkBranch!({ keyword, base, revision, direction, position, parents }, emit);
      if (base && revision && isSchemaObject(base.node) && isSchemaObject(revision.node)) node.edges.push({ field: '', child: compare(base, revision, direction, position) });
    }
  };

  return (base, revision, direction, position) => compare(base, revision, direction, position);
}

const EMPTY_SCHEMA: Schema = Object.freeze({}) as Schema;

/** Branches pair by the component they reference, then inline ones by their order. */
function matchBranches(bl: unknown[], rl: unknown[]): [number | undefined, number | undefined][] {
  const refOf = (s: unknown) => (s && typeof s === 'object' && typeof (s as any).$ref === 'string' ? (s as any).$ref.slice((s as any).$ref.lastIndexOf('/') + 1) : undefined);
  const out: [number | undefined, number | undefined][] = [];
  const usedRev = new Set<number>();
  const inlineBase: number[] = [];
  bl.forEach((s, i) => {
    const ref = refOf(s);
    const j = ref === undefined ? -1 : rl.findIndex((t, k) => !usedRev.has(k) && refOf(t) === ref);
    if (j >= 0) {
      usedRev.add(j);
      out.push([i, j]);
    } else if (ref === undefined) inlineBase.push(i);
    else out.push([i, undefined]);
  });
  const inlineRev = rl.map((_, k) => k).filter((k) => !usedRev.has(k) && refOf(rl[k]) === undefined);
  inlineBase.forEach((i, n) => out.push([i, inlineRev[n]]));
  for (const k of inlineRev.slice(inlineBase.length)) out.push([undefined, k]);
  rl.forEach((t, k) => {
    if (!usedRev.has(k) && refOf(t) !== undefined) out.push([undefined, k]);
  });
  return out;
}

function isSchemaObject(s: unknown): s is Schema {
  return s !== null && typeof s === 'object' && !Array.isArray(s);
}

function prefixField(prefix: string, rest: string): string {
  if (rest === '') return prefix;
  if (rest.startsWith('[]')) return prefix + rest;
  return joinField(prefix, rest);
}
