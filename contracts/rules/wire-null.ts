// Null on a parameter described by `schema` is nothing on the wire: every style (path, query, header, cookie) expands by
// RFC 6570, which treats null as undefined and expands it, or an undefined member of a list or an object, to nothing (a
// query, cookie or header parameter left out, a path segment empty). So wherever the schema says null is valid (on itself,
// through a `$ref`, as a null-only `oneOf`/`anyOf` alternative, for the items of an array or the properties of an
// object), that is taken away before the comparison.
import { PROPERTY_POINTERS, propertyPointer } from '../schema/dialect.js';
import { childPointer } from '../schema/pointer.js';
import { pinCopy, writtenAt } from '../schema/ref-siblings.js';
import type { Located, Resolver } from '../schema/resolve.js';

// Indexed loops over it: a for...of allocates a result per step in code V8 has not optimised, and this runs per schema.
const APPLICATORS = ['allOf', 'anyOf', 'oneOf'] as const;

/** Keywords that say nothing about which values are valid: a schema of only these beside its alternatives is that choice. */
const ANNOTATIONS = new Set(['title', 'description', 'example', 'examples', 'deprecated', '$comment', 'externalDocs', 'xml']);

/**
 * A parameter's schema that does not say null is valid, for the comparison only, and where it is written; the schema and
 * its place when it does not. A copy made of a schema a `$ref` names is located where that schema is written, so what
 * the walk finds below it points at the lines that say it.
 */
export function withoutNullOnWire(schema: Record<string, any>, pointer: string, resolver: Resolver): Located<Record<string, any>> {
  if (saysNothingOfNull(schema) || namesNothingOfNull(schema, pointer, resolver)) return { node: schema, pointer };
  const top = withoutNullHere({ node: schema, pointer }, resolver);
  const items = isSchema(top.node.items)
    ? withoutNullHere({ node: top.node.items, pointer: childPointer(top.pointer, 'items', undefined) }, resolver)
    : undefined;
  const members = withoutNullMembers(top, resolver);
  const itemsChanged = items !== undefined && items.node !== top.node.items;
  if (!itemsChanged && members === undefined) return top;
  // Only the keys written: a key set to undefined would read as written to a walk that asks `in`.
  const node = { ...top.node, ...(itemsChanged ? { items: pinned(items) } : {}), ...(members ? { properties: members.properties } : {}) };
  // The walk finds a property's place on its parent (a merge's properties are written in several places), not on it.
  if (members) Object.defineProperty(node, PROPERTY_POINTERS, { value: members.pointers, enumerable: false });
  return { node: pinned({ node, pointer: top.pointer }), pointer: top.pointer };
}

/**
 * Most parameters are a plain `{ type: string }` written in each operation: no keyword through which null could be
 * valid, so none of the lists and copies below is made for them (a few % of Cloudflare's diff, 1,500 operations).
 */
function saysNothingOfNull(schema: Record<string, any>): boolean {
  return schema.$ref === undefined && schema.$dynamicRef === undefined && schema.items === undefined && schema.properties === undefined && nullFreeHere(schema);
}

/** A bare `$ref` to such a schema, or to none: what is compared is the reference itself, as the longer way finds too. */
function namesNothingOfNull(schema: Record<string, any>, pointer: string, resolver: Resolver): boolean {
  if (typeof schema.$ref !== 'string') return false;
  for (const key in schema) if (key !== '$ref') return false;
  const end = resolver.followSchema<Record<string, any>>(schema, pointer).node;
  return !isSchema(end) || nullFreeHere(end);
}

function nullFreeHere(schema: Record<string, any>): boolean {
  return schema.nullable === undefined && !Array.isArray(schema.type) && schema.allOf === undefined && schema.anyOf === undefined && schema.oneOf === undefined;
}

/** A schema the walk meets where another was written (an item, a member), located where it is itself written. */
function pinned(at: Located<Record<string, any>>): Record<string, any> {
  return pinCopy(at.node, at.pointer);
}

/** The properties of an object parameter, each without null, and where each is written; undefined when none admits null. */
function withoutNullMembers(
  top: Located<Record<string, any>>,
  resolver: Resolver,
): { properties: Record<string, unknown>; pointers: Record<string, string> } | undefined {
  const properties: unknown = top.node.properties;
  if (!isSchema(properties)) return undefined;
  let changed = false;
  const out: Record<string, unknown> = {};
  const pointers: Record<string, string> = {};
  for (const [name, value] of Object.entries(properties)) {
    const at = propertyPointer(top, name);
    const member = isSchema(value) ? withoutNullHere({ node: value, pointer: at }, resolver) : undefined;
    const same = member === undefined || member.node === value;
    out[name] = same ? value : member.node;
    pointers[name] = same ? at : member.pointer;
    changed ||= !same;
  }
  return changed ? { properties: out, pointers } : undefined;
}

/** How deep alternatives and `allOf` members are followed: a `$ref` loop through them must end. */
const MAX_DEPTH = 8;

/**
 * One schema, not its items: through a bare `$ref`, then its null-only alternatives, its own null, and the null its
 * `allOf`/`anyOf`/`oneOf` members admit (the engine reads a flag inside `allOf` as the schema's own). Unchanged, the
 * schema and its place as given.
 */
function withoutNullHere(at: Located<Record<string, any>>, resolver: Resolver, depth = 0): Located<Record<string, any>> {
  const start = followRefs(at, resolver);
  const chosen = withoutNullAlternatives(start, resolver);
  const own = withoutOwnNull(chosen.node);
  const node = depth < MAX_DEPTH ? withoutNullInMembers({ node: own, pointer: chosen.pointer }, resolver, depth) : own;
  return node === start.node ? at : { node, pointer: chosen.pointer };
}

/** A copy whose applicator members admit no null, each located where it is written; the schema when none does. */
function withoutNullInMembers(at: Located<Record<string, any>>, resolver: Resolver, depth: number): Record<string, any> {
  let out = at.node;
  for (let ai = 0; ai < APPLICATORS.length; ai++) {
    const key = APPLICATORS[ai];
    const list = at.node[key];
    if (!Array.isArray(list)) continue;
    const members = list.map((m: unknown, i: number) => {
      if (!isSchema(m)) return m;
      const done = withoutNullHere({ node: m, pointer: writtenAt(m) ?? childPointer(at.pointer, key, i) }, resolver, depth + 1);
      return done.node === m ? m : pinned(done);
    });
    if (members.some((m: unknown, i: number) => m !== list[i])) out = { ...out, [key]: members };
  }
  return out;
}

/** Where a bare `$ref` leads (its chain followed as the walk follows it); the schema itself when it is no bare `$ref`. */
function followRefs(at: Located<Record<string, any>>, resolver: Resolver): Located<Record<string, any>> {
  if (!onlyRef(at.node, resolver)) return at;
  const end = resolver.followSchema<Record<string, any>>(at.node, at.pointer);
  return isSchema(end.node) ? end : at;
}

/** A `$ref` with nothing beside it but annotations: what it names is the whole schema. */
function onlyRef(schema: Record<string, any>, resolver: Resolver): boolean {
  return resolver.refOf(schema) !== undefined && Object.keys(schema).every((k) => k === '$ref' || ANNOTATIONS.has(k));
}

function ownNull(schema: Record<string, any>): boolean {
  return schema.nullable !== undefined || (Array.isArray(schema.type) && schema.type.includes('null'));
}

/** A copy without `nullable` and without "null" in its list of types; a schema whose only type is null is kept. */
function withoutOwnNull(schema: Record<string, any>): Record<string, any> {
  if (!ownNull(schema)) return schema;
  const { nullable: _unused, ...rest } = schema;
  if (!Array.isArray(schema.type) || !schema.type.includes('null')) return rest;
  const types = schema.type.filter((t: unknown) => t !== 'null');
  if (types.length === 0) return schema;
  return { ...rest, type: types.length === 1 ? types[0] : types };
}

function alternativesOf(schema: Record<string, any>): { key: 'oneOf' | 'anyOf'; list: unknown[] }[] {
  return (['oneOf', 'anyOf'] as const).flatMap((key) => (Array.isArray(schema[key]) ? [{ key, list: schema[key] as unknown[] }] : []));
}

/** A copy without the alternatives that admit only null; one alternative left alone beside annotations is the schema. */
function withoutNullAlternatives(at: Located<Record<string, any>>, resolver: Resolver): Located<Record<string, any>> {
  const schema = at.node;
  let out = schema;
  for (const { key, list } of alternativesOf(schema)) {
    const kept = list.flatMap((alt, i) => (onlyNull(alt, resolver) ? [] : [{ alt, i }]));
    // Only null left: the parameter is always left out, and there is nothing else to compare it by.
    if (kept.length === list.length || kept.length === 0) continue;
    // Each kept alternative keeps its own place: its index in the shorter list is not where it is written.
    const place = ({ alt, i }: { alt: unknown; i: number }) => (isSchema(alt) ? pinCopy(alt, childPointer(at.pointer, key, i)) : alt);
    out = { ...out, [key]: kept.map(place) };
  }
  if (out === schema) return at;
  const rest = Object.keys(out).filter((k) => !ANNOTATIONS.has(k));
  const [single] = alternativesOf(out);
  if (rest.length === 1 && single && single.list.length === 1 && isSchema(single.list[0])) {
    const alt = single.list[0];
    return { node: alt, pointer: childPointer(at.pointer, single.key, (schema[single.key] as unknown[]).indexOf(alt)) };
  }
  return { node: out, pointer: at.pointer };
}

/** Whether a schema (through its `$ref`s) admits null and nothing else: `type: null`, `const: null`, `enum: [null]`. */
function onlyNull(alt: unknown, resolver: Resolver): boolean {
  if (!isSchema(alt)) return false;
  const s = onlyRef(alt, resolver) ? resolver.followSchema<Record<string, any>>(alt, '').node : alt;
  const types = Array.isArray(s.type) ? s.type : [s.type];
  if (s.type !== undefined && types.every((t) => t === 'null')) return true;
  if ('const' in s && s.const === null) return true;
  return Array.isArray(s.enum) && s.enum.length > 0 && s.enum.every((v: unknown) => v === null);
}

function isSchema(value: unknown): value is Record<string, any> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
