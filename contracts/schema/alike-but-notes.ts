// Two schemas that differ only where no rule reads (a note reworded, keys reordered, a component renamed with its
// content kept) find nothing in the pair walk: telling so before it descends spares it most of a large diff's pairs.
import { SAME, writtenAlike } from './written-alike.js';

/** Keywords that only document a schema: no rule reads what they say. */
const NOTES: ReadonlySet<string> = new Set(['title', 'description', 'example', 'examples', '$comment', 'externalDocs']);

/**
 * Whether two schemas are written alike but for their notes: the same keys in any order (no rule reads a schema's key
 * order; Box's revision reorders nearly every property's), values written alike,
 * except a note's and, below `properties`, `items`, `additionalProperties` and the composition lists, subschemas alike
 * but for theirs. Elsewhere a key named `description` is data (a property's name, an `enum` value's key).
 */
export function alikeButNotes(b: unknown, r: unknown, renamed: string[], member = false): boolean {
  if (!isPlainObject(b) || !isPlainObject(r)) return false;
  const bk = Object.keys(b);
  if (bk.length !== keyCount(r)) return false;
  for (let i = 0; i < bk.length; i++) {
    const key = bk[i];
    if (!hasOwn.call(r, key)) return false;
    if (NOTES.has(key)) continue;
    const bv = b[key];
    const rv = r[key];
    if (bv === rv) continue;
    // A composition list's member names its alternative: one renamed is reported removed and added (schema-composition).
    if (key === '$ref' && !member && isPointer(bv) && isPointer(rv)) {
      renamed.push(bv, rv);
      continue;
    }
    if (key === 'properties') {
      if (!schemasAlikeButNotes(bv, rv, false, renamed)) return false;
    } else if (key === 'allOf' || key === 'oneOf' || key === 'anyOf') {
      if (!schemasAlikeButNotes(bv, rv, true, renamed)) return false;
    } else if (key === 'items' || key === 'additionalProperties') {
      if (writtenAlike(bv, rv) !== SAME && !alikeButNotes(bv, rv, renamed)) return false;
    } else if (writtenAlike(bv, rv) !== SAME) return false;
  }
  return true;
}

const hasOwn = Object.prototype.hasOwnProperty;

/** A map of subschemas by name (in any order), or a list of them (in the same order), alike but for notes. */
function schemasAlikeButNotes(b: unknown, r: unknown, list: boolean, renamed: string[]): boolean {
  if (Array.isArray(b) !== list || Array.isArray(r) !== list || !(list || (isPlainObject(b) && isPlainObject(r)))) return false;
  const bo = b as Record<string, unknown>;
  const ro = r as Record<string, unknown>;
  const bk = Object.keys(bo);
  if (bk.length !== keyCount(ro)) return false;
  for (let i = 0; i < bk.length; i++) {
    if (!hasOwn.call(ro, bk[i])) return false;
    const bv = bo[bk[i]];
    const rv = ro[bk[i]];
    if (bv !== rv && writtenAlike(bv, rv) !== SAME && !alikeButNotes(bv, rv, renamed, list)) return false;
  }
  return true;
}

// Counted, not listed: the revision's list of keys was only ever asked its length.
function keyCount(o: object): number {
  let n = 0;
  for (const _ in o) n++;
  return n;
}

function isPointer(v: unknown): v is string {
  return typeof v === 'string' && v.startsWith('#/');
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && typeof (v as { toJSON?: unknown }).toJSON !== 'function';
}
