// Reading JSON Schema the same way across OpenAPI 3.0 (`nullable`) and 3.1 (`type: [.., "null"]`),
// and flattening `allOf` so that moving properties into a composed schema is no change.
import { combineKeyword, settleExclusiveFlags } from './keyword-merge.js';
import { putOwn } from './own-key.js';
import { childPointer, joinPointer } from './pointer.js';
import type { Located, Resolver } from './resolve.js';

export type Schema = Record<string, any>;

/** What a reference that leads to no schema is read as: a schema asserting nothing, shared and frozen. */
export const EMPTY_SCHEMA: Schema = Object.freeze({}) as Schema;

interface SchemaTypes {
  /** Non-null types; empty means any type. May be shared between calls (and frozen): read it, never change it. */
  types: string[];
  nullable: boolean;
}

// The answers for a schema whose `type` is one name (or none), made once: every rule asks this of every pair,
// and building three arrays and an object per question was a tenth of what the walk allocated.
const ONE_TYPE = new Map<string | undefined, readonly [SchemaTypes, SchemaTypes]>(
  [undefined, 'null', 'string', 'number', 'integer', 'boolean', 'object', 'array'].map((t) => {
    const types = Object.freeze(t === undefined || t === 'null' ? [] : [t]) as string[];
    return [t, [Object.freeze({ types, nullable: t === 'null' }), Object.freeze({ types, nullable: true })]];
  }),
);

/**
 * What `type` says, and nothing else: JSON Schema applies `properties`, `required`, `items` and the like only to values of
 * their type, so a schema that lists properties but names no type admits strings and numbers too (JSON Schema 2020-12 Core 7.6.1,
 * for 3.1; Validation 4.1 of the drafts that 3.0 and 2.0 build on). describedTypes is the shape its author describes, for
 * questions about serialisation and field paths.
 *
 * `nullableKeyword`: whether the document's dialect has OpenAPI 3.0's `nullable` (3.0, and 2.0 through the converter,
 * which turns `x-nullable` into it). In 3.1 it is no keyword of JSON Schema 2020-12: an unknown word, which no validator
 * reads, so a 3.1 schema admits null only through `type` (or an `enum` that lists it). Where a 3.0 schema has no type of
 * its own, whether `nullable` says anything is admitsNull's question (schema/admits-null.ts).
 */
export function readTypes(schema: Schema, nullableKeyword = true): SchemaTypes {
  const raw = schema.type;
  if (raw === undefined || typeof raw === 'string') {
    const shared = ONE_TYPE.get(raw);
    // With no type at all, an enum listing null still says "may be null".
    if (shared !== undefined)
      return shared[(nullableKeyword && schema.nullable === true) || (raw === undefined && Array.isArray(schema.enum) && schema.enum.includes(null)) ? 1 : 0];
  }
  const list: string[] = Array.isArray(raw) ? raw.filter((t) => typeof t === 'string') : typeof raw === 'string' ? [raw] : [];
  const nullable =
    (nullableKeyword && schema.nullable === true) || list.includes('null') || (Array.isArray(schema.enum) && schema.enum.includes(null) && list.length === 0);
  return { types: list.filter((t) => t !== 'null').sort(), nullable };
}

/**
 * Whether a value of `type` may pass the schema's `type`: every value where none is written, and a number keyword's
 * values where `integer` is. A keyword aimed at one type (`maxLength` at strings, `minimum` at numbers) constrains
 * nothing where this is false: an instance of another type conforms to it (2020-12 Core 7.6.1; Wright-00 Validation 4.1).
 */
export function mayHoldType(schema: Schema, type: string): boolean {
  if (schema.type === undefined) return true;
  const { types } = readTypes(schema);
  return types.includes(type) || (type === 'number' && types.includes('integer'));
}

/** The JSON Schema type of a JSON value: an integral number is an integer (and a number). */
export function jsonTypeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

const OBJECT: readonly string[] = Object.freeze(['object']);
const ARRAY: readonly string[] = Object.freeze(['array']);

/**
 * The non-null types a schema's author describes: its `type`, or without one, `object` where it lists object keywords and
 * `array` where it has `items`. Not what it validates (readTypes is): what a serialiser or a field path takes it to be.
 */
export function describedTypes(schema: Schema): readonly string[] {
  if (schema.type !== undefined) return readTypes(schema).types;
  if (schema.properties !== undefined || schema.required !== undefined || schema.additionalProperties !== undefined) return OBJECT;
  return schema.items !== undefined ? ARRAY : NO_TYPES;
}
const NO_TYPES: readonly string[] = Object.freeze([]);

/** Whether every value of type `from` is also a value of one of `to` (integer fits in number, and so do fractions). */
export function typeCovered(from: string, to: string[]): boolean {
  return to.length === 0 || to.includes(from) || ((from === 'integer' || from === NON_INTEGRAL) && to.includes('number'));
}

/** What a list of types admits where it takes numbers but not integers (`oneOf` of integer and number: type-list.ts). */
export const NON_INTEGRAL = 'non-integral number';

/**
 * The schema's `allOf` merged into one, as JSON Schema applies every member to the value: properties and required
 * unioned, bounds kept at the tightest, enums and types intersected (keyword-merge.ts); any other keyword is kept
 * from the first that sets it.
 */
export function flattenAllOf(located: Located<Schema>, resolver: Resolver, cache: AllOfCache): Located<Schema> {
  const schema = located.node;
  if (!Array.isArray(schema.allOf) || schema.allOf.length === 0) return located;
  let byPlace = cache.get(schema);
  if (byPlace === undefined) cache.set(schema, (byPlace = new Map()));
  let hit = byPlace.get(located.pointer);
  // Only two places where the object is written are two merges: a pointer the walk built below a merge names none (a
  // recursive schema builds one per level, and a merge per level would never end), and is the first place again.
  if (hit === undefined && byPlace.size > 0) {
    const first = byPlace.values().next().value!;
    if (!resolver.isAt(located.pointer, schema) || !resolver.isAt(first.pointer, schema)) hit = first;
  }
  if (hit) return hit;
  // Copied without `allOf` rather than copied and deleted from: a delete leaves the object a slow dictionary.
  const merged: Schema = {};
  for (const key in schema) if (key !== 'allOf') merged[key] = schema[key];
  const properties: Record<string, unknown> = {};
  const owners: Record<string, Located<Schema>> = {};
  const required = new Set<string>(Array.isArray(schema.required) ? schema.required : []);
  const seen = new Set<object>([schema]);
  const parts: Schema[] = [schema];
  // The member whose value won, per keyword; its pointer is built when asked (keywordPointer), as most never are.
  // No prototype: a keyword named `__proto__` or `constructor` is a key like any other.
  const keywordOwners: Record<string, Located<Schema>> = Object.create(null);
  const visit = (part: Located<Schema>) => {
    if (seen.has(part.node)) return;
    seen.add(part.node);
    const s = part.node;
    parts.push(s);
    addProperties(part);
    if (Array.isArray(s.required)) for (let i = 0; i < s.required.length; i++) required.add(s.required[i]);
    // Keys, not entries: a pair array per keyword of every member, in code that mostly runs before V8 optimises it.
    const keys = Object.keys(s);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      if (k === 'properties' || k === 'required' || k === 'allOf') continue;
      const v = s[k];
      const before = merged[k];
      merged[k] = k in merged ? combineKeyword(k, before, v) : v;
      if (merged[k] !== before) keywordOwners[k] = part;
    }
    if (Array.isArray(s.allOf)) visitMembers(s.allOf, part.pointer);
  };
  const addProperties = (part: Located<Schema>) => {
    const own = part.node.properties;
    if (own === undefined || own === null) return;
    const names = Object.keys(own);
    for (let i = 0; i < names.length; i++) {
      putOwn(properties, names[i], own[names[i]]);
      putOwn(owners, names[i], part);
    }
  };
  const visitMembers = (members: unknown[], pointer: string) => {
    // `allOf` and an index need no escaping: no token list made per member.
    for (let i = 0; i < members.length; i++) visit(resolver.followSchema(members[i], `${pointer}/allOf/${i}`));
  };
  addProperties(located);
  visitMembers(schema.allOf, located.pointer);
  settleExclusiveFlags(merged, parts);
  if (Object.keys(properties).length > 0) merged.properties = properties;
  if (required.size > 0) merged.required = [...required];
  // Where each merged property really lives, so findings point at the line that declares it.
  Object.defineProperty(merged, PROPERTY_POINTERS, { value: new PropertyPlaces(owners), enumerable: false });
  Object.defineProperty(merged, KEYWORD_POINTERS, { value: keywordOwners, enumerable: false });
  const out = { ...located, node: merged };
  byPlace.set(located.pointer, out);
  return out;
}

/**
 * Merged `allOf`s per schema object, then per place where it is written: one object may sit at two places (a YAML alias,
 * `&a` and `*a`), and the merge records the pointers of its properties, which must be that place's.
 */
export interface AllOfCache {
  get(schema: object): Map<string, Located<Schema>> | undefined;
  set(schema: object, byPlace: Map<string, Located<Schema>>): unknown;
}

export const PROPERTY_POINTERS = Symbol('propertyPointers');
const KEYWORD_POINTERS = Symbol('keywordPointers');

/** Where a keyword's value is written: in a merged `allOf`, the member whose value won (the tightest bound), else the schema itself. */
export function keywordPointer(schema: Located<Schema>, key: string): string {
  const owners = (schema.node as any)[KEYWORD_POINTERS] as Record<string, Located<Schema>> | undefined;
  return joinPointer(owners?.[key]?.pointer ?? schema.pointer, key);
}

export function propertyPointer(schema: Located<Schema>, name: string): string {
  const known = (schema.node as any)[PROPERTY_POINTERS] as Record<string, string> | PropertyPlaces | undefined;
  const at = known instanceof PropertyPlaces ? known.pointerOf(name) : known?.[name];
  return at ?? childPointer(schema.pointer, 'properties', name);
}

/**
 * Where a merged `allOf`'s properties are written: the member declaring each, its pointer built when first asked. Most
 * are never asked (a pair written alike is passed over), and building each merge's up front was ~2.5 MB of a
 * Cloudflare diff's garbage.
 */
class PropertyPlaces {
  private pointers: Map<string, string> | undefined;
  constructor(private readonly owners: Record<string, Located<Schema>>) {}

  pointerOf(name: string): string | undefined {
    const known = this.pointers?.get(name);
    if (known !== undefined || !Object.hasOwn(this.owners, name)) return known;
    const pointer = propertyPointer(this.owners[name], name);
    (this.pointers ??= new Map()).set(name, pointer);
    return pointer;
  }
}

/** The schema with some keywords set, still knowing where its merged properties and keywords are written. */
export function withKeywords(located: Located<Schema>, extra: Schema): Located<Schema> {
  const node: Schema = { ...located.node, ...extra };
  for (const key in extra) if (extra[key] === undefined) delete node[key];
  for (const key of [PROPERTY_POINTERS, KEYWORD_POINTERS]) {
    const known = (located.node as any)[key];
    if (known !== undefined) Object.defineProperty(node, key, { value: known, enumerable: false });
  }
  return { ...located, node };
}

export function isSchemaObject(s: unknown): s is Schema {
  return s !== null && typeof s === 'object' && !Array.isArray(s);
}

/**
 * Whether a schema writes any of `keys` (with a value). Its own few keys are looked up in the set: reading a list of
 * keywords by name from every schema of a pair, most of which write none, was the slowest kind of read in code V8 has
 * not optimised yet, as a one-off diff runs (ten times slower than this on Box's schemas).
 */
export function hasAnyKey(schema: Record<string, unknown>, keys: ReadonlySet<string>): boolean {
  for (const key in schema) if (keys.has(key) && schema[key] !== undefined) return true;
  return false;
}
