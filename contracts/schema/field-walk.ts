// Following a manifest field path (`items[].sku`) down one schema: through `$ref`, `allOf`,
// `oneOf`/`anyOf` branches, array items and map values, the way a reader or sender sees the value.

import { type AllOfCache, describedTypes, flattenAllOf, type Schema } from './dialect.js';
import { splitField } from './field-path.js';
import type { Direction } from './pairs.js';
import { joinPointer } from './pointer.js';
import type { Located, Resolver } from './resolve.js';
import { flagsOf, isVisible } from './schema-flags.js';

// Indexed loops over it: a for...of allocates a result per step in code V8 has not optimised, and this runs per schema.
const ALTERNATIVES = ['oneOf', 'anyOf'] as const;

/** `declared`: the schema names the field; `open`: it does not, but leaves room for it; `missing`: it has no place for it. */
export type FieldPresence = 'declared' | 'open' | 'missing';

export interface SchemaContext {
  resolver: Resolver;
  direction: Direction;
  flat: AllOfCache;
}

export function createSchemaContext(resolver: Resolver, direction: Direction): SchemaContext {
  return { resolver, direction, flat: new WeakMap() };
}

/** Whether `field` has a place in the value `schema` describes. */
export function findField(schema: Located<Schema>, field: string, ctx: SchemaContext): FieldPresence {
  let frontier = expandBranches([schema], ctx);
  let open = false;
  for (const segment of splitField(field)) {
    const next: Located<Schema>[] = [];
    for (const node of frontier) {
      const child = stepInto(node, segment, ctx);
      if (child) next.push(child);
      else open ||= leavesRoomFor(node.node, segment);
    }
    if (next.length === 0) return open ? 'open' : 'missing';
    frontier = expandBranches(next, ctx);
  }
  return 'declared';
}

/**
 * The properties required of the object at `segments` (root: `[]`), reached without choosing a
 * `oneOf`/`anyOf` branch: which branch a sender fills is its choice, so branches require nothing here.
 */
export function requiredAt(schema: Located<Schema>, segments: string[], ctx: SchemaContext): string[] {
  let node = prepare(schema, ctx);
  for (const segment of segments) {
    const child = stepInto(node, segment, ctx);
    if (!child) return [];
    node = prepare(child, ctx);
  }
  const { properties, required } = node.node;
  const names: unknown[] = Array.isArray(required) ? required : [];
  // A readOnly property is required of responses only (writeOnly: of requests only).
  return names.filter(
    (name): name is string =>
      typeof name === 'string' && (!isSchema(properties?.[name]) || isVisibleAt(properties[name], joinPointer(node.pointer, 'properties', name), ctx)),
  );
}

/** One named step down from a schema: a visible property, or `[]` for array items (map values have no name to list). */
interface FieldStep {
  segment: string;
  /** The child as written, before its `$ref` is followed: OpenAPI 3.1 allows keywords such as `deprecated` beside a `$ref`. */
  at: Located<Schema>;
}

/** Every named step down from a schema, the way `findField` takes them. */
export function listSteps(schema: Located<Schema>, ctx: SchemaContext): FieldStep[] {
  const node = prepare(schema, ctx);
  const names = ['[]', ...Object.keys(node.node.properties ?? {})];
  return names.flatMap((segment) => {
    const at = stepInto(node, segment, ctx);
    return at && at.node !== node.node.additionalProperties ? [{ segment, at }] : [];
  });
}

/** The schema one segment down: a visible property, the items for `[]`, or the map values for any name. */
function stepInto(node: Located<Schema>, segment: string, ctx: SchemaContext): Located<Schema> | undefined {
  const s = node.node;
  if (segment === '[]') return isSchema(s.items) ? { node: s.items, pointer: joinPointer(node.pointer, 'items') } : undefined;
  const property = s.properties?.[segment];
  if (isSchema(property)) {
    const pointer = joinPointer(node.pointer, 'properties', segment);
    if (isVisibleAt(property, pointer, ctx)) return { node: property, pointer };
  }
  if (isSchema(s.additionalProperties)) return { node: s.additionalProperties, pointer: joinPointer(node.pointer, 'additionalProperties') };
  return undefined;
}

/** An unstructured value (`{}`, `type: object` with no properties, `additionalProperties: true`) forbids no field. */
function leavesRoomFor(s: Schema, segment: string): boolean {
  if (Array.isArray(s.oneOf) || Array.isArray(s.anyOf)) return false;
  const types = describedTypes(s);
  if (segment === '[]') return s.items === undefined && (types.length === 0 || types.includes('array'));
  if (s.additionalProperties === true) return true;
  const declaresNothing = s.properties === undefined && s.additionalProperties === undefined && s.items === undefined;
  return declaresNothing && (types.length === 0 || types.includes('object'));
}

/** A readOnly property is no part of a request, a writeOnly one no part of a response (schema-flags.ts reads them). */
function isVisibleAt(raw: unknown, pointer: string, ctx: SchemaContext): boolean {
  return isSchema(raw) && isVisible(flagsOf(raw, pointer, ctx.resolver), ctx.direction);
}

/** The schema with `$ref`s followed and `allOf` merged. */
function prepare(located: Located<Schema>, ctx: SchemaContext): Located<Schema> {
  const followed = ctx.resolver.followSchema<Schema>(located.node, located.pointer);
  const node = isSchema(followed.node) ? followed : { ...followed, node: {} };
  return flattenAllOf(node, ctx.resolver, ctx.flat);
}

/** The schemas themselves and every `oneOf`/`anyOf` branch below them: each describes the same value. */
export function expandBranches(nodes: Located<Schema>[], ctx: SchemaContext): Located<Schema>[] {
  const out: Located<Schema>[] = [];
  const seen = new Set<object>();
  const stack = nodes.map((n) => prepare(n, ctx));
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (seen.has(n.node)) continue;
    seen.add(n.node);
    out.push(n);
    for (let at = 0; at < ALTERNATIVES.length; at++) {
      const keyword = ALTERNATIVES[at];
      const branches: unknown[] = Array.isArray(n.node[keyword]) ? n.node[keyword] : [];
      branches.forEach((b, i) => isSchema(b) && stack.push(prepare({ node: b, pointer: joinPointer(n.pointer, keyword, i) }, ctx)));
    }
  }
  return out;
}

function isSchema(value: unknown): value is Schema {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
