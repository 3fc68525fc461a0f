// The JSON Schema 2020 keywords whose subschemas the pair walk (walk.ts) compares, and what each one describes.

/** The type of value a keyword's subschema applies to (schema/inert-subtree.ts); undefined: every value. */
type SubschemaTarget = 'object' | 'array' | 'string' | undefined;

/**
 * Subschemas that describe the same value (`''`), its items (`[]`) or its map values (`*`).
 * `not` is left out (what it says means the opposite), and so is `propertyNames` (it describes
 * names, not values): rules/schema-keywords.ts judges their presence. So is `if`: it constrains
 * nothing, it picks which values `then` or `else` bind, so narrowing it may widen what is valid;
 * rules/schema-keywords.ts judges it changed, with no direction.
 */
export const SINGLE_SUBSCHEMAS: [keyword: string, field: string, target: SubschemaTarget][] = [
  ['then', '', undefined],
  ['else', '', undefined],
  ['contentSchema', '', 'string'],
  ['contains', '[]', 'array'],
  ['unevaluatedItems', '[]', 'array'],
  ['unevaluatedProperties', '*', 'object'],
];
/** `dependencies` is dependentSchemas' older spelling (draft 4, OpenAPI 3.0): its entries that are names lists, not schemas, are passed over. */
export const KEYED_SUBSCHEMAS: [keyword: string, field: string, target: SubschemaTarget][] = [
  ['patternProperties', '*', 'object'],
  ['dependentSchemas', '', 'object'],
  ['dependencies', '', 'object'],
];

/** Both lists' keywords: a pair whose base writes none of them has no subschema of these to pair. */
export const SUBSCHEMA_KEYWORDS: ReadonlySet<string> = new Set([...SINGLE_SUBSCHEMAS, ...KEYED_SUBSCHEMAS].map(([keyword]) => keyword));

/** The "anything" an `additionalProperties` or `items` left out stands for: written nowhere, so never pointed at. */
export const ANY_VALUE = Object.freeze({});

/**
 * Whether `contains` as written asserts nothing: with `minContains: 0` and no `maxContains` (or `maxItems: 0`, leaving
 * only the empty array, which matches it no times), an array is valid whatever its items (JSON Schema 2020-12
 * Validation 6.4.5), so its subschema is neither walked nor judged present.
 */
export function isInertContains(node: Record<string, unknown>): boolean {
  return node.minContains === 0 && (node.maxContains === undefined || node.maxItems === 0);
}

/** A subschema written to admit everything: `true` or `{}`. */
export function admitsAll(value: unknown): boolean {
  return value === true || (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0);
}

/**
 * `additionalProperties` as the schema of an object's undeclared values: left out or `true` where the other version
 * writes a schema, it admits any value there, so the schema written is compared with "anything" (a type given to the
 * values narrows them) instead of being passed over. A schema whose `type` admits no object has no values to free: its
 * type change says what changed (and there is no `additionalProperties` in it to point at).
 */
export function mapValuesOf(node: Record<string, unknown>, other: Record<string, unknown>): unknown {
  const own = node.additionalProperties;
  if ((own !== undefined && own !== true) || !admitsType(node.type, 'object')) return own;
  const theirs = other.additionalProperties;
  return theirs !== null && typeof theirs === 'object' && !Array.isArray(theirs) ? ANY_VALUE : own;
}

/**
 * `items` in 3.1 (2020-12): left out or `true` where the other version writes a schema, it admits any item (past any
 * `prefixItems` entries), so the schema written is compared with "anything", as `additionalProperties` is. Not before
 * 3.1: 3.0 and 2.0 require `items` on an array schema, so one without says nothing a reader can rely on. A schema
 * whose `type` admits no array has no items to free: its type change says what changed.
 */
export function itemsOf(node: Record<string, unknown>, other: Record<string, unknown>, absentIsAny: boolean): unknown {
  const own = node.items;
  if (!absentIsAny || (own !== undefined && own !== true) || !admitsType(node.type, 'array')) return own;
  const theirs = other.items;
  return theirs !== null && typeof theirs === 'object' && !Array.isArray(theirs) ? ANY_VALUE : own;
}

function admitsType(type: unknown, name: string): boolean {
  return type === undefined || type === name || (Array.isArray(type) && type.includes(name));
}
