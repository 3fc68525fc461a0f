// Keywords of JSON Schema 2020 written so that they assert nothing, which adding or dropping therefore cannot change:
// the schema-keywords family judges presence through here, so a no-op written out is read as left out.
import { PROPERTY_POINTERS } from '../schema/dialect.js';
import { admitsAll, isInertContains } from '../schema/subschemas.js';

/** Subschemas that constrain nothing when written `true`: `unevaluatedProperties: true` is as if not written. */
const TRUE_IS_ABSENT = new Set(['then', 'else', 'propertyNames', 'unevaluatedItems', 'unevaluatedProperties', 'contentSchema']);

/**
 * An `if` with neither `then` nor `else`, or a `then`/`else` with no `if`, asserts nothing (JSON Schema 2020-12 Core
 * 10.2.2): written or dropped alone it changes no value's validity.
 */
export function isInert(node: Record<string, unknown>, keyword: string): boolean {
  if (keyword === 'if') return node.then === undefined && node.else === undefined;
  // additionalProperties evaluates every property properties and patternProperties leave (Core 10.3.2.3), items every
  // item prefixItems leaves (10.3.1.2): nothing is left for the unevaluated keyword beside them (11.2, 11.3).
  if (keyword === 'unevaluatedProperties') return node.additionalProperties !== undefined;
  if (keyword === 'unevaluatedItems') return node.items !== undefined;
  return (keyword === 'then' || keyword === 'else') && node.if === undefined;
}

/**
 * Whether `keyword` is written in `node` so as to constrain something. `propertyNames: {}` admits every name as `true`
 * does (the values it would walk are names, so `{}` is not compared as a schema). A `contains` that any array meets is
 * absent where the other version has none; where both have one, its bounds say what changed (minContains 1 -> 0).
 */
export function isWritten(node: Record<string, unknown>, other: Record<string, unknown>, keyword: string): boolean {
  const v = node[keyword];
  if (v === undefined || (v === true && TRUE_IS_ABSENT.has(keyword))) return false;
  if (keyword === 'propertyNames') return !admitsAll(v);
  return !(keyword === 'contains' && isInertContains(node) && other.contains === undefined);
}

/** In-place applicators whose evaluated properties `unevaluatedProperties` does not see again (Core 11.3). */
const APPLICATORS = ['allOf', 'anyOf', 'oneOf', 'if', 'then', 'else', 'dependentSchemas', '$ref', '$dynamicRef'];

/** Every keyword these answers read: a family judging through them reads these too (schema/own-keywords.ts). */
export const INERT_READS = [...TRUE_IS_ABSENT, 'if', 'additionalProperties', 'items', 'contains', 'minContains', ...APPLICATORS];

/**
 * Whether an object refuses every name its own properties and patternProperties do not declare: with
 * `additionalProperties: false`, or with `unevaluatedProperties: false` where no applicator evaluates others (the same
 * names; a schema whose allOf the walk merged had one). Both versions closed so, a trade of one keyword for the other
 * admits the same values.
 */
export function isClosed(node: Record<string, unknown>): boolean {
  if (node.additionalProperties === false) return true;
  if (node.unevaluatedProperties !== false || node.additionalProperties !== undefined || PROPERTY_POINTERS in node) return false;
  return !APPLICATORS.some((k) => node[k] !== undefined);
}
