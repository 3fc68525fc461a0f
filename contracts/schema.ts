// Reading JSON Schema the same way across OpenAPI 3.0 (`nullable`) and 3.1 (`type: [.., "null"]`),
// and flattening `allOf` so that moving properties into a composed schema is no change.
import { joinPointer } from './pointer.js';
import type { Located, Resolver } from './resolve.js';

export type Schema = Record<string, any>;

export interface SchemaTypes {
  /** Non-null types; empty means any type. */
  types: string[];
  nullable: boolean;
}

export function readTypes(schema: Schema): SchemaTypes {
  const raw = schema.type;
  const list: string[] = Array.isArray(raw) ? raw.filter((t) => typeof t === 'string') : typeof raw === 'string' ? [raw] : [];
  const nullable = schema.nullable === true || list.includes('null') || (Array.isArray(schema.enum) && schema.enum.includes(null) && list.length === 0);
  return { types: list.filter((t) => t !== 'null').sort(), nullable };
}

/** Whether every value of type `from` is also a value of one of `to` (integer fits in number). */
export function typeCovered(from: string, to: string[]): boolean {
  return to.length === 0 || to.includes(from) || (from === 'integer' && to.includes('number'));
}

export function isObjectLike(schema: Schema): boolean {
  return schema.properties !== undefined || readTypes(schema).types.includes('object');
}

/** The schema's `allOf` merged into one: properties and required unioned, other keywords kept from the first that sets them. */
export function flattenAllOf(located: Located<Schema>, resolver: Resolver, cache: WeakMap<object, Located<Schema>>): Located<Schema> {
  const schema = located.node;
  if (!Array.isArray(schema.allOf) || schema.allOf.length === 0) return located;
  const hit = cache.get(schema);
  if (hit) return hit;
  const merged: Schema = { ...schema };
  delete merged.allOf;
  const properties: Record<string, unknown> = {};
  const propertyPointers: Record<string, string> = {};
  const required = new Set<string>(Array.isArray(schema.required) ? schema.required : []);
  const seen = new Set<object>([schema]);
  const visit = (part: Located<Schema>) => {
    if (seen.has(part.node)) return;
    seen.add(part.node);
    const s = part.node;
    for (const [name, value] of Object.entries(s.properties ?? {})) {
      properties[name] = value;
      propertyPointers[name] = joinPointer(part.pointer, 'properties', name);
    }
    if (Array.isArray(s.required)) for (const r of s.required) required.add(r);
    for (const [k, v] of Object.entries(s)) if (!(k in merged) && k !== 'properties' && k !== 'required' && k !== 'allOf') merged[k] = v;
    if (Array.isArray(s.allOf)) s.allOf.forEach((sub: unknown, i: number) => visit(resolver.follow(sub, joinPointer(part.pointer, 'allOf', i))));
  };
  for (const [name, value] of Object.entries(schema.properties ?? {})) {
    properties[name] = value;
    propertyPointers[name] = joinPointer(located.pointer, 'properties', name);
  }
  schema.allOf.forEach((sub: unknown, i: number) => visit(resolver.follow(sub, joinPointer(located.pointer, 'allOf', i))));
  if (Object.keys(properties).length > 0) merged.properties = properties;
  if (required.size > 0) merged.required = [...required];
  // Where each merged property really lives, so findings point at the line that declares it.
  Object.defineProperty(merged, PROPERTY_POINTERS, { value: propertyPointers, enumerable: false });
  const out = { ...located, node: merged };
  cache.set(schema, out);
  return out;
}

export const PROPERTY_POINTERS = Symbol('propertyPointers');

export function propertyPointer(schema: Located<Schema>, name: string): string {
  const known = (schema.node as any)[PROPERTY_POINTERS] as Record<string, string> | undefined;
  return known?.[name] ?? joinPointer(schema.pointer, 'properties', name);
}

/** Joins a field path the way manifests write it: `a.b`, `items[]`, `items[].sku`. */
export function joinField(prefix: string, name: string): string {
  if (name === '[]') return prefix + '[]';
  return prefix === '' ? name : `${prefix}.${name}`;
}
