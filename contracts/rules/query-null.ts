// Null on a query or cookie parameter is the parameter left out: their styles expand by RFC 6570, which treats null as
// undefined and skips an undefined member of a list or an object. So wherever the schema says null is valid (on itself,
// through a `$ref`, as a null-only `oneOf`/`anyOf` alternative, for the items of an array or the properties of an
// object), that is taken away before the comparison.
import type { Resolver } from '../schema/resolve.js';

/** How many `$ref`s are followed from one place: a chain is short in practice, and a loop must end. */
const MAX_HOPS = 16;

/** Keywords that say nothing about which values are valid: a schema of only these beside its alternatives is that choice. */
const ANNOTATIONS = new Set(['title', 'description', 'example', 'examples', 'deprecated', '$comment', 'externalDocs', 'xml']);

/** A copy of a parameter's schema that does not say null is valid, for the comparison only; the schema itself when it does not. */
export function withoutNullOnWire(schema: Record<string, any>, resolver: Resolver): Record<string, any> {
  const top = withoutNullHere(schema, resolver);
  const items = isSchema(top.items) ? withoutNullHere(top.items, resolver) : top.items;
  const properties = withoutNullMembers(top.properties, resolver);
  if (items === top.items && properties === top.properties) return top;
  // Only the keys written: a key set to undefined would read as written to a walk that asks `in`.
  return { ...top, ...(items === top.items ? {} : { items }), ...(properties === top.properties ? {} : { properties }) };
}

/** The properties of an object parameter, each without null: a member whose value is undefined is skipped too. */
function withoutNullMembers(properties: unknown, resolver: Resolver): unknown {
  if (!isSchema(properties)) return properties;
  let changed = false;
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(properties)) {
    out[name] = isSchema(value) ? withoutNullHere(value, resolver) : value;
    changed ||= out[name] !== value;
  }
  return changed ? out : properties;
}

/** One schema, not its items: through a `$ref` that leads to null, then its null-only alternatives, then its own null. */
function withoutNullHere(schema: Record<string, any>, resolver: Resolver): Record<string, any> {
  const target = followRefs(schema, resolver);
  const start = target !== schema && admitsNull(target, resolver) ? target : schema;
  return withoutOwnNull(withoutNullAlternatives(start, resolver));
}

/** The schema a bare `$ref` chain ends at; the schema itself when it is no bare `$ref`, or the chain names nothing. */
function followRefs(schema: Record<string, any>, resolver: Resolver): Record<string, any> {
  let at = schema;
  for (let hop = 0; hop < MAX_HOPS && onlyRef(at, resolver); hop++) {
    const next = resolver.target(resolver.refOf(at)!);
    if (!isSchema(next)) return schema;
    at = next;
  }
  return at;
}

/** A `$ref` with nothing beside it but annotations: what it names is the whole schema. */
function onlyRef(schema: Record<string, any>, resolver: Resolver): boolean {
  return resolver.refOf(schema) !== undefined && Object.keys(schema).every((k) => k === '$ref' || ANNOTATIONS.has(k));
}

function admitsNull(schema: Record<string, any>, resolver: Resolver): boolean {
  return ownNull(schema) || alternativesOf(schema).some(({ list }) => list.some((alt) => onlyNull(alt, resolver)));
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
function withoutNullAlternatives(schema: Record<string, any>, resolver: Resolver): Record<string, any> {
  let out = schema;
  for (const { key, list } of alternativesOf(schema)) {
    const kept = list.filter((alt) => !onlyNull(alt, resolver));
    // Only null left: the parameter is always left out, and there is nothing else to compare it by.
    if (kept.length === list.length || kept.length === 0) continue;
    out = { ...out, [key]: kept };
  }
  if (out === schema) return schema;
  const rest = Object.keys(out).filter((k) => !ANNOTATIONS.has(k));
  const [single] = alternativesOf(out);
  if (rest.length === 1 && single && single.list.length === 1 && isSchema(single.list[0])) return single.list[0];
  return out;
}

/** Whether a schema (through its `$ref`s) admits null and nothing else: `type: null`, `const: null`, `enum: [null]`. */
function onlyNull(alt: unknown, resolver: Resolver): boolean {
  if (!isSchema(alt)) return false;
  const s = followRefs(alt, resolver);
  const types = Array.isArray(s.type) ? s.type : [s.type];
  if (s.type !== undefined && types.every((t) => t === 'null')) return true;
  if ('const' in s && s.const === null) return true;
  return Array.isArray(s.enum) && s.enum.length > 0 && s.enum.every((v: unknown) => v === null);
}

function isSchema(value: unknown): value is Record<string, any> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
