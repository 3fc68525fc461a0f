// The JSON Schema 2020 keywords whose subschemas the pair walk (walk.ts) compares, and what each one describes.

/**
 * Subschemas that describe the same value (`''`), its items (`[]`) or its map values (`*`).
 * `not` is left out (what it says means the opposite), and so is `propertyNames` (it describes
 * names, not values): rules/schema-keywords.ts judges their presence.
 */
export const SINGLE_SUBSCHEMAS: [keyword: string, field: string][] = [
  ['if', ''],
  ['then', ''],
  ['else', ''],
  ['contentSchema', ''],
  ['contains', '[]'],
  ['unevaluatedItems', '[]'],
  ['unevaluatedProperties', '*'],
];
export const KEYED_SUBSCHEMAS: [keyword: string, field: string][] = [
  ['patternProperties', '*'],
  ['dependentSchemas', ''],
];
