// A schema no value satisfies: JSON Schema asks `oneOf`, `anyOf` and `allOf` for a non-empty list (2020-12 Core
// 10.2.1), and an empty one matches nothing; `allOf` parts whose types share none (merged into `type: []` by
// keyword-merge.ts) do the same, as do a `type` and alternatives that name none of its types (type-list.ts). Read as
// "any" it would hide that every value sent or returned there is now invalid. So does an array type whose `contains`
// no array with room for no item can meet.
import { readTypes, type Schema } from './dialect.js';
import { sharesNoType } from './type-list.js';

const APPLICATORS = ['oneOf', 'anyOf', 'allOf'] as const;

/** Why no value satisfies `schema`, in words for a message; undefined where some value may. */
export function admitsNothing(schema: Schema): string | undefined {
  // Indexed: asked of every pair compared, and a for...of allocates a result per step in code V8 has not optimised.
  for (let i = 0; i < APPLICATORS.length; i++) {
    const list = schema[APPLICATORS[i]];
    if (Array.isArray(list) && list.length === 0) return `its ${APPLICATORS[i]} lists no alternative`;
  }
  if (Array.isArray(schema.type) && schema.type.length === 0) return 'its allOf parts share no type';
  if (sharesNoType(schema)) return 'its `type` and its oneOf/anyOf alternatives share no type';
  if (schema.contains !== undefined && containsRefusesEvery(schema)) return NO_ARRAY_CONTAINS;
  return undefined;
}

const NO_ARRAY_CONTAINS = 'maxItems 0 leaves only the empty array, and its `contains` wants at least one item';

/**
 * An array with no room for an item whose `contains` asks for one (2020-12 Validation 6.4.5: minContains is 1 unless
 * written): no array passes, and where only arrays pass the type, nothing does.
 */
function containsRefusesEvery(schema: Schema): boolean {
  if (schema.minContains === 0 || !(schema.maxItems === 0 || (schema.items === false && schema.prefixItems === undefined))) return false;
  const { types, nullable } = readTypes(schema);
  return !nullable && types.length === 1 && types[0] === 'array';
}
