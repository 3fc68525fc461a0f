// `enum: [a, b]` and `anyOf: [{const: a}, {const: b}]` admit the same values (JSON Schema 2020-12 Validation 6.1.2,
// 6.1.3; Core 10.2.1.2): a list whose every alternative is fixed values is read as the enum of them, so a rewrite from one
// form to the other is judged by the values it admits, not as alternatives added beside an enum removed.
import { isSchemaObject, jsonTypeOf, keywordPointer, type Schema, typeCovered, withKeywords } from './dialect.js';
import { joinPointer } from './pointer.js';
import type { Located, Resolver } from './resolve.js';

/** Words beside the list that leave it a list of values: annotations, and a type that applies to each value too. */
const BESIDE_LIST = new Set(['title', 'description', 'example', 'examples', '$comment', 'externalDocs', 'deprecated', 'type', 'nullable']);
/** Words an alternative may carry and still be one or more fixed values. */
const IN_ALTERNATIVE = new Set(['title', 'description', 'example', 'examples', '$comment', 'deprecated', 'type', 'const', 'enum']);

type Side = 'base' | 'revision';
type ValueLists = (b: Located<Schema>, r: Located<Schema>) => [Located<Schema>, Located<Schema>] | undefined;

/**
 * Both sides as the walk compares them, where one is a list of values and the other is no list (an enum, a const, a
 * string of any value) or a list of the same values: the list read as its enum, so `type: string` becoming a list of
 * consts is a request limited to those values (became-enum), not alternatives added. Against a list of other
 * alternatives a list stays a list, paired alternative by alternative. Undefined when nothing is read anew, which is
 * every pair without `oneOf`/`anyOf`.
 */
export function createValueLists(resolvers: { base: Resolver; revision: Resolver }): ValueLists {
  // Per list object, its values (null: not a list of values); the read schema per place, for the few that are.
  const values: Record<Side, WeakMap<object, unknown[] | null>> = { base: new WeakMap(), revision: new WeakMap() };
  const read: Record<Side, WeakMap<object, Map<string, Located<Schema>>>> = { base: new WeakMap(), revision: new WeakMap() };
  const valuesAt = (side: Side, node: Schema): unknown[] | null => {
    let known = values[side].get(node);
    if (known === undefined) values[side].set(node, (known = valuesOf(node, resolvers[side]) ?? null));
    return known;
  };
  const asEnum = (side: Side, s: Located<Schema>, listed: unknown[]): Located<Schema> => {
    let byPlace = read[side].get(s.node);
    if (byPlace === undefined) read[side].set(s.node, (byPlace = new Map()));
    let out = byPlace.get(s.pointer);
    if (out === undefined) {
      byPlace.set(s.pointer, (out = withKeywords(s, { oneOf: undefined, anyOf: undefined, enum: listed })));
      listAt.set(out.node, joinPointer(s.pointer, s.node.oneOf !== undefined ? 'oneOf' : 'anyOf'));
    }
    return out;
  };
  return (b, r) => {
    const bl = hasList(b.node);
    const rl = hasList(r.node);
    if (!bl && !rl) return undefined;
    // A list beside a list that is not of values: its alternatives are paired with the other's, as written.
    const bv = bl ? valuesAt('base', b.node) : undefined;
    if (bv === null) return undefined;
    const rv = rl ? valuesAt('revision', r.node) : undefined;
    if (rv === null) return undefined;
    // Two lists of values whose alternatives gained or lost values are compared alternative by alternative, as written
    // (an alternative's title names a group of values); read as enums only where the values are the same.
    if (bv && rv && !sameValues(bv, rv)) return undefined;
    return [bv ? asEnum('base', b, bv) : b, rv ? asEnum('revision', r, rv) : r];
  };
}

/** Where an enum read from a list is written: the list, which a value added or removed points at. */
const listAt = new WeakMap<object, string>();

/**
 * Where a finding about a schema's `enum` points: the `oneOf`/`anyOf` of consts it was read from, or the `enum` keyword
 * where it is written at or below the schema (an `allOf` member of it, which a merge folds in). An enum that comes from
 * another schema through `$ref` points at this schema, the one that uses it: the field a client reads or sends, which a
 * message reached from several operations is named after (reach.ts), and which keeps a request field and a response
 * field that share one enum component apart. Never at an `enum` the document does not write.
 */
export function enumAt(schema: Located<Schema>): string {
  const listed = listAt.get(schema.node);
  if (listed !== undefined) return listed;
  const written = keywordPointer(schema, 'enum');
  return written.startsWith(`${schema.pointer}/`) ? written : schema.pointer;
}

function sameValues(a: unknown[], b: unknown[]): boolean {
  const keys = new Set(a.map((v) => JSON.stringify(v)));
  return a.length === b.length && b.every((v) => keys.has(JSON.stringify(v)));
}

function hasList(s: Schema): boolean {
  return s.oneOf !== undefined || s.anyOf !== undefined;
}

/**
 * The values a `oneOf` or `anyOf` of fixed values admits, each alternative's `$ref` followed; undefined where an
 * alternative admits more than fixed values or something beside the list constrains. Under `oneOf` a value two
 * alternatives list matches both and is refused: such a list is left to the alternative rules.
 */
function valuesOf(s: Schema, resolver: Resolver): unknown[] | undefined {
  const keyword = Array.isArray(s.oneOf) && s.anyOf === undefined ? 'oneOf' : Array.isArray(s.anyOf) && s.oneOf === undefined ? 'anyOf' : undefined;
  if (keyword === undefined || s[keyword].length === 0) return undefined;
  for (const key in s) if (key !== keyword && !key.startsWith('x-') && !BESIDE_LIST.has(key)) return undefined;
  const seen = new Map<string, unknown>();
  for (const written of s[keyword] as unknown[]) {
    const alternative = resolver.followSchema<Schema>(written, '').node;
    const own = isSchemaObject(alternative) ? fixedValues(alternative) : undefined;
    if (own === undefined) return undefined;
    for (const v of own) {
      const key = JSON.stringify(v);
      if (seen.has(key) && keyword === 'oneOf') return undefined;
      seen.set(key, v);
    }
  }
  return [...seen.values()];
}

/** The values one alternative admits: its `const` or `enum` (`{type: "null"}` is null alone), those its own `type` refuses left out. */
function fixedValues(a: Schema): unknown[] | undefined {
  for (const key in a) if (!key.startsWith('x-') && !IN_ALTERNATIVE.has(key)) return undefined;
  if (a.const !== undefined && a.enum !== undefined) return undefined;
  const listed: unknown[] | undefined = a.const !== undefined ? [a.const] : Array.isArray(a.enum) ? a.enum : a.type === 'null' ? [null] : undefined;
  if (listed === undefined || a.type === undefined) return listed;
  const types: unknown[] = Array.isArray(a.type) ? a.type : [a.type];
  if (!types.every((t) => typeof t === 'string')) return undefined;
  return listed.filter((v) => typeCovered(jsonTypeOf(v), types as string[]));
}
