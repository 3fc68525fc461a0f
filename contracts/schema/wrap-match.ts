// A schema moved into a list of oneOf/anyOf alternatives of which it stays one (or taken out of one): the value is
// compared with that alternative, and each other alternative is one added (or removed), not a type changed besides.
import { admitsNull } from './admits-null.js';
import { signatureOf } from './branch-match.js';
import { isSchemaObject, jsonTypeOf, readTypes, type Schema } from './dialect.js';
import type { BranchPair, Direction, SchemaPosition } from './pairs.js';
import { joinPointer } from './pointer.js';
import { writtenAt } from './ref-siblings.js';
import type { Located, Resolver } from './resolve.js';

export interface Wrap {
  keyword: 'oneOf' | 'anyOf';
  /** The side whose schema is the list of alternatives. */
  listSide: 'base' | 'revision';
  /** The alternative that is the other side's schema. */
  partner: number;
  /** Alternatives that admit only null, said by the partner's `type` instead ("or null"): no alternative of their own. */
  nulls: number[];
  /** Alternatives that admit no value of the type the list's own schema sets (`{type: "null"}` beside `type: string`): none at all. */
  refused: number[];
  /** Keywords the list's own schema sets beside it, which apply to the partner's value too (`nullable`, `type`). */
  extra: Schema;
}

/** Keywords a list's own schema may carry and still be only a list: annotations, and what the partner can take over. */
const BESIDE_LIST = new Set(['title', 'description', 'example', 'examples', '$comment', 'externalDocs', 'deprecated', 'nullable', 'type']);

/**
 * The wrap between two schemas, where one side is a `oneOf` or `anyOf` list (with nothing else that constrains) and the
 * other is not: its partner is the alternative written as the same component, else the one that says the same, else
 * the only one that admits values of the other side's type. Under `oneOf` a value must match exactly one alternative, so
 * the other alternatives must admit none of the other side's types: else a value that was valid may now match two, and
 * the wrap is no plain widening (rules/schema-composition.ts's `wrapped-in-one-of` judges it).
 */
export function findWrap(
  b: Located<Schema>,
  r: Located<Schema>,
  resolvers: { base: Resolver; revision: Resolver },
  nullableKeyword: { base: boolean; revision: boolean },
): Wrap | undefined {
  const listSide = sideOfList(b, r, resolvers, nullableKeyword);
  if (listSide === undefined) return undefined;
  const list = listSide === 'base' ? b : r;
  const single = listSide === 'base' ? r : b;
  const keyword = listKeyword(list.node)!;
  const extra: Schema = {};
  for (const key of Object.keys(list.node)) {
    if (key === keyword || key.startsWith('x-')) continue;
    if (!BESIDE_LIST.has(key)) return undefined;
    // A type beside the list that the single side does not share is a type change as well: judged pair by pair.
    if (key === 'type' && single.node.type !== undefined && JSON.stringify(list.node.type) !== JSON.stringify(single.node.type)) return undefined;
    if (key === 'nullable' || key === 'type') extra[key] = list.node[key];
  }
  const resolver = resolvers[listSide];
  const keywordOn = nullableKeyword[listSide];
  const alternatives: Schema[] = list.node[keyword].map((a: unknown) => resolver.followSchema<Schema>(throughAllOf(a), '').node);
  const singleTypes = typesOf(single.node, nullableKeyword[listSide === 'base' ? 'revision' : 'base']);
  // A type beside the list applies to every alternative's value too (JSON Schema applies both): an alternative that names
  // none admits that type, and one whose types it shuts out admits nothing.
  const outer = extra.type === undefined ? undefined : typesOf(extra, keywordOn);
  const types = alternatives.map((a) => (isSchemaObject(a) ? within(typesOf(a, keywordOn), outer) : undefined));
  const refused = outer === undefined ? [] : types.flatMap((t, i) => (t?.size === 0 && typesOf(alternatives[i], keywordOn)?.size !== 0 ? [i] : []));
  const nulls = types.flatMap((t, i) => (onlyNull(t) ? [i] : []));
  const sig = signatureOf(single.node);
  // A list or null around the other side's list: the list is its partner, whatever either admits.
  const aroundList = listKeyword(single.node) !== undefined && isOrNull(list.node, resolver, keywordOn);
  const partner = aroundList
    ? alternatives.findIndex((_, i) => !nulls.includes(i))
    : partnerOf(list.node[keyword], alternatives, types, single, sig, singleTypes, resolver, nulls);
  if (partner === undefined || partner < 0) return undefined;
  // Beside an identical partner, anyOf only adds values. Else the others must admit none of the single side's values:
  // what the partner no longer admits, another might, and under oneOf a value admitted twice is refused.
  const plain = keyword === 'anyOf' && Object.keys(extra).length === 0 && nulls.length === 0 && signatureOf(alternatives[partner]) === sig;
  // A null alternative beside a partner that refuses null is how the list says "or null": folded into the partner.
  const partnerTypes = types[partner];
  // A partner that names no type (a list of its own) refuses null where all its alternatives do.
  const refusesNull = partnerTypes ? !partnerTypes.has('null') : admitsNull(alternatives[partner], resolver, keywordOn) === false;
  const folded = (i: number) => nulls.includes(i) && refusesNull;
  if (!plain)
    for (let i = 0; i < alternatives.length; i++)
      if (i !== partner && !folded(i) && !refused.includes(i) && (!isSchemaObject(alternatives[i]) || overlap(singleTypes, types[i]))) return undefined;
  return { keyword, listSide, partner, nulls, refused, extra };
}

/**
 * An alternative that is one schema under `allOf` with only words beside it (`{allOf: [$ref], description}`, how
 * documents annotate a reference) admits what that schema does: it is paired as that schema.
 */
function throughAllOf(a: unknown): unknown {
  if (!isSchemaObject(a) || !Array.isArray(a.allOf) || a.allOf.length !== 1) return a;
  for (const key in a) if (key !== 'allOf' && !ANNOTATIONS.has(key) && !key.startsWith('x-')) return a;
  return a.allOf[0];
}
const ANNOTATIONS = new Set(['title', 'description', 'example', 'examples', '$comment', 'deprecated']);

function partnerOf(
  written: unknown[],
  alternatives: Schema[],
  types: (Set<string> | undefined)[],
  single: Located<Schema>,
  sig: string,
  singleTypes: Set<string> | undefined,
  resolver: Resolver,
  nulls: number[],
): number | undefined {
  // The same component: its pointer, once followed, is the single side's own.
  for (let i = 0; i < written.length; i++) {
    const w = throughAllOf(written[i]);
    if (isSchemaObject(w) && typeof w.$ref === 'string' && resolver.followSchema(w, '').pointer === single.pointer) return i;
  }
  for (let i = 0; i < alternatives.length; i++) if (signatureOf(alternatives[i]) === sig) return i;
  if (singleTypes === undefined) return undefined;
  let found: number | undefined;
  for (let i = 0; i < alternatives.length; i++) {
    const admitted = nulls.includes(i) ? undefined : types[i];
    // An alternative that names no type is no evidence: it is paired by component or content, or not at all.
    if (admitted === undefined || !overlap(withoutNull(singleTypes), admitted)) continue;
    if (found !== undefined) return undefined;
    found = i;
  }
  return found;
}

/**
 * The non-null types a `oneOf`/`anyOf` list with no `type` of its own admits together, each alternative's `$ref`
 * followed and a nested list read the same way; undefined when one alternative admits any type (it names none). A wrap
 * findWrap cannot pair (no partner, or alternatives that overlap under `oneOf`) is compared whole with the other side,
 * and the list's type is then this union: an object put in `anyOf` object components is still an object, not "any".
 */
export function listTypes(list: Schema, resolver: Resolver, nullableKeyword: boolean, depth = 0): string[] | undefined {
  const keyword = listKeyword(list);
  if (keyword === undefined || list.type !== undefined || depth > 4) return undefined;
  const out = new Set<string>();
  for (const written of list[keyword] as unknown[]) {
    const alternative = resolver.followSchema<Schema>(written, '').node;
    if (!isSchemaObject(alternative)) return undefined;
    const types = typesOf(alternative, nullableKeyword) ?? listTypes(alternative, resolver, nullableKeyword, depth + 1);
    if (types === undefined) return undefined;
    for (const t of types) if (t !== 'null') out.add(t);
  }
  return out.size === 0 ? undefined : [...out].sort();
}

function listKeyword(s: Schema): 'oneOf' | 'anyOf' | undefined {
  const one = Array.isArray(s.oneOf) && s.oneOf.length > 0;
  const any = Array.isArray(s.anyOf) && s.anyOf.length > 0;
  return one === any ? undefined : one ? 'oneOf' : 'anyOf';
}

/** The JSON types a schema admits, where its `type`, `enum` or `const` says; undefined for any. */
function typesOf(s: Schema, nullableKeyword: boolean): Set<string> | undefined {
  let out: Set<string> | undefined;
  if (typeof s.type === 'string') out = new Set([s.type]);
  else if (Array.isArray(s.type)) out = new Set(s.type.filter((t: unknown) => typeof t === 'string'));
  else if (Array.isArray(s.enum)) out = new Set(s.enum.map(jsonTypeOf));
  else if (s.const !== undefined) out = new Set([jsonTypeOf(s.const)]);
  if (out && nullableKeyword && s.nullable === true) out.add('null');
  // An enum beside the type restricts it (JSON Schema applies both): 3.0's null alternative, `{type: string, enum: [null],
  // nullable: true}`, admits null alone, not "string or null".
  if (out && Array.isArray(s.enum) && s.enum.length > 0 && s.enum.every((v: unknown) => v === null)) return new Set(out.has('null') ? ['null'] : []);
  return out;
}

function onlyNull(types: Set<string> | undefined): boolean {
  return types !== undefined && types.size > 0 && [...types].every((t) => t === 'null');
}

/**
 * The side that is the list of alternatives: the only one that is a list, else the only one that is one schema or null
 * (`oneOf: [{type: "null"}, X]`, `anyOf: [X], nullable: true`) around a schema whose own alternatives (Discord's integer
 * beside a `oneOf` of consts) would otherwise be paired with the wrapper's.
 */
function sideOfList(
  b: Located<Schema>,
  r: Located<Schema>,
  resolvers: { base: Resolver; revision: Resolver },
  nullableKeyword: { base: boolean; revision: boolean },
): 'base' | 'revision' | undefined {
  const bl = listKeyword(b.node) !== undefined;
  const rl = listKeyword(r.node) !== undefined;
  if (bl !== rl) return bl ? 'base' : 'revision';
  if (!bl) return undefined;
  const bw = isOrNull(b.node, resolvers.base, nullableKeyword.base);
  return bw === isOrNull(r.node, resolvers.revision, nullableKeyword.revision) ? undefined : bw ? 'base' : 'revision';
}

/** Both sides lists, one of them X (or null) around the other's: still a wrap (findWrap pairs X with the other side). */
export function orNullBeside(
  b: Schema,
  r: Schema,
  resolvers: { base: Resolver; revision: Resolver },
  nullableKeyword: { base: boolean; revision: boolean },
): boolean {
  return hasList(b) && hasList(r) && isOrNull(b, resolvers.base, nullableKeyword.base) !== isOrNull(r, resolvers.revision, nullableKeyword.revision);
}

/**
 * One schema or null: a list of alternatives all of which but one admit only null, or a list of one beside 3.0's
 * `nullable: true` (Stripe's `anyOf: [$ref], nullable: true`), with nothing beside it that constrains the value. A
 * list of one alone is not: `oneOf: [A]` becoming `oneOf: [A, B]` is an alternative added, judged list by list.
 */
export function isOrNull(s: Schema, resolver: Resolver, nullableKeyword: boolean): boolean {
  const keyword = listKeyword(s);
  if (keyword === undefined || Object.keys(s).some((k) => k !== keyword && !k.startsWith('x-') && !BESIDE_LIST.has(k))) return false;
  const list = s[keyword] as unknown[];
  const nulls = list.filter((a) => {
    const node = resolver.followSchema<Schema>(a, '').node;
    return isSchemaObject(node) && onlyNull(typesOf(node, nullableKeyword));
  });
  return nulls.length === list.length - 1 && (nulls.length > 0 || (nullableKeyword && s.nullable === true));
}

/** The types of `types` that `outer` admits too (an integer is a number); `outer` alone where `types` names none. */
function within(types: Set<string> | undefined, outer: Set<string> | undefined): Set<string> | undefined {
  if (outer === undefined || types === undefined) return types ?? outer;
  const out = new Set<string>();
  for (const t of types) if (outer.has(t) || (t === 'integer' && outer.has('number'))) out.add(t);
  if (types.has('number') && outer.has('integer')) out.add('integer');
  return out;
}

function withoutNull(types: Set<string>): Set<string> {
  return new Set([...types].filter((t) => t !== 'null'));
}

/** Whether some value has a type of both (an integer is a number); undefined admits every type. */
function overlap(a: Set<string> | undefined, b: Set<string> | undefined): boolean {
  if (a === undefined || b === undefined) return true;
  for (const t of a) if (b.has(t) || (t === 'integer' && b.has('number')) || (t === 'number' && b.has('integer'))) return true;
  return false;
}

/** The partner's value as the list side reads it: with the keywords set beside the list, and null where an alternative admits it. */
export function partnerSchema(partner: Located<Schema>, wrap: Wrap, nullableKeyword: boolean): Schema | undefined {
  const extra: Schema = { ...wrap.extra };
  // The list's own type says what its partner's already does, or says it for a partner that names none.
  if (partner.node.type !== undefined) delete extra.type;
  if (wrap.nulls.length > 0) {
    const type = partner.node.type ?? extra.type;
    if (typeof type === 'string') extra.type = [type, 'null'];
    else if (Array.isArray(type)) extra.type = type.includes('null') ? type : [...type, 'null'];
    else if (nullableKeyword) extra.nullable = true;
    // 3.1 has no word for "or null" beside a list: null joins the list, as an alternative of its own (a list of consts
    // beside `type: [string, "null"]` still refuses null: JSON Schema applies both).
    const keyword = nullableKeyword ? undefined : listKeyword(partner.node);
    if (keyword) extra[keyword] = [...partner.node[keyword], { type: 'null' }];
    // An enum leaving null out refuses it whatever the type lists (JSON Schema applies both): the list's null is the enum's too.
    const values = partner.node.enum;
    if (Array.isArray(values) && !values.includes(null)) extra.enum = [...values, null];
    // So does a const: the value or null is an enum of both, the const left out (withKeywords drops a key set undefined).
    const only = partner.node.const;
    if (only !== undefined && only !== null && !Array.isArray(values)) Object.assign(extra, { enum: [only, null], const: undefined });
  }
  return Object.keys(extra).length > 0 ? extra : undefined;
}

/** Where the list's alternative `i` is written. */
function alternativeAt(wrap: Wrap, list: Located<Schema>, i: number): Located<Schema> {
  const written = list.node[wrap.keyword][i];
  return { node: written, pointer: writtenAt(written) ?? joinPointer(list.pointer, wrap.keyword, i) };
}

export function partnerAt(wrap: Wrap, list: Located<Schema>): Located<Schema> {
  return alternativeAt(wrap, list, wrap.partner);
}

/** The alternatives beside the partner (but those said as "or null"), each a branch on the list's side only. */
export function besidePartner(
  wrap: Wrap,
  b: Located<Schema>,
  r: Located<Schema>,
  resolvers: { base: Resolver; revision: Resolver },
  direction: Direction,
  position: SchemaPosition,
): BranchPair[] {
  const side = wrap.listSide;
  const list = side === 'base' ? b : r;
  const count = list.node[wrap.keyword].length;
  const counts = { base: side === 'base' ? count : 0, revision: side === 'revision' ? count : 0 };
  const out: BranchPair[] = [];
  for (let i = 0; i < count; i++) {
    if (i === wrap.partner || wrap.nulls.includes(i) || wrap.refused.includes(i)) continue;
    const at = alternativeAt(wrap, list, i);
    const resolved = { [side]: resolvers[side].followSchema<Schema>(at.node, at.pointer).node };
    out.push({ keyword: wrap.keyword, [side]: at, resolved, direction, position, parents: { base: b.pointer, revision: r.pointer }, counts, wrapped: true });
  }
  return out;
}

/**
 * An alternative that admits only null, added to (or dropped from) a list: where it changes the list's nullability,
 * became-nullable (or not) is that change, and where both versions admit null (3.0's `nullable` beside the list, then
 * a null alternative in 3.1) no value changed. Either way the alternative is no finding of its own.
 */
export function isNullabilityMember(
  member: Schema | undefined,
  b: Schema,
  r: Schema,
  resolvers: { base: Resolver; revision: Resolver },
  nullableKeyword: { base: boolean; revision: boolean },
): boolean {
  if (!isSchemaObject(member) || !onlyNull(typesOf(member, nullableKeyword.base) ?? typesOf(member, nullableKeyword.revision))) return false;
  const before = admitsNull(b, resolvers.base, nullableKeyword.base);
  const after = admitsNull(r, resolvers.revision, nullableKeyword.revision);
  return typeof before === 'boolean' && typeof after === 'boolean' && (before || after);
}

export function hasList(s: Schema): boolean {
  return s.oneOf !== undefined || s.anyOf !== undefined;
}

/** An object that became a set of `oneOf` alternatives, with nothing left beside them (and none of them itself: findWrap's). */
export function isWrappedInOneOf(b: Schema, r: Schema): boolean {
  if (b.oneOf !== undefined || b.anyOf !== undefined || !Array.isArray(r.oneOf) || r.oneOf.length === 0) return false;
  if (b.properties === undefined || r.properties !== undefined) return false;
  return r.type === undefined || readTypes(r).types.join() === 'object';
}
