// Telling, before the schema checks run on a pair the walk fills, that nothing they read differs: most pairs are filled
// only for a change below them (a property's schema, a component one of them names), and their own keywords are alike.
import type { Schema } from './dialect.js';

/** Keywords that only document a schema: no rule reads what they say (as in alike-but-notes.ts). */
const NOTES: ReadonlySet<string> = new Set(['title', 'description', 'example', 'examples', '$comment', 'externalDocs']);

/**
 * Whether two schemas (both followed and flattened) say the same in every keyword a schema check reads: the same keys
 * but for notes, every value but `properties` the same (keys in any order, which no rule reads), and `properties`
 * naming the same properties, whose schemas are the walk's to compare, each as its own pair. Neither may hold a
 * reference or a discriminator outside `properties`: a check may follow it (a `oneOf` member's types, a `not` written
 * out whole, a mapping's implied values) and find a change in what it names, which these values alone do not show.
 */
export function ownKeywordsAlike(b: Schema, r: Schema): boolean {
  let count = 0;
  for (const key in b) {
    if (NOTES.has(key)) continue;
    if (key === '$ref' || key === '$dynamicRef' || key === 'discriminator' || !Object.hasOwn(r, key)) return false;
    count++;
    if (key === 'properties' ? !sameNames(b[key], r[key]) : !sameValue(b[key], r[key])) return false;
  }
  for (const key in r) if (!NOTES.has(key)) count--;
  return count === 0;
}

function sameNames(b: unknown, r: unknown): boolean {
  if (!isPlain(b) || !isPlain(r)) return sameValue(b, r);
  let count = 0;
  for (const name in b) {
    if (!Object.hasOwn(r, name)) return false;
    count++;
  }
  for (const _ in r) count--;
  return count === 0;
}

/** Values alike by content, refusing what a check could follow elsewhere or JSON would write otherwise (toJSON, undefined). */
function sameValue(b: unknown, r: unknown): boolean {
  if (b === null || r === null || typeof b !== 'object' || typeof r !== 'object') return b === r && b !== undefined && typeof b !== 'function';
  if (Array.isArray(b)) {
    if (!Array.isArray(r) || b.length !== r.length) return false;
    for (let i = 0; i < b.length; i++) if (!sameValue(b[i], r[i])) return false;
    return true;
  }
  if (!isPlain(b) || !isPlain(r)) return false;
  let count = 0;
  for (const key in b) {
    if (key === '$ref' || key === '$dynamicRef' || key === 'discriminator' || !Object.hasOwn(r, key) || !sameValue(b[key], r[key])) return false;
    count++;
  }
  for (const _ in r) count--;
  return count === 0;
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && typeof (v as { toJSON?: unknown }).toJSON !== 'function';
}
